// The pools feature's contract: the pool types a host can run (the per-type
// table joined with `virsh pool-capabilities`), a new pool, and the life of
// one (start, stop, refresh, autostart, undefine, delete).
import { z } from 'zod';
import { name, operation, path, type Methods } from '../feature-contract.ts';
import type { PoolsMethod } from './pools.names.ts';
import { PoolUsageRequestSchema, PoolUsageSchema } from './pools.usage.ts';

/** How a type's sources are found (libvirt/model/pool-xml.ts's table says which for each type). */
export const POOL_DISCOVERIES = ['none', 'block-device', 'find-sources', 'find-sources-host', 'iscsi-ls', 'zpool-list', 'manual'] as const;

export const PoolTypeInfoSchema = z.object({
  type: z.string(),
  /** This host's libvirtd runs it (pool-capabilities supported='yes'). */
  supported: z.boolean(),
  /** Its source parts (hosts, devices, dir, adapter, name, format, ...) and which of them it needs. */
  sourceFields: z.array(z.string()),
  requiredFields: z.array(z.string()),
  target: z.enum(['required', 'optional', 'none']),
  /** What libvirt assumes when a part is left out. */
  defaults: z.object({ format: z.string().optional(), target: z.string().optional() }),
  buildable: z.boolean(),
  deletable: z.boolean(),
  /** Source formats: this host's list where it has one, else the table's. */
  sourceFormats: z.array(z.string()),
  /** Formats vol-create makes there ([]: volumes are only listed). */
  volumeFormats: z.array(z.string()),
  defaultVolumeFormat: z.string().optional(),
  discovery: z.enum(POOL_DISCOVERIES),
  /** The packages that add its driver (null: the distribution does not build it). */
  packages: z.object({ debian: z.string().nullable(), fedora: z.string().nullable() }),
  /** Spindle can create it now (pool.create); the others come later. */
  creatable: z.boolean(),
});
export type PoolTypeInfo = z.infer<typeof PoolTypeInfoSchema>;

/** The types pool.create makes now. */
export const CREATABLE_POOL_TYPES = ['dir', 'fs', 'netfs', 'logical', 'disk', 'iscsi', 'iscsi-direct', 'scsi', 'mpath', 'rbd', 'gluster', 'zfs'] as const;

/** A request that names one pool (start, stop, refresh, undefine). */
export const PoolRefRequestSchema = z.object({ pool: name }).strict();

/** A pool's source as a request gives it (libvirt's <source>); which parts a type takes is in pool.types' sourceFields. */
export const PoolSourceSchema = z
  .object({
    /** netfs, iscsi, iscsi-direct, rbd (the monitors), gluster: the server(s). */
    hosts: z.array(z.object({ name: z.string().min(1).max(255), port: z.number().int().min(1).max(65535).optional() }).strict()).max(16).optional(),
    /** Block devices: fs and disk exactly one; logical and zfs one or more. */
    devices: z.array(path).max(64).optional(),
    /** netfs: the exported directory; gluster: the directory inside the volume. */
    dir: z.string().min(1).max(4096).optional(),
    /** logical: the volume group; rbd: the Ceph pool; zfs: the zpool; gluster: the volume. */
    name: z.string().min(1).max(255).optional(),
    /** scsi: the scsi_host adapter (host0). */
    adapter: z.string().min(1).max(64).optional(),
    /** fs: the filesystem; netfs: nfs, cifs, glusterfs; disk: the partition table; logical: lvm2. */
    format: z.string().min(1).max(32).optional(),
    /** iscsi, iscsi-direct: the initiator's IQN. */
    initiatorIqn: z.string().min(1).max(223).optional(),
    /** iscsi, iscsi-direct: the target's IQN (libvirt's <source><device path='IQN'/>). */
    iscsiTarget: z.string().min(1).max(223).optional(),
    /** CHAP (iscsi) or cephx (rbd): a libvirt secret named by its usage (an existing one, or the one newSecret defines). */
    auth: z.object({ type: z.enum(['chap', 'ceph']), username: z.string().min(1).max(255), secretUsage: z.string().min(1).max(255) }).strict().optional(),
  })
  .strict();
export type PoolSource = z.infer<typeof PoolSourceSchema>;

export const CreatePoolRequestSchema = z
  .object({
    name,
    /** Any libvirt type name: the planner refuses, with the reason, those Spindle cannot create yet. */
    type: z.string().min(1).max(32),
    /** The local path (pool.types' target says per type whether it is required, optional or none). */
    target: path.optional(),
    /** Octal mode (0755), numeric owner and group, as libvirt takes them. */
    permissions: z.object({ mode: z.string().max(8).optional(), owner: z.string().max(16).optional(), group: z.string().max(16).optional() }).strict().optional(),
    source: PoolSourceSchema.optional(),
    /** pool-build: mkdir (dir, netfs), mkfs (fs), a partition label (disk), pvcreate+vgcreate (logical), zpool create (zfs). */
    build: z.boolean().default(false),
    /** A destructive build's confirmation: exactly the source devices, repeated. */
    formatDevices: z.array(path).max(64).optional(),
    /** rbd/iscsi with auth: define the secret named by source.auth.secretUsage and set its value (asked for at run time, never in the request). */
    newSecret: z.boolean().optional(),
    autostart: z.boolean().default(false),
  })
  .strict();
