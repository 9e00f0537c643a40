// Storage pool XML both ways, for every pool type libvirt has: a typed spec,
// built into the XML `virsh pool-define` reads (validated against a per-type
// table of what the type takes, in virtinst's manner) and parsed back from
// what we built or from `virsh pool-dumpxml`. Elements are written in the
// order libvirt's own formatter writes them, so our XML reads like libvirt's.
// Golden files: testdata/pool-xml (ours) and testdata/pool-xml/dumpxml (real
// libvirt 9.0 output: see the README there).
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type MessageKey, type MsgParam } from '../../../../shared/core/messages.ts';
import { validateName } from '../../../../shared/core/validation.ts';
import { VOL_WIPE_ALGORITHMS, type VolWipeAlgorithm } from '../../../../shared/contract/features/pools.ts';
import { attr, bytesOf, child, childText, children, parseXml, xmlEscape, type XmlNode } from '../xml.ts';

export const POOL_TYPES = ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'iscsi-direct', 'scsi', 'mpath', 'rbd', 'sheepdog', 'gluster', 'zfs', 'vstorage'] as const;
export type PoolType = (typeof POOL_TYPES)[number];

export interface PoolHost {
  name: string;
  port?: number;
}

export interface PoolDevice {
  /** A block device (fs, disk, logical, zfs) or an iSCSI target IQN (iscsi, iscsi-direct). */
  path: string;
  /** disk pools: whether partition names get a "p" before the number (/dev/nvme0n1p1). */
  partSeparator?: boolean;
}

export type PoolAdapter =
  | { type: 'scsi_host'; name: string }
  | { type: 'fc_host'; wwnn: string; wwpn: string; parent?: string; managed?: boolean };

export interface PoolAuth {
  type: 'chap' | 'ceph';
  username: string;
  /** The libvirt secret holding the password or key, by UUID or by usage name. */
  secret: { uuid: string } | { usage: string };
}

export interface PoolSourceSpec {
  hosts?: PoolHost[];
  devices?: PoolDevice[];
  /** netfs: the exported directory; gluster: the directory inside the volume. */
  dir?: string;
  adapter?: PoolAdapter;
  /** logical: the volume group; rbd: the Ceph pool; gluster: the volume; zfs: the zpool; vstorage: the cluster. */
  name?: string;
  initiatorIqn?: string;
  auth?: PoolAuth;
  format?: string;
  /** netfs: the NFS protocol version. */
  protocolVersion?: string;
  vendor?: string;
  product?: string;
}

export interface PoolPermissions {
  mode?: string;
  owner?: string;
  group?: string;
  label?: string;
}

export interface PoolSpec {
  type: PoolType;
  name: string;
  uuid?: string;
  /** dir and fs pools on btrfs: copy-on-write for new volumes. */
  cow?: boolean;
  source?: PoolSourceSpec;
  target?: { path: string; permissions?: PoolPermissions };
}

type SourcePart = keyof PoolSourceSpec;

/** How a wizard (or a script) finds a type's sources on a host. */
export type PoolDiscovery =
  /** Nothing to find: a local directory. */
  | 'none'
  /** Pick a block device on the host (the device browser). */
  | 'block-device'
  /** `virsh find-storage-pool-sources TYPE` (libvirt scans the host: VGs, SCSI hosts). */
  | 'find-sources'
  /** `virsh find-storage-pool-sources-as TYPE HOST` (libvirt asks a server: NFS exports, iSCSI targets, Gluster volumes). */
  | 'find-sources-host'
  /** `iscsi-ls` (libiscsi) against a portal: iscsi-direct reaches targets without a kernel initiator. */
  | 'iscsi-ls'
  /** `zpool list` on the host. */
  | 'zpool-list'
  /** Typed by hand (a Ceph pool, a cluster name). */
  | 'manual';

/** The package that adds a type's driver to libvirtd (on Debian the daemon itself holds the common ones); null: the distribution does not build it. */
export interface PoolDriverPackages {
  debian: string | null;
  fedora: string | null;
}

