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
export const CREATABLE_POOL_TYPES = ['dir', 'fs'] as const;

/** A request that names one pool (start, stop, refresh, undefine). */
export const PoolRefRequestSchema = z.object({ pool: name }).strict();

export const CreatePoolRequestSchema = z
  .object({
    name,
    /** Any libvirt type name: the planner refuses, with the reason, those Spindle cannot create yet. */
    type: z.string().min(1).max(32),
    target: path,
    /** Octal mode (0755), numeric owner and group, as libvirt takes them. */
    permissions: z.object({ mode: z.string().max(8).optional(), owner: z.string().max(16).optional(), group: z.string().max(16).optional() }).strict().optional(),
    /** fs: the block device. */
    sourceDevice: path.optional(),
    /** fs: the filesystem (ext4, xfs, ...); what pool-build makes. */
    sourceFormat: z.string().min(1).max(32).optional(),
    /** pool-build: makes the directory (dir) or the filesystem (fs, with formatDevice). */
    build: z.boolean().default(false),
    /** fs build: the device's name repeated, the confirmation that it may be formatted. */
    formatDevice: path.optional(),
    autostart: z.boolean().default(false),
  })
  .strict();
export type CreatePoolRequest = z.infer<typeof CreatePoolRequestSchema>;
export const CREATE_POOL_FIELDS = ['name', 'type', 'target', 'permissions', 'sourceDevice', 'sourceFormat', 'build', 'formatDevice', 'autostart'] as const satisfies readonly (keyof CreatePoolRequest)[];
export type CreatePoolField = (typeof CREATE_POOL_FIELDS)[number];

export const PoolAutostartRequestSchema = z.object({ pool: name, on: z.boolean() }).strict();
export const PoolDeleteRequestSchema = z
  .object({
    pool: name,
    /** Delete its volumes first (refused while a VM uses any); without it a pool with volumes is refused. */
    withVolumes: z.boolean().default(false),
  })
  .strict();

/** method name -> { params, result } */
export const POOLS_METHODS = {
  /** Every pool type: what it takes, whether this host runs it, the package that adds it. */
  'pool.types': { params: z.object({ host: name }).strict(), result: z.array(PoolTypeInfoSchema) },
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
