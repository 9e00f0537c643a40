// <disk> XML both ways: built from a typed spec (validated before libvirt
// sees it) and parsed back into the same spec, from what we built or from a
// domain's dumpxml; golden-tested (testdata/disk-xml). Rules learnt from
// virt-manager and libvirt: "default" choices are omitted rather than written
// (cache='default' is invalid on block disks), detect_zeroes=unmap needs
// discard=unmap, io=native needs the host page cache bypassed.
import { SpindleError, type ErrorCode } from '../../../../shared/core/errors.ts';
import type { MessageKey, MsgParam } from '../../../../shared/core/messages.ts';
import { busFitsDevice, DISK_BUSES, DISK_DEVICES, type DiskBus, type DiskDevice } from '../../../../shared/core/domain-rules.ts';
import { DISK_CACHES, DISK_DETECT_ZEROES, DISK_DISCARDS, DISK_IOS, IMAGE_FORMATS, type AttachField } from '../../../../shared/contract/features/disks.ts';
import { attr, child, childText, children, has, parseXml, xmlEscape, type XmlNode } from '../xml.ts';

export type { DiskBus, DiskDevice };

export type DiskSourceSpec =
  | { type: 'file'; path: string }
  | { type: 'block'; dev: string }
  | { type: 'volume'; pool: string; volume: string }
  /** QEMU reaches the storage itself (librbd, libiscsi): how rbd and iscsi-direct pool volumes attach (networkDiskSource). */
  | NetworkDiskSource
  /** An empty CD-ROM drive. */
  | { type: 'empty' };

export const NETWORK_PROTOCOLS = ['rbd', 'iscsi'] as const;

export interface NetworkDiskSource {
  type: 'network';
  protocol: (typeof NETWORK_PROTOCOLS)[number];
  /** rbd: CEPHPOOL/IMAGE; iscsi: TARGET_IQN/LUN. */
  name: string;
  hosts: Array<{ name: string; port?: number }>;
  /** The cephx user or CHAP user, and the libvirt secret (type ceph or iscsi) holding the key or password. */
  auth?: { username: string; secretType: 'ceph' | 'iscsi'; secret: { uuid: string } | { usage: string } };
  /** iscsi: the IQN QEMU's initiator presents. */
  initiatorIqn?: string;
}

export interface DiskSpec {
  source: DiskSourceSpec;
  device: DiskDevice;
  bus: DiskBus;
  target: string;
  format?: (typeof IMAGE_FORMATS)[number];
  cache?: (typeof DISK_CACHES)[number];
  io?: (typeof DISK_IOS)[number];
  discard?: (typeof DISK_DISCARDS)[number];
  detectZeroes?: (typeof DISK_DETECT_ZEROES)[number];
  readonly?: boolean;
  shareable?: boolean;
  serial?: string;
  bootOrder?: number;
  /** LUKS image: the libvirt secret (type passphrase) QEMU opens it with. */
  encryption?: { format: 'luks'; secretUuid: string };
}

const TARGET_PREFIX: Record<DiskBus, string> = { virtio: 'vd', scsi: 'sd', sata: 'sd', usb: 'sd', ide: 'hd', nvme: 'nvme' };

function invalid(key: MessageKey, field: AttachField, params?: Record<string, MsgParam>, code: ErrorCode = 'INVALID_ARGUMENT'): SpindleError {
  return SpindleError.of(code, key, params, field);
}