export type CreatePoolRequest = z.infer<typeof CreatePoolRequestSchema>;
/** The fields a refusal names (SpindleError's field): the request's, and the source's parts as 'source.<part>'. */
export const CREATE_POOL_FIELDS = [
  'name',
  'type',
  'target',
  'permissions',
  'source',
  'source.hosts',
  'source.devices',
  'source.dir',
  'source.name',
  'source.adapter',
  'source.format',
  'source.initiatorIqn',
  'source.iscsiTarget',
  'source.auth',
  'build',
  'formatDevices',
  'newSecret',
  'autostart',
] as const satisfies readonly (keyof CreatePoolRequest | `source.${keyof PoolSource}`)[];
export type CreatePoolField = (typeof CREATE_POOL_FIELDS)[number];

/** Why a block device should not be given to a new pool. */
export const DEVICE_IN_USE_REASONS = ['mounted', 'partitions', 'lvm', 'swap', 'holders', 'pool', 'vm'] as const;

/** One block device of a host, for the device browser (pool.devices). */
export const BlockDeviceSchema = z.object({
  path: z.string(),
  /** The device it is a partition of (its parent in lsblk's tree). */
  parent: z.string().optional(),
  sizeBytes: z.number(),
  /** lsblk's TYPE: disk, part, loop, lvm, rom, ... */
  type: z.string(),
  model: z.string().optional(),
  /** The filesystem or signature on it (ext4, LVM2_member, swap, ...). */
  fstype: z.string().optional(),
  /** Its partition table (gpt, dos). */
  pttype: z.string().optional(),
  label: z.string().optional(),
  mountpoints: z.array(z.string()),
  readOnly: z.boolean(),
  /** Why it is busy ([] = free): mounted (name = the mountpoint), partitions, lvm (name = the VG), swap, holders (name = the holder), pool (name = the pool), vm (name = the VM). */
  inUse: z.array(z.object({ reason: z.enum(DEVICE_IN_USE_REASONS), name: z.string().optional() })),
});
export type BlockDevice = z.infer<typeof BlockDeviceSchema>;

export const PoolSourcesRequestSchema = z
  .object({
    host: name,
    type: z.string().min(1).max(32),
    /** netfs, iscsi, iscsi-direct, gluster: the server to ask (HOST or HOST:PORT). */
    sourceHost: z.string().min(1).max(261).optional(),
    /** iscsi-direct: the initiator IQN libvirt logs in with to list the targets (it needs one). */
    initiatorIqn: z.string().min(1).max(223).optional(),
  })
  .strict();
export type PoolSourcesRequest = z.infer<typeof PoolSourcesRequestSchema>;

/** libvirt's vol-wipe algorithms (virStorageVolWipeAlgorithm): zero writes zeros, trim discards, the others run scrub's pattern of that name. */
export const VOL_WIPE_ALGORITHMS = ['zero', 'nnsa', 'dod', 'bsi', 'gutmann', 'schneier', 'pfitzner7', 'pfitzner33', 'random', 'trim'] as const;
export type VolWipeAlgorithm = (typeof VOL_WIPE_ALGORITHMS)[number];

export const PoolAutostartRequestSchema = z.object({ pool: name, on: z.boolean() }).strict();
export const PoolDeleteRequestSchema = z
  .object({
    pool: name,
    /** Delete its volumes first (refused while a VM uses any); without it a pool with volumes is refused. */
    withVolumes: z.boolean().default(false),
    /** Overwrite each volume (vol-wipe) before it is deleted; needs withVolumes. */
    wipe: z.boolean().optional(),
    /** How (zero when left out); refused where the pool type's back-end lacks it. */
    algorithm: z.enum(VOL_WIPE_ALGORITHMS).optional(),
  })
  .strict();
export type PoolDeleteRequest = z.infer<typeof PoolDeleteRequestSchema>;

/** method name -> { params, result } */
export const POOLS_METHODS = {
  /** Every pool type: what it takes, whether this host runs it, the package that adds it. */
  'pool.types': { params: z.object({ host: name }).strict(), result: z.array(PoolTypeInfoSchema) },
  /** The host's block devices and what uses each (mounts, partitions, LVM, pools, VMs). */
  'pool.devices': { params: z.object({ host: name }).strict(), result: z.array(BlockDeviceSchema) },
  /** The sources libvirt finds for a type (VGs; a server's NFS exports, iSCSI targets, Gluster volumes), in the request's source shape. */
  'pool.sources': { params: PoolSourcesRequestSchema, result: z.array(PoolSourceSchema) },
  /** What the back-end says beside libvirt: overcommit, the VG and its thin pools, the zpool, the Ceph pool (pools.usage.ts). */
  'pool.usage': { params: PoolUsageRequestSchema, result: PoolUsageSchema },
} as const satisfies Methods<PoolsMethod>;

export const POOLS_OPERATIONS = [
  operation('pool.create', CreatePoolRequestSchema),
  operation('pool.start', PoolRefRequestSchema),
  operation('pool.stop', PoolRefRequestSchema),
  operation('pool.refresh', PoolRefRequestSchema),
  operation('pool.autostart', PoolAutostartRequestSchema),
  operation('pool.undefine', PoolRefRequestSchema),
  operation('pool.delete', PoolDeleteRequestSchema),
] as const;
/** The operation kinds this feature plans (its planners' keys in the backend). */
export type PoolsOperationKind = z.infer<(typeof POOLS_OPERATIONS)[number]>['kind'];
/** The API methods this feature answers (its handlers' keys in the backend). */
export type { PoolsMethod };
