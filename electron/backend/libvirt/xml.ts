// One configured XML parser for everything libvirt prints. Values stay strings
// (a UUID or serial must never become a number) and are not trimmed (a name may
// start or end with a space).
import { XMLParser } from 'fast-xml-parser';
import { toBytes } from '../../../shared/core/units.ts';

const ALWAYS_ARRAY = new Set(['disk', 'host', 'volume', 'controller', 'interface']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  textNodeName: '#text',
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ALWAYS_ARRAY.has(name),
});

export type XmlNode = Record<string, unknown>;

export function parseXml(xml: string): XmlNode {
  return parser.parse(xml) as XmlNode;
}

/** Child element (first one if repeated); undefined if absent. */
export function child(node: unknown, name: string): XmlNode | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const v = (node as XmlNode)[name];
  if (Array.isArray(v)) return asNode(v[0]);
  return asNode(v);
}

export function children(node: unknown, name: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  const v = (node as XmlNode)[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => asNode(x) ?? {});
}

function asNode(v: unknown): XmlNode | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return v as XmlNode;
  // <tag>text</tag> parses to a plain string; give it the same shape.
  return { '#text': String(v) };
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.[`@${name}`];
  return v === undefined ? undefined : String(v);
}

export function text(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  const v = node['#text'];
  if (v === undefined) return Object.keys(node).length === 0 ? '' : undefined;
  return String(v);
}

/** Text of a child element: <name>x</name> -> "x". */
export function childText(node: unknown, name: string): string | undefined {
  return text(child(node, name));
}

export function has(node: unknown, name: string): boolean {
  return !!node && typeof node === 'object' && name in (node as XmlNode);
}

/**
 * Text for an XML attribute value or element content: the one escape
 * function for all XML Spindle writes (names and paths can hold & < > " ').
 */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A size element (<capacity unit='bytes'>123</capacity>) in bytes; 0 when absent. */
export function bytesOf(node: XmlNode | undefined): number {
  const t = node?.['#text'];
  return t === undefined ? 0 : toBytes(String(t), attr(node, 'unit') ?? 'bytes');
}
