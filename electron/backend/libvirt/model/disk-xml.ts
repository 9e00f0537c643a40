// <disk> XML built from typed options, validated before libvirt sees it, and
// golden-tested (testdata/disk-xml). Rules learnt from virt-manager and libvirt:
// "default" choices are omitted rather than written (cache='default' is invalid
// on block disks), SATA/IDE cannot be hot-plugged, detect_zeroes=unmap needs
// discard=unmap, io=native needs the host page cache bypassed.
import { SpindleError } from '../../../../shared/core/errors.ts';
import { xmlEscape } from './volume-xml.ts';

export type DiskBus = 'virtio' | 'scsi' | 'sata' | 'nvme' | 'usb' | 'ide';
export type DiskDevice = 'disk' | 'cdrom' | 'lun';

export type DiskSourceSpec =
  | { type: 'file'; path: string }
  | { type: 'block'; dev: string }
  | { type: 'volume'; pool: string; volume: string }
  /** An empty CD-ROM drive. */
  | { type: 'empty' };

export interface DiskSpec {
  source: DiskSourceSpec;
  device: DiskDevice;
  bus: DiskBus;
  target: string;
  format?: 'raw' | 'qcow2' | 'vmdk' | 'vdi' | 'vpc' | 'qed';
  cache?: 'default' | 'none' | 'writethrough' | 'writeback' | 'directsync' | 'unsafe';
  io?: 'default' | 'native' | 'threads' | 'io_uring';
  discard?: 'default' | 'unmap' | 'ignore';
  detectZeroes?: 'default' | 'off' | 'on' | 'unmap';
  readonly?: boolean;
  shareable?: boolean;
  serial?: string;
  bootOrder?: number;
  /** LUKS image: the libvirt secret (type passphrase) QEMU opens it with. */
  encryption?: { format: 'luks'; secretUuid: string };
}

const TARGET_PREFIX: Record<DiskBus, string> = { virtio: 'vd', scsi: 'sd', sata: 'sd', usb: 'sd', ide: 'hd', nvme: 'nvme' };

function invalid(message: string, hint: string, details?: Record<string, string>): SpindleError {
  return new SpindleError('INVALID_ARGUMENT', message, hint, details);
}

/** Checks the combination of options; returns the spec unchanged or throws with the reason and the fix. */
export function validateDiskSpec(spec: DiskSpec): DiskSpec {
  const { bus, device, source } = spec;
  if (!targetMatchesBus(spec.target, bus)) {
    throw invalid(`Target "${spec.target}" does not fit the ${bus} bus.`, `Use a name like ${exampleTarget(bus)}.`, { field: 'target' });
  }
  if (device === 'lun' && (source.type !== 'block' || bus !== 'scsi')) {
    throw invalid('A LUN passes SCSI commands to a real device: it needs a block device source on the SCSI bus.', 'Choose device "disk" for files and volumes, or a block device on the SCSI bus.', { field: 'device' });
  }
  if (source.type === 'empty' && device !== 'cdrom') {
    throw invalid('Only a CD-ROM drive can be empty.', 'Choose a source file, device or volume.', { field: 'source' });
  }
  if (device === 'cdrom' && (bus === 'virtio' || bus === 'nvme')) {
    throw invalid(`A CD-ROM cannot sit on the ${bus} bus.`, 'Use the SATA bus (or SCSI) for CD-ROM drives.', { field: 'bus' });
  }
  if (spec.detectZeroes === 'unmap' && spec.discard !== 'unmap') {
    throw invalid('detect_zeroes "unmap" turns zero writes into discards, so discard must be "unmap" too.', 'Set discard to "unmap", or detect_zeroes to "on".', { field: 'options' });
  }
  if (spec.io === 'native' && spec.cache !== 'none' && spec.cache !== 'directsync') {
    throw invalid('io "native" (Linux AIO) needs the host page cache bypassed.', 'Set cache to "none" or "directsync", or use io "threads".', { field: 'options' });
  }
  if (spec.serial !== undefined && !/^[A-Za-z0-9_ .+-]{1,36}$/.test(spec.serial)) {
    throw invalid(`The serial ${JSON.stringify(spec.serial)} is not allowed.`, 'Use up to 36 letters, digits, spaces and _ . + -', { field: 'options' });
  }
  if ((source.type === 'file' || source.type === 'block') && !spec.format) {
    // libvirt would assume raw, and a qcow2 image read as raw exposes its
    // metadata to the guest: the format is always explicit.
    throw invalid('The image format of the source is not given.', 'Choose it (Spindle reads it with "qemu-img info"); use raw for ISO files and block devices.', { field: 'format' });
  }
  if (spec.bootOrder !== undefined && (!Number.isInteger(spec.bootOrder) || spec.bootOrder < 1 || spec.bootOrder > 999)) {
    throw invalid(`Boot order ${spec.bootOrder} is out of range.`, 'Use a whole number from 1 (first).', { field: 'bootOrder' });
  }
  if (spec.readonly && device === 'disk' && (bus === 'sata' || bus === 'ide')) {
    // libvirt 9.0: "unsupported configuration: readonly sata disks are not supported".
    throw invalid(`A read-only disk cannot use the ${bus} bus.`, 'Use virtio or SCSI for a read-only disk (a CD-ROM on SATA is read-only by nature).', { field: 'bus' });
  }
  if (spec.shareable && spec.format !== 'raw') {
    // libvirt 9.0: "shared access for disk ... requires use of supported storage format".
    throw invalid('A shareable disk must be a raw image: qcow2 metadata cannot be written by two VMs at once.', 'Set the format to raw (or give each VM its own overlay).', { field: 'options' });
  }
  if (spec.encryption && (source.type === 'empty' || !/^[0-9a-f-]{36}$/i.test(spec.encryption.secretUuid))) {
    throw invalid('An encrypted disk needs its image and the UUID of the libvirt secret holding its passphrase.', 'Create encrypted volumes with Spindle (it defines the secret), or define the secret with virsh secret-define.', { field: 'source' });
  }
  if (spec.readonly && spec.shareable) {
    throw invalid('A disk is either read-only or shareable, not both.', 'Pick one: read-only protects the data, shareable lets several VMs write (needs a cluster filesystem).', { field: 'options' });
  }
  for (const v of [source.type === 'file' ? source.path : source.type === 'block' ? source.dev : '']) {
    if (v && !v.startsWith('/')) throw invalid(`The path ${JSON.stringify(v)} is not absolute.`, 'Give the full path, starting with "/".', { field: 'source' });
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f]/.test(v)) throw invalid('The path contains a control character.', 'Rename the file without line breaks or tabs.', { field: 'source' });
  }
  return spec;
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
  if (spec.encryption) {
    // QEMU needs the key to open a LUKS image; it is looked up by secret UUID.
    const open = lines.pop()!.replace(/\/>$/, '>');
    lines.push(open, `    <encryption format='luks'>`, `      <secret type='passphrase' uuid='${xmlEscape(spec.encryption.secretUuid)}'/>`, '    </encryption>', '  </source>');
  }
  lines.push(`  <target dev='${spec.target}' bus='${spec.bus}'/>`);
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

/** Whether a disk on this bus can be attached to or detached from a running VM. */
export function canHotplug(bus: DiskBus): boolean {
  return bus !== 'sata' && bus !== 'ide';
}