/** Volume formats of pools whose volumes are files (qemu-img's, as libvirt 9.0 lists them for dir pools). */
const FILE_VOLUME_FORMATS = ['raw', 'qcow2', 'qed', 'vmdk', 'vpc', 'vdi', 'vhd', 'ploop', 'qcow', 'cow', 'bochs', 'cloop', 'dmg', 'iso', 'fat', 'dir', 'none'] as const;

interface PoolTypeCaps {
  /** Source parts the type takes (libvirt drops the others). */
  source: readonly SourcePart[];
  /** Source parts it cannot be defined without. */
  required: readonly SourcePart[];
  /** A local target path: needed, optional (libvirt derives one) or none (volumes are reached over the network). */
  target: 'required' | 'optional' | 'none';
  /** The source formats it knows. */
  formats?: readonly string[];
  /** What libvirt assumes when a part is left out (its defaults, as pool-dumpxml shows them). */
  defaults?: { format?: string; target?: string };
  /** `pool-build` does something for this type (mkdir, mkfs, pvcreate/vgcreate, a partition label, zpool create). */
  buildable: boolean;
  /** `pool-delete` removes its storage (libvirt refuses it for the others). */
  deletable: boolean;
  /** The volume formats `vol-create` makes in it ([]: libvirt cannot create volumes there, only list them). */
  volumeFormats: readonly string[];
  discovery: PoolDiscovery;
  /** Debian/Ubuntu and Fedora/RHEL packages that add its driver. */
  packages: PoolDriverPackages;
}

/**
 * What each pool type takes, from libvirt's storage pool XML format
 * (formatstorage.html), its parser and its storage backends (which have a
 * buildPool, deletePool, createVol), in the manner of virtinst's
 * supports_property table. Debian builds dir, fs, netfs, logical, disk, iscsi,
 * scsi and mpath into libvirt-daemon; Fedora splits them out. libvirt removed
 * sheepdog in 8.8, and neither distribution builds vstorage.
 */
