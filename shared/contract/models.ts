// The inventory model: what the backend knows about a host. These schemas are
// the JSON contract of `spindle inventory --json` and of the renderer API.
import { z } from 'zod';

export const DomainStateSchema = z.enum([
  'running',
  'paused',
  'shutoff',
  'other',
]);
export type DomainState = z.infer<typeof DomainStateSchema>;

export const DiskSourceSchema = z.object({
  /** libvirt <disk type=...>: file, block, volume, network, dir, nvme, vhostuser. */
  type: z.string(),
  file: z.string().optional(),
  dev: z.string().optional(),
  dir: z.string().optional(),
  pool: z.string().optional(),
  volume: z.string().optional(),
  protocol: z.string().optional(),
  name: z.string().optional(),
  hosts: z.array(z.object({ name: z.string().optional(), port: z.string().optional() })).optional(),
});
export type DiskSource = z.infer<typeof DiskSourceSchema>;

export const BackingStoreSchema = z.object({
  type: z.string(),
  format: z.string().optional(),
  path: z.string().optional(),
});
export type BackingStore = z.infer<typeof BackingStoreSchema>;

/** A disk's sizes in bytes as libvirt reports them (domblkinfo, domstats): virtual size, allocated, and what its file or device takes. */
export const DISK_SIZE_FIELDS = {
  capacity: z.number().optional(),
  allocation: z.number().optional(),
  physical: z.number().optional(),
};

export const DiskSchema = z.object({
  target: z.string(),
  bus: z.string().optional(),
  device: z.string(),
  source: DiskSourceSchema,
  /** Path of the source as a user reads it (file, device, pool/volume or protocol:name). */
  sourceLabel: z.string(),
  format: z.string().optional(),
  driverName: z.string().optional(),
  cache: z.string().optional(),
  io: z.string().optional(),
  discard: z.string().optional(),
  detectZeroes: z.string().optional(),
  readonly: z.boolean(),
  shareable: z.boolean(),
  serial: z.string().optional(),
  bootOrder: z.number().optional(),
  alias: z.string().optional(),
  backingChain: z.array(BackingStoreSchema),
  ...DISK_SIZE_FIELDS,
});
export type Disk = z.infer<typeof DiskSchema>;

export const DomainSchema = z.object({
  name: z.string(),
  uuid: z.string(),
  state: DomainStateSchema,
  id: z.number().optional(),
  vcpus: z.number(),
  memoryKiB: z.number(),
  currentMemoryKiB: z.number().optional(),
  autostart: z.boolean(),
  persistent: z.boolean(),
  domainType: z.string().optional(),
  disks: z.array(DiskSchema),
  /**
   * Running persistent VMs whose disks differ between the live and the saved
   * configuration: liveOnly disks go away at shutdown, configOnly ones appear
   * at the next start, changed ones differ in source or options.
   */
  pendingDisks: z.object({ liveOnly: z.array(z.string()), configOnly: z.array(z.string()), changed: z.array(z.string()) }).optional(),
});
export type Domain = z.infer<typeof DomainSchema>;

export const VolumeSchema = z.object({
  name: z.string(),
  pool: z.string(),
  key: z.string(),
  path: z.string(),
  type: z.string().optional(),
  format: z.string().optional(),
  capacity: z.number(),
  allocation: z.number(),
  physical: z.number().optional(),
  backingChain: z.array(BackingStoreSchema),
  /** Encrypted volume: its format (luks) and the libvirt secret holding the passphrase. */
  encryption: z.object({ format: z.string(), secretUuid: z.string().optional() }).optional(),
});
export type Volume = z.infer<typeof VolumeSchema>;

export const PoolSchema = z.object({
  name: z.string(),
  uuid: z.string(),
  type: z.string(),
  active: z.boolean(),
  autostart: z.boolean(),
  capacity: z.number(),
  allocation: z.number(),
  available: z.number(),
  targetPath: z.string().optional(),
  sourceDescription: z.string().optional(),
  volumes: z.array(VolumeSchema),
});
export type Pool = z.infer<typeof PoolSchema>;

export const InventorySchema = z.object({
  host: z.string(),
  uri: z.string(),
  loadedAt: z.string(),
  durationMs: z.number(),
  domains: z.array(DomainSchema),
  pools: z.array(PoolSchema),
});
export type Inventory = z.infer<typeof InventorySchema>;

/**
 * The name of the host Spindle adds for this machine's libvirtd on first start.
 * It is the host's identifier (settings, API, CLI --host); the UI shows it in
 * the user's language (renderer/platform/i18n/host-label.ts).
 */
export const BUILTIN_LOCAL_HOST_NAME = 'This computer';

export const AuthMethodSchema = z.enum(['agent', 'key', 'password']);
export type AuthMethod = z.infer<typeof AuthMethodSchema>;

export const HostConfigSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('local'),
    name: z.string(),
    uri: z.string(),
    sudo: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('ssh'),
    name: z.string(),
    host: z.string(),
    port: z.number().int().min(1).max(65535),
    user: z.string(),
    auth: AuthMethodSchema,
    keyPath: z.string().optional(),
    uri: z.string(),
    sudo: z.boolean().default(false),
  }),
]);
export type HostConfig = z.infer<typeof HostConfigSchema>;

/** reconnecting: a host that was online is gone and is being tried again (offline once that has gone on for minutes). */
export const HostStatusSchema = z.enum(['connecting', 'online', 'reconnecting', 'offline', 'error']);
export type HostStatus = z.infer<typeof HostStatusSchema>;