/** Checks the combination of options; returns the spec unchanged or throws with the reason and the fix. */
export function validateDiskSpec(spec: DiskSpec): DiskSpec {
  const { bus, device, source } = spec;
  if (!targetMatchesBus(spec.target, bus)) throw invalid('disks.xml.targetBus', 'target', { target: spec.target, bus, example: exampleTarget(bus) });
  if (device === 'lun' && (source.type !== 'block' || !busFitsDevice(bus, device))) throw invalid('disks.xml.lunNeedsBlock', 'device');
  if (source.type === 'empty' && device !== 'cdrom') throw invalid('disks.xml.emptyNotCdrom', 'source');
  if (!busFitsDevice(bus, device)) throw invalid('disks.xml.cdromBus', 'bus', { bus });
  if (spec.detectZeroes === 'unmap' && spec.discard !== 'unmap') throw invalid('disks.xml.detectZeroesUnmap', 'detectZeroes');
  if (spec.io === 'native' && spec.cache !== 'none' && spec.cache !== 'directsync') throw invalid('disks.xml.ioNative', 'io');
  if (spec.serial !== undefined && !/^[A-Za-z0-9_ .+-]{1,36}$/.test(spec.serial)) throw invalid('disks.xml.serial', 'serial', { serial: JSON.stringify(spec.serial) });
  if ((source.type === 'file' || source.type === 'block' || source.type === 'network') && !spec.format) {
    // libvirt would assume raw, and a qcow2 image read as raw exposes its
    // metadata to the guest: the format is always explicit.
    throw invalid('disks.xml.noFormat', 'format');
  }
  if (spec.bootOrder !== undefined && (!Number.isInteger(spec.bootOrder) || spec.bootOrder < 1 || spec.bootOrder > 999)) throw invalid('disks.xml.bootOrder', 'bootOrder', { order: spec.bootOrder });
  if (spec.readonly && device === 'disk' && (bus === 'sata' || bus === 'ide')) {
    // libvirt 9.0: "unsupported configuration: readonly sata disks are not supported".
    throw invalid('disks.xml.readonlyBus', 'bus', { bus });
  }
  if (spec.shareable && spec.format !== 'raw') {
    // libvirt 9.0: "shared access for disk ... requires use of supported storage format".
    throw invalid('disks.xml.shareableRaw', 'shareable');
  }
  if (spec.encryption && (source.type === 'empty' || !/^[0-9a-f-]{36}$/i.test(spec.encryption.secretUuid))) throw invalid('disks.xml.encryption', 'source');
  if (spec.readonly && spec.shareable) throw invalid('disks.xml.readonlyShareable', 'shareable');
  if (source.type === 'network') validateNetworkSource(source);
  for (const v of [source.type === 'file' ? source.path : source.type === 'block' ? source.dev : '']) {
    if (v && !v.startsWith('/')) throw invalid('disks.xml.notAbsolute', 'source', { path: JSON.stringify(v) });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(v)) throw invalid('disks.xml.controlChar', 'source');
  }
  return spec;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

function validateNetworkSource(n: NetworkDiskSource): void {
  if (!(NETWORK_PROTOCOLS as readonly string[]).includes(n.protocol) || !n.hosts.length || n.hosts.some((h) => !h.name)) throw invalid('disks.xml.network', 'source', { protocol: String(n.protocol) });
  // rbd POOL/IMAGE, iscsi IQN/LUN: a name without its two parts reaches nothing.
  const sep = n.name.lastIndexOf('/');
  if (sep <= 0 || sep === n.name.length - 1 || (n.protocol === 'iscsi' && !/^\d+$/.test(n.name.slice(sep + 1)))) throw invalid('disks.xml.networkName', 'source', { protocol: n.protocol, name: JSON.stringify(n.name) });
  const texts = [n.name, ...n.hosts.map((h) => h.name), n.auth?.username ?? '', n.initiatorIqn ?? '', n.auth ? ('uuid' in n.auth.secret ? n.auth.secret.uuid : n.auth.secret.usage) : ''];
  if (texts.some((t) => CONTROL.test(t))) throw invalid('disks.xml.controlChar', 'source');
  for (const h of n.hosts) if (h.port !== undefined && (!Number.isInteger(h.port) || h.port < 1 || h.port > 65535)) throw invalid('disks.xml.networkName', 'source', { protocol: n.protocol, name: JSON.stringify(`${h.name}:${h.port}`) });
}

const a = (name: string, v: string | number | undefined): string => (v === undefined ? '' : ` ${name}='${xmlEscape(String(v))}'`);

/** A network disk's <source>, in libvirt's element order (hosts, auth, initiator), the closing tag left to the caller. */
function networkSourceLines(n: NetworkDiskSource): string[] {
  const out = [`  <source protocol='${n.protocol}'${a('name', n.name)}>`, ...n.hosts.map((h) => `    <host${a('name', h.name)}${a('port', h.port)}/>`)];
  if (n.auth) {
    const secret = 'uuid' in n.auth.secret ? a('uuid', n.auth.secret.uuid) : a('usage', n.auth.secret.usage);
    out.push(`    <auth${a('username', n.auth.username)}>`, `      <secret type='${n.auth.secretType}'${secret}/>`, '    </auth>');
  }
  if (n.initiatorIqn !== undefined) out.push('    <initiator>', `      <iqn${a('name', n.initiatorIqn)}/>`, '    </initiator>');
  return out;
}