export const POOL_CAPS: Readonly<Record<PoolType, PoolTypeCaps>> = {
  dir: { source: [], required: [], target: 'required', buildable: true, deletable: true, volumeFormats: FILE_VOLUME_FORMATS, discovery: 'none', packages: { debian: 'libvirt-daemon', fedora: 'libvirt-daemon-driver-storage-core' } },
  fs: {
    source: ['devices', 'format'], required: ['devices'], target: 'required', formats: ['auto', 'ext2', 'ext3', 'ext4', 'ufs', 'iso9660', 'udf', 'gfs', 'gfs2', 'vfat', 'hfs+', 'xfs', 'ocfs2', 'vmfs'], defaults: { format: 'auto' },
    buildable: true, deletable: true, volumeFormats: FILE_VOLUME_FORMATS, discovery: 'block-device', packages: { debian: 'libvirt-daemon', fedora: 'libvirt-daemon-driver-storage-core' },
  },
  netfs: {
    source: ['hosts', 'dir', 'format', 'protocolVersion'], required: ['hosts', 'dir'], target: 'required', formats: ['auto', 'nfs', 'glusterfs', 'cifs'], defaults: { format: 'auto' },
    buildable: true, deletable: true, volumeFormats: FILE_VOLUME_FORMATS, discovery: 'find-sources-host', packages: { debian: 'libvirt-daemon', fedora: 'libvirt-daemon-driver-storage-core' },
  },
  logical: {
    source: ['devices', 'name', 'format'], required: [], target: 'optional', formats: ['unknown', 'lvm2'], defaults: { format: 'lvm2', target: '/dev/<source name>' },
    buildable: true, deletable: true, volumeFormats: [], discovery: 'find-sources', packages: { debian: 'libvirt-daemon', fedora: 'libvirt-daemon-driver-storage-logical' },
  },
  disk: {
    source: ['devices', 'format'], required: ['devices'], target: 'required', formats: ['unknown', 'dos', 'dvh', 'gpt', 'mac', 'bsd', 'pc98', 'sun', 'lvm2'], defaults: { format: 'unknown' },
    buildable: true, deletable: true, volumeFormats: ['none', 'linux', 'fat16', 'fat32', 'linux-swap', 'linux-lvm', 'linux-raid', 'extended'], discovery: 'block-device', packages: { debian: 'libvirt-daemon', fedora: 'libvirt-daemon-driver-storage-disk' },
  },
  iscsi: { source: ['hosts', 'devices', 'initiatorIqn', 'auth', 'vendor', 'product'], required: ['hosts', 'devices'], target: 'required', defaults: { target: '/dev/disk/by-path' }, buildable: false, deletable: false, volumeFormats: [], discovery: 'find-sources-host', packages: { debian: 'libvirt-daemon', fedora: 'libvirt-daemon-driver-storage-iscsi' } },
  'iscsi-direct': { source: ['hosts', 'devices', 'initiatorIqn', 'auth'], required: ['hosts', 'devices', 'initiatorIqn'], target: 'none', buildable: false, deletable: false, volumeFormats: [], discovery: 'iscsi-ls', packages: { debian: 'libvirt-daemon-driver-storage-iscsi-direct', fedora: 'libvirt-daemon-driver-storage-iscsi-direct' } },
  scsi: { source: ['adapter', 'vendor', 'product'], required: ['adapter'], target: 'required', defaults: { target: '/dev/disk/by-path' }, buildable: false, deletable: false, volumeFormats: [], discovery: 'find-sources', packages: { debian: 'libvirt-daemon', fedora: 'libvirt-daemon-driver-storage-scsi' } },
  mpath: { source: [], required: [], target: 'required', defaults: { target: '/dev/mapper' }, buildable: false, deletable: false, volumeFormats: [], discovery: 'none', packages: { debian: 'libvirt-daemon', fedora: 'libvirt-daemon-driver-storage-mpath' } },
  rbd: { source: ['hosts', 'name', 'auth'], required: ['hosts', 'name'], target: 'none', buildable: false, deletable: false, volumeFormats: ['raw'], discovery: 'manual', packages: { debian: 'libvirt-daemon-driver-storage-rbd', fedora: 'libvirt-daemon-driver-storage-rbd' } },
  sheepdog: { source: ['hosts', 'name'], required: ['hosts', 'name'], target: 'none', buildable: false, deletable: false, volumeFormats: ['raw'], discovery: 'manual', packages: { debian: null, fedora: null } },
  gluster: { source: ['hosts', 'dir', 'name', 'auth'], required: ['hosts', 'name'], target: 'none', buildable: false, deletable: false, volumeFormats: FILE_VOLUME_FORMATS, discovery: 'find-sources-host', packages: { debian: 'libvirt-daemon-driver-storage-gluster', fedora: 'libvirt-daemon-driver-storage-gluster' } },
  zfs: { source: ['devices', 'name'], required: ['name'], target: 'optional', defaults: { target: '/dev/zvol/<source name>' }, buildable: true, deletable: true, volumeFormats: [], discovery: 'zpool-list', packages: { debian: 'libvirt-daemon-driver-storage-zfs', fedora: 'libvirt-daemon-driver-storage-zfs' } },
  vstorage: { source: ['name'], required: ['name'], target: 'required', buildable: true, deletable: true, volumeFormats: FILE_VOLUME_FORMATS, discovery: 'manual', packages: { debian: null, fedora: null } },
};

/**
 * The vol-wipe algorithms each type's libvirt back-end takes (its wipeVol):
 * the local one (dir, fs, netfs, logical, disk, iscsi, scsi, mpath,
 * vstorage) writes zeros itself, discards for trim and runs scrub for the
 * patterns; rbd takes zero and trim (libvirt 9.0's virStorageBackendRBDVolWipe),
 * iscsi-direct zero only; gluster, zfs and sheepdog have no wipeVol.
 */
