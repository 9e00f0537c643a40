// Domain XML (virsh dumpxml) -> the Domain and Disk models.
import type { BackingStore, Disk, DiskSource, Domain, DomainState } from '../../../shared/contract/models.ts';
import { toBytes } from '../../../shared/core/units.ts';
import { attr, child, childText, children, has, parseXml, type XmlNode } from './xml.ts';

export interface DomainFacts {
  state: DomainState;
  autostart: boolean;
  persistent: boolean;
}

export function parseDiskSource(type: string, src: XmlNode | undefined): DiskSource {
  const s: DiskSource = { type };
  if (!src) return s;
  const set = (k: keyof DiskSource, a: string): void => {
    const v = attr(src, a);
    if (v !== undefined) (s as Record<string, unknown>)[k] = v;
  };
  set('file', 'file');
  set('dev', 'dev');
  set('dir', 'dir');
  set('pool', 'pool');
  set('volume', 'volume');
  set('protocol', 'protocol');
  set('name', 'name');
  const hosts = children(src, 'host').map((h) => {
    const o: { name?: string; port?: string } = {};
    const n = attr(h, 'name');
    const p = attr(h, 'port');
    if (n !== undefined) o.name = n;
    if (p !== undefined) o.port = p;
    return o;
  });
  if (hosts.length) s.hosts = hosts;
  return s;
}

export function sourceLabel(s: DiskSource): string {
  if (s.file !== undefined) return s.file;
  if (s.dev !== undefined) return s.dev;
  if (s.dir !== undefined) return s.dir;
  if (s.pool !== undefined || s.volume !== undefined) return `${s.pool ?? ''}/${s.volume ?? ''}`;
  if (s.protocol !== undefined) return `${s.protocol}:${s.name ?? ''}`;
  return '';
}

/** Walks nested <backingStore> elements (libvirt writes the chain it knows). */
export function parseBackingChain(node: XmlNode | undefined): BackingStore[] {
  const chain: BackingStore[] = [];
  let cur = child(node, 'backingStore');
  while (cur && Object.keys(cur).some((k) => k !== '#text')) {
    const type = attr(cur, 'type') ?? 'file';
    const src = parseDiskSource(type, child(cur, 'source'));
    const b: BackingStore = { type };
    const fmt = attr(child(cur, 'format'), 'type');
    if (fmt) b.format = fmt;
    const path = sourceLabel(src);
    if (path) b.path = path;
    chain.push(b);
    cur = child(cur, 'backingStore');
  }
  return chain;
}

export function parseDisk(d: XmlNode): Disk {
  const type = attr(d, 'type') ?? 'file';
  const driver = child(d, 'driver');
  const target = child(d, 'target');
  const source = parseDiskSource(type, child(d, 'source'));
  const disk: Disk = {
    target: attr(target, 'dev') ?? '',
    device: attr(d, 'device') ?? 'disk',
    source,
    sourceLabel: sourceLabel(source),
    readonly: has(d, 'readonly'),
    shareable: has(d, 'shareable'),
    backingChain: parseBackingChain(d),
  };
  const opt = <K extends keyof Disk>(k: K, v: Disk[K] | undefined): void => {
    if (v !== undefined) disk[k] = v;
  };
  opt('bus', attr(target, 'bus'));
  opt('format', attr(driver, 'type'));
  opt('driverName', attr(driver, 'name'));
  opt('cache', attr(driver, 'cache'));
  opt('io', attr(driver, 'io'));
  opt('discard', attr(driver, 'discard'));
  opt('detectZeroes', attr(driver, 'detect_zeroes'));
  opt('serial', childText(d, 'serial'));
  const boot = attr(child(d, 'boot'), 'order');
  if (boot !== undefined) disk.bootOrder = Number(boot);
  opt('alias', attr(child(d, 'alias'), 'name'));
  return disk;
}

function kib(node: XmlNode | undefined): number | undefined {
  const t = node?.['#text'];
  if (t === undefined) return undefined;
  return toBytes(String(t), attr(node, 'unit') ?? 'KiB') / 1024;
}

/**
 * Keeps only what the inventory reads (the top-level facts and the <disk>
 * elements) before parsing: a full domain document has dozens of devices and
 * parsing it whole costs three times as much. <metadata> goes first, since
 * other tools may put anything in it.
 */
export function slimDomainXml(xml: string): string {
  const devStart = xml.indexOf('<devices>');
  const devEnd = xml.lastIndexOf('</devices>');
  if (devStart < 0 || devEnd < devStart) return xml;
  let head = xml.slice(0, devStart);
  const mStart = head.indexOf('<metadata>');
  const mEnd = head.lastIndexOf('</metadata>');
  if (mStart >= 0 && mEnd > mStart) head = head.slice(0, mStart) + head.slice(mEnd + '</metadata>'.length);
  const disks = xml.slice(devStart, devEnd).match(/<disk[\s>][\s\S]*?<\/disk>/g) ?? [];
  return `${head}<devices>${disks.join('')}</devices></domain>`;
}

export function parseDomainXml(xml: string, facts: DomainFacts): Domain {
  const root = child(parseXml(slimDomainXml(xml)), 'domain');
  if (!root) throw new Error('not a <domain> document');
  const id = attr(root, 'id');
  const vcpuText = childText(root, 'vcpu');
  const dom: Domain = {
    name: childText(root, 'name') ?? '',
    uuid: childText(root, 'uuid') ?? '',
    state: facts.state,
    vcpus: vcpuText ? Number(vcpuText) : 0,
    memoryKiB: kib(child(root, 'memory')) ?? 0,
    autostart: facts.autostart,
    persistent: facts.persistent,
    disks: children(child(root, 'devices'), 'disk').map(parseDisk),
  };
  if (id !== undefined && id !== '-1') dom.id = Number(id);
  const cur = kib(child(root, 'currentMemory'));
  if (cur !== undefined) dom.currentMemoryKiB = cur;
  const t = attr(root, 'type');
  if (t) dom.domainType = t;
  return dom;
}

/** What a disk is, for comparing the live and the saved configuration. */
function diskFingerprint(d: Disk): string {
  return JSON.stringify([d.device, d.bus, d.sourceLabel, d.format, d.cache, d.io, d.discard, d.detectZeroes, d.readonly, d.shareable, d.serial]);
}

/** Disk differences between a running VM's live XML and its persistent XML; undefined when none. */
export function diffDisks(live: Disk[], config: Disk[]): Domain['pendingDisks'] {
  const byTarget = new Map(config.map((d) => [d.target, d]));
  const liveTargets = new Set(live.map((d) => d.target));
  const liveOnly = live.filter((d) => !byTarget.has(d.target)).map((d) => d.target);
  const configOnly = config.filter((d) => !liveTargets.has(d.target)).map((d) => d.target);
  const changed = live.filter((d) => byTarget.has(d.target) && diskFingerprint(d) !== diskFingerprint(byTarget.get(d.target) as Disk)).map((d) => d.target);
  return liveOnly.length || configOnly.length || changed.length ? { liveOnly, configOnly, changed } : undefined;
}