/** The <disk> element for `virsh attach-device`. Options left at "default" are not written. */
export function buildDiskXml(input: DiskSpec): string {
  const spec = validateDiskSpec(input);
  const { source } = spec;
  const type = source.type === 'empty' ? 'file' : source.type;
  const lines: string[] = [`<disk type='${type}' device='${spec.device}'>`];
  const driver: string[] = [`name='qemu'`];
  if (spec.format) driver.push(`type='${spec.format}'`);
  if (spec.cache && spec.cache !== 'default') driver.push(`cache='${spec.cache}'`);
  if (spec.io && spec.io !== 'default') driver.push(`io='${spec.io}'`);
  if (spec.discard && spec.discard !== 'default') driver.push(`discard='${spec.discard}'`);
  if (spec.detectZeroes && spec.detectZeroes !== 'default') driver.push(`detect_zeroes='${spec.detectZeroes}'`);
  lines.push(`  <driver ${driver.join(' ')}/>`);
  if (source.type === 'file') lines.push(`  <source file='${xmlEscape(source.path)}'/>`);
  else if (source.type === 'block') lines.push(`  <source dev='${xmlEscape(source.dev)}'/>`);
  else if (source.type === 'volume') lines.push(`  <source pool='${xmlEscape(source.pool)}' volume='${xmlEscape(source.volume)}'/>`);
  else if (source.type === 'network') lines.push(...networkSourceLines(source), '  </source>');
  if (spec.encryption) {
    // QEMU needs the key to open a LUKS image; it is looked up by secret UUID.
    const enc = [`    <encryption format='luks'>`, `      <secret type='passphrase' uuid='${xmlEscape(spec.encryption.secretUuid)}'/>`, '    </encryption>', '  </source>'];
    if (source.type === 'network') lines.splice(lines.length - 1, 1, ...enc);
    else lines.push(lines.pop()!.replace(/\/>$/, '>'), ...enc);
  }
  lines.push(`  <target dev='${xmlEscape(spec.target)}' bus='${spec.bus}'/>`);
  if (spec.readonly || spec.device === 'cdrom') lines.push('  <readonly/>');
  if (spec.shareable) lines.push('  <shareable/>');
  if (spec.serial !== undefined) lines.push(`  <serial>${xmlEscape(spec.serial)}</serial>`);
  if (spec.bootOrder !== undefined) lines.push(`  <boot order='${spec.bootOrder}'/>`);
  lines.push('</disk>');
  return lines.join('\n') + '\n';
}

/** libvirt's disk names: a..z, then aa..zz, aaa..: index 0 -> "a", 26 -> "aa". */
export function diskLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    n -= 1;
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  }
  return s;
}

function exampleTarget(bus: DiskBus): string {
  return bus === 'nvme' ? 'nvme0n1' : `${TARGET_PREFIX[bus]}b`;
}

export function targetMatchesBus(target: string, bus: DiskBus): boolean {
  if (bus === 'nvme') return /^nvme\d+n\d+$/.test(target);
  return new RegExp(`^${TARGET_PREFIX[bus]}[a-z]+$`).test(target);
}

/**
 * The first free target name for a bus, given every target the domain has.
 * SCSI, SATA and USB disks share the sd* namespace inside a domain.
 */
export function nextFreeTarget(bus: DiskBus, used: Iterable<string>): string {
  const taken = new Set(used);
  if (bus === 'nvme') {
    for (let n = 1; ; n++) if (!taken.has(`nvme0n${n}`)) return `nvme0n${n}`;
  }
  const prefix = TARGET_PREFIX[bus];
  for (let i = 0; ; i++) {
    const t = `${prefix}${diskLetters(i)}`;
    if (!taken.has(t)) return t;
  }
}

function oneOf<T extends string>(list: readonly T[], v: string | undefined): T | undefined {
  return v !== undefined && (list as readonly string[]).includes(v) ? (v as T) : undefined;
}

/**
 * The spec of one <disk> element: ours (parse(build(x)) equals
 * canonicalDiskSpec(x)) or one of a domain's dumpxml (its alias, address and
 * backing chain are not part of a spec; a value Spindle does not offer is left
 * out). Throws when the element is not a disk Spindle can describe (network
 * protocols other than rbd and iscsi, floppies).
 */