export const POOL_WIPE_ALGORITHMS: Readonly<Record<PoolType, readonly VolWipeAlgorithm[]>> = {
  dir: VOL_WIPE_ALGORITHMS,
  fs: VOL_WIPE_ALGORITHMS,
  netfs: VOL_WIPE_ALGORITHMS,
  logical: VOL_WIPE_ALGORITHMS,
  disk: VOL_WIPE_ALGORITHMS,
  iscsi: VOL_WIPE_ALGORITHMS,
  scsi: VOL_WIPE_ALGORITHMS,
  mpath: VOL_WIPE_ALGORITHMS,
  vstorage: VOL_WIPE_ALGORITHMS,
  rbd: ['zero', 'trim'],
  'iscsi-direct': ['zero'],
  gluster: [],
  zfs: [],
  sheepdog: [],
};

function refuse(key: MessageKey, params: Record<string, MsgParam>, field: string): SpindleError {
  return SpindleError.of('INVALID_ARGUMENT', key, params, field);
}

const part = (p: SourcePart) => msg(`volumes.poolXml.part.${p}`);

function present(s: PoolSourceSpec, p: SourcePart): boolean {
  const v = s[p];
  return Array.isArray(v) ? v.length > 0 : v !== undefined;
}

/** Checks the spec against what its type takes; returns it unchanged or throws with the reason. */
export function validatePoolSpec(spec: PoolSpec): PoolSpec {
  const caps = (POOL_CAPS as Record<string, PoolTypeCaps | undefined>)[spec.type];
  if (!caps) throw refuse('volumes.poolXml.unknownType', { type: String(spec.type), types: POOL_TYPES.join(', ') }, 'type');
  validateName('pool', spec.name, { field: 'name' });
  const s = spec.source ?? {};
  const type = spec.type;
  for (const p of Object.keys(s) as SourcePart[]) if (present(s, p) && !caps.source.includes(p)) throw refuse('volumes.poolXml.notTaken', { type, part: part(p) }, 'source');
  for (const p of caps.required) if (!present(s, p)) throw refuse('volumes.poolXml.needs', { type, part: part(p) }, 'source');
  if (type === 'fs' && (s.devices?.length ?? 0) > 1) throw refuse('volumes.poolXml.oneDevice', { type }, 'source');
  if (s.format !== undefined && caps.formats && !caps.formats.includes(s.format)) throw refuse('volumes.poolXml.format', { type, format: s.format, formats: caps.formats.join(', ') }, 'source');
  if (caps.target === 'required' && !spec.target) throw refuse('volumes.poolXml.needsTarget', { type }, 'target');
  if (caps.target === 'none' && spec.target) throw refuse('volumes.poolXml.noTarget', { type }, 'target');
  const localDevices = type === 'iscsi' || type === 'iscsi-direct' ? [] : (s.devices ?? []).map((d) => d.path);
  for (const p of [spec.target?.path, ...localDevices, type === 'netfs' && s.format !== 'cifs' ? s.dir : undefined]) {
    if (p !== undefined && !p.startsWith('/')) throw refuse('volumes.poolXml.notAbsolute', { path: JSON.stringify(p) }, p === spec.target?.path ? 'target' : 'source');
  }
  for (const h of s.hosts ?? []) {
    if (h.port !== undefined && (!Number.isInteger(h.port) || h.port < 1 || h.port > 65535)) throw refuse('volumes.poolXml.port', { port: h.port }, 'source');
  }
  if (spec.cow !== undefined && type !== 'dir' && type !== 'fs') throw refuse('volumes.poolXml.cow', { type }, 'cow');
  return spec;
}

const a = (name: string, v: string | number | undefined): string => (v === undefined ? '' : ` ${name}='${xmlEscape(String(v))}'`);

