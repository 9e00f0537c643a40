// Volume XML both ways: built from a typed spec (what vol-create reads) and
// parsed back into the same spec (from what we built, or from vol-dumpxml).
// virsh's own vol-create-as pastes the name into XML unescaped (libvirt 9.0: a
// name with '&' fails with "xmlParseEntityRef: no name"), so Spindle writes
// the XML itself. Golden files: testdata/volume-xml.
import { validateName } from '../../../../shared/core/validation.ts';
import { attr, bytesOf, child, childText, parseXml, xmlEscape } from '../xml.ts';

export interface VolumeSpec {
  name: string;
  capacityBytes: number;
  /** Default raw. */
  format?: 'raw' | 'qcow2' | (string & {});
  /** Bytes allocated at creation (0, the default: sparse). */
  allocationBytes?: number;
  backing?: { path: string; format: string };
  /** LUKS encryption with the passphrase held by this libvirt secret. */
  encryptionSecretUuid?: string;
}

/** A private, persistent libvirt secret for one volume's LUKS passphrase (the value is set separately). */
export function buildVolumeSecretXml(uuid: string, volumePath: string, description: string): string {
  return [
    "<secret ephemeral='no' private='yes'>",
    `  <uuid>${xmlEscape(uuid)}</uuid>`,
    `  <description>${xmlEscape(description)}</description>`,
    "  <usage type='volume'>",
    `    <volume>${xmlEscape(volumePath)}</volume>`,
    '  </usage>',
    '</secret>',
  ].join('\n') + '\n';
}

export function buildVolumeXml(spec: VolumeSpec): string {
  validateName('volume', spec.name);
  if (!Number.isSafeInteger(spec.capacityBytes) || spec.capacityBytes <= 0) throw new RangeError('capacity must be a positive whole number of bytes');
  const lines = [
    '<volume>',
    `  <name>${xmlEscape(spec.name)}</name>`,
    `  <capacity unit='bytes'>${spec.capacityBytes}</capacity>`,
    `  <allocation unit='bytes'>${spec.allocationBytes ?? 0}</allocation>`,
    '  <target>',
    `    <format type='${xmlEscape(spec.format ?? 'raw')}'/>`,
  ];
  if (spec.encryptionSecretUuid) {
    lines.push("    <encryption format='luks'>", `      <secret type='passphrase' uuid='${xmlEscape(spec.encryptionSecretUuid)}'/>`, '    </encryption>');
  }
  lines.push('  </target>');
  if (spec.backing) {
    lines.push('  <backingStore>', `    <path>${xmlEscape(spec.backing.path)}</path>`, `    <format type='${xmlEscape(spec.backing.format)}'/>`, '  </backingStore>');
  }
  lines.push('</volume>');
  return lines.join('\n') + '\n';
}

/**
 * The spec of a <volume> document: ours (parse(build(x)) equals
 * canonicalVolumeSpec(x)) or libvirt's vol-dumpxml (whose key, path,
 * permissions and timestamps are not part of a spec).
 */
export function parseVolumeSpec(xml: string): VolumeSpec {
  const root = child(parseXml(xml), 'volume');
  if (!root) throw new Error('not a <volume> document');
  const target = child(root, 'target');
  const spec: VolumeSpec = { name: childText(root, 'name') ?? '', capacityBytes: bytesOf(child(root, 'capacity')), format: attr(child(target, 'format'), 'type') ?? 'raw' };
  const allocation = bytesOf(child(root, 'allocation'));
  if (allocation > 0) spec.allocationBytes = allocation;
  const bs = child(root, 'backingStore');
  const bpath = childText(bs, 'path');
  if (bpath) spec.backing = { path: bpath, format: attr(child(bs, 'format'), 'type') ?? 'raw' };
  const secret = attr(child(child(target, 'encryption'), 'secret'), 'uuid');
  if (secret) spec.encryptionSecretUuid = secret;
  return spec;
}

/** The spec as parse() gives it back: the format spelled out, a zero allocation left out. */
export function canonicalVolumeSpec(spec: VolumeSpec): VolumeSpec {
  const { allocationBytes, format, ...rest } = spec;
  return { ...rest, format: format ?? 'raw', ...(allocationBytes ? { allocationBytes } : {}) };
}