export function parseDiskXml(xml: string): DiskSpec {
  const disk = child(parseXml(xml), 'disk');
  if (!disk) throw new Error('not a <disk> element');
  const type = attr(disk, 'type') ?? 'file';
  const device = oneOf(DISK_DEVICES, attr(disk, 'device') ?? 'disk');
  const tgt = child(disk, 'target');
  const bus = oneOf(DISK_BUSES, attr(tgt, 'bus'));
  const target = attr(tgt, 'dev');
  if (!device || !bus || !target) throw new Error(`a <disk> Spindle cannot describe (device ${attr(disk, 'device') ?? '?'}, bus ${attr(tgt, 'bus') ?? '?'})`);
  const src = child(disk, 'source');
  let source: DiskSourceSpec;
  if (type === 'file' && attr(src, 'file') !== undefined) source = { type: 'file', path: attr(src, 'file') ?? '' };
  else if (type === 'block' && attr(src, 'dev') !== undefined) source = { type: 'block', dev: attr(src, 'dev') ?? '' };
  else if (type === 'volume' && attr(src, 'pool') !== undefined) source = { type: 'volume', pool: attr(src, 'pool') ?? '', volume: attr(src, 'volume') ?? '' };
  else if (type === 'network' && (NETWORK_PROTOCOLS as readonly string[]).includes(attr(src, 'protocol') ?? '')) source = parseNetworkSource(disk, src as XmlNode);
  else if (type === 'file' && !src) source = { type: 'empty' };
  else throw new Error(`a <disk type='${type}'> source Spindle cannot describe`);
  const spec: DiskSpec = { source, device, bus, target };
  const driver = child(disk, 'driver');
  const format = oneOf(IMAGE_FORMATS, attr(driver, 'type'));
  if (format) spec.format = format;
  const cache = oneOf(DISK_CACHES, attr(driver, 'cache'));
  if (cache) spec.cache = cache;
  const io = oneOf(DISK_IOS, attr(driver, 'io'));
  if (io) spec.io = io;
  const discard = oneOf(DISK_DISCARDS, attr(driver, 'discard'));
  if (discard) spec.discard = discard;
  const detectZeroes = oneOf(DISK_DETECT_ZEROES, attr(driver, 'detect_zeroes'));
  if (detectZeroes) spec.detectZeroes = detectZeroes;
  if (has(disk, 'readonly')) spec.readonly = true;
  if (has(disk, 'shareable')) spec.shareable = true;
  const serial = childText(disk, 'serial');
  if (serial !== undefined) spec.serial = serial;
  const order = attr(child(disk, 'boot'), 'order');
  if (order !== undefined) spec.bootOrder = Number(order);
  const enc = child(src, 'encryption');
  const secret = attr(child(enc, 'secret'), 'uuid');
  if (enc && attr(enc, 'format') === 'luks' && secret) spec.encryption = { format: 'luks', secretUuid: secret };
  return spec;
}

/** A network disk's source; its <auth> inside <source> (ours, libvirt since 3.9) or beside it (older XML). */
function parseNetworkSource(disk: XmlNode, src: XmlNode): NetworkDiskSource {
  const n: NetworkDiskSource = {
    type: 'network',
    protocol: attr(src, 'protocol') as NetworkDiskSource['protocol'],
    name: attr(src, 'name') ?? '',
    hosts: children(src, 'host').map((h) => {
      const port = attr(h, 'port');
      return { name: attr(h, 'name') ?? '', ...(port !== undefined ? { port: Number(port) } : {}) };
    }),
  };
  const auth = child(src, 'auth') ?? child(disk, 'auth');
  if (auth) {
    const secret = child(auth, 'secret');
    const uuid = attr(secret, 'uuid');
    n.auth = { username: attr(auth, 'username') ?? '', secretType: attr(secret, 'type') === 'iscsi' ? 'iscsi' : 'ceph', secret: uuid !== undefined ? { uuid } : { usage: attr(secret, 'usage') ?? '' } };
  }
  const iqn = attr(child(child(src, 'initiator'), 'iqn'), 'name');
  if (iqn !== undefined) n.initiatorIqn = iqn;
  return n;
}

/**
 * The spec as parse() gives it back: "default" choices and false flags left
 * out (they are never written), a CD-ROM read-only (it always is).
 */
export function canonicalDiskSpec(spec: DiskSpec): DiskSpec {
  const out: DiskSpec = { ...spec };
  for (const k of ['cache', 'io', 'discard', 'detectZeroes'] as const) if (out[k] === 'default') delete out[k];
  if (spec.device === 'cdrom' || spec.readonly) out.readonly = true;
  else delete out.readonly;
  if (!spec.shareable) delete out.shareable;
  return out;
}