function sourceLines(s: PoolSourceSpec): string[] {
  const out: string[] = [];
  for (const h of s.hosts ?? []) out.push(`    <host${a('name', h.name)}${a('port', h.port)}/>`);
  for (const d of s.devices ?? []) out.push(`    <device${a('path', d.path)}${a('part_separator', d.partSeparator === undefined ? undefined : d.partSeparator ? 'yes' : 'no')}/>`);
  if (s.dir !== undefined) out.push(`    <dir${a('path', s.dir)}/>`);
  if (s.adapter?.type === 'scsi_host') out.push(`    <adapter type='scsi_host'${a('name', s.adapter.name)}/>`);
  else if (s.adapter?.type === 'fc_host') {
    const f = s.adapter;
    out.push(`    <adapter type='fc_host'${a('parent', f.parent)}${a('managed', f.managed === undefined ? undefined : f.managed ? 'yes' : 'no')}${a('wwnn', f.wwnn)}${a('wwpn', f.wwpn)}/>`);
  }
  if (s.name !== undefined) out.push(`    <name>${xmlEscape(s.name)}</name>`);
  if (s.initiatorIqn !== undefined) out.push('    <initiator>', `      <iqn${a('name', s.initiatorIqn)}/>`, '    </initiator>');
  if (s.auth) {
    const secret = 'uuid' in s.auth.secret ? a('uuid', s.auth.secret.uuid) : a('usage', s.auth.secret.usage);
    out.push(`    <auth${a('type', s.auth.type)}${a('username', s.auth.username)}>`, `      <secret${secret}/>`, '    </auth>');
  }
  if (s.format !== undefined) out.push(`    <format${a('type', s.format)}/>`);
  if (s.protocolVersion !== undefined) out.push(`    <protocol${a('ver', s.protocolVersion)}/>`);
  if (s.vendor !== undefined) out.push(`    <vendor${a('name', s.vendor)}/>`);
  if (s.product !== undefined) out.push(`    <product${a('name', s.product)}/>`);
  return out;
}

/** The <pool> document for `virsh pool-define`. */
export function buildPoolXml(input: PoolSpec): string {
  const spec = validatePoolSpec(input);
  const lines = [`<pool type='${spec.type}'>`, `  <name>${xmlEscape(spec.name)}</name>`];
  if (spec.uuid !== undefined) lines.push(`  <uuid>${xmlEscape(spec.uuid)}</uuid>`);
  if (spec.cow !== undefined) lines.push('  <features>', `    <cow state='${spec.cow ? 'yes' : 'no'}'/>`, '  </features>');
  const src = sourceLines(spec.source ?? {});
  if (src.length) lines.push('  <source>', ...src, '  </source>');
  if (spec.target) {
    lines.push('  <target>', `    <path>${xmlEscape(spec.target.path)}</path>`);
    const p = spec.target.permissions;
    if (p && Object.keys(p).length) {
      lines.push('    <permissions>');
      for (const k of ['mode', 'owner', 'group', 'label'] as const) if (p[k] !== undefined) lines.push(`      <${k}>${xmlEscape(p[k])}</${k}>`);
      lines.push('    </permissions>');
    }
    lines.push('  </target>');
  }
  lines.push('</pool>');
  return lines.join('\n') + '\n';
}

const yesNo = (v: string | undefined): boolean | undefined => (v === 'yes' ? true : v === 'no' ? false : undefined);

function parseSource(src: XmlNode | undefined): PoolSourceSpec | undefined {
  if (!src) return undefined;
  const s: PoolSourceSpec = {};
  const hosts = children(src, 'host').map((h): PoolHost => {
    const port = attr(h, 'port');
    return { name: attr(h, 'name') ?? '', ...(port !== undefined ? { port: Number(port) } : {}) };
  });
  if (hosts.length) s.hosts = hosts;
  const devices = children(src, 'device').map((d): PoolDevice => {
    const sep = yesNo(attr(d, 'part_separator'));
    return { path: attr(d, 'path') ?? '', ...(sep !== undefined ? { partSeparator: sep } : {}) };
  });
  if (devices.length) s.devices = devices;
  const dir = attr(child(src, 'dir'), 'path');
  if (dir !== undefined) s.dir = dir;
  const ad = child(src, 'adapter');
  if (ad) {
    if (attr(ad, 'type') === 'fc_host' || attr(ad, 'wwnn') !== undefined) {
      const parent = attr(ad, 'parent');
      const managed = yesNo(attr(ad, 'managed'));
      s.adapter = { type: 'fc_host', wwnn: attr(ad, 'wwnn') ?? '', wwpn: attr(ad, 'wwpn') ?? '', ...(parent !== undefined ? { parent } : {}), ...(managed !== undefined ? { managed } : {}) };
    } else s.adapter = { type: 'scsi_host', name: attr(ad, 'name') ?? '' };
  }
  const name = childText(src, 'name');
  if (name !== undefined) s.name = name;
  const iqn = attr(child(child(src, 'initiator'), 'iqn'), 'name');
  if (iqn !== undefined) s.initiatorIqn = iqn;
  const auth = child(src, 'auth');
  if (auth) {
    const secret = child(auth, 'secret');
    const uuid = attr(secret, 'uuid');
    s.auth = { type: attr(auth, 'type') === 'ceph' ? 'ceph' : 'chap', username: attr(auth, 'username') ?? '', secret: uuid !== undefined ? { uuid } : { usage: attr(secret, 'usage') ?? '' } };
  }
  const format = attr(child(src, 'format'), 'type');
  if (format !== undefined) s.format = format;
  const ver = attr(child(src, 'protocol'), 'ver');
  if (ver !== undefined) s.protocolVersion = ver;
  const vendor = attr(child(src, 'vendor'), 'name');
  if (vendor !== undefined) s.vendor = vendor;
  const product = attr(child(src, 'product'), 'name');
  if (product !== undefined) s.product = product;
  return Object.keys(s).length ? s : undefined;
}

/**
 * The spec of a <pool> document: ours (parse(build(x)) equals x) or
 * `virsh pool-dumpxml` (whose sizes and free extents are status, see
 * parsePoolStatus; namespaced options such as NFS mount options are not part
 * of a spec).
 */
export function parsePoolSpec(xml: string): PoolSpec {
  const root = child(parseXml(xml), 'pool');
  if (!root) throw new Error('not a <pool> document');
  const type = attr(root, 'type') ?? '';
  if (!(POOL_TYPES as readonly string[]).includes(type)) throw new Error(`a pool type Spindle does not know: ${type}`);
  const spec: PoolSpec = { type: type as PoolType, name: childText(root, 'name') ?? '' };
  const uuid = childText(root, 'uuid');
  if (uuid !== undefined) spec.uuid = uuid;
  const cow = yesNo(attr(child(child(root, 'features'), 'cow'), 'state'));
  if (cow !== undefined) spec.cow = cow;
  const source = parseSource(child(root, 'source'));
  if (source) spec.source = source;
  const target = child(root, 'target');
  const path = childText(target, 'path');
  if (path !== undefined) {
    spec.target = { path };
    const perms = child(target, 'permissions');
    const p: PoolPermissions = {};
    for (const k of ['mode', 'owner', 'group', 'label'] as const) {
      const v = childText(perms, k);
      if (v !== undefined) p[k] = v;
    }
    if (Object.keys(p).length) spec.target.permissions = p;
  }
  return spec;
}

export interface PoolStatus {
  capacityBytes: number;
  allocationBytes: number;
  availableBytes: number;
  /** disk pools: the free regions of each device, in bytes. */
  freeExtents?: Array<{ device: string; start: number; end: number }>;
}

/** What pool-dumpxml says about the pool now (not part of its definition). */
export function parsePoolStatus(xml: string): PoolStatus {
  const root = child(parseXml(xml), 'pool');
  if (!root) throw new Error('not a <pool> document');
  const status: PoolStatus = { capacityBytes: bytesOf(child(root, 'capacity')), allocationBytes: bytesOf(child(root, 'allocation')), availableBytes: bytesOf(child(root, 'available')) };
  const extents = children(child(root, 'source'), 'device').flatMap((d) => children(d, 'freeExtent').map((e) => ({ device: attr(d, 'path') ?? '', start: Number(attr(e, 'start') ?? 0), end: Number(attr(e, 'end') ?? 0) })));
  if (extents.length) status.freeExtents = extents;
  return status;
}
