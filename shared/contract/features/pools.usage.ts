// pool.usage: what libvirt's pool-info does not say. Beside libvirt's
// capacity, allocation and available: how far the pool is overcommitted
// (its volumes' capacities against its own), and what the back-end itself
// reports: for a logical pool the volume group, its physical volumes and
// every LVM thin pool in it (data and metadata %); for zfs the zpool; for
// rbd the Ceph pool and the cluster's health. Each fill carries its alert
// level from shared/core/fill-levels.ts, the rule the UI and an exporter share.
import { z } from 'zod';
import { ALERT_LEVELS, THIN_POOL_PARTS } from '../../core/fill-levels.ts';
import { msg, MsgSchema, type Msg } from '../../core/messages.ts';
import { name } from '../feature-contract.ts';

export const PoolUsageRequestSchema = z.object({ host: name, pool: name }).strict();

const bytes = z.number().nonnegative();
const percent = z.number().nonnegative().nullable();
const level = z.enum(ALERT_LEVELS).nullable();

export const ThinPoolUsageSchema = z.object({
  name: z.string(),
  sizeBytes: bytes,
  /** null while the thin pool is inactive (lvs prints no percentages then). */
  dataPercent: percent,
  metadataPercent: percent,
  metadataSizeBytes: bytes.nullable(),
  /** Its thin volumes, and the sum of their virtual sizes (how far it is overcommitted). */
  volumes: z.number().int().nonnegative(),
  virtualBytes: bytes,
  active: z.boolean(),
  /** The worse of data and metadata (thinPoolAlert); null below 80 %. */
  level,
  levelPart: z.enum(THIN_POOL_PARTS).nullable(),
});
export type ThinPoolUsage = z.infer<typeof ThinPoolUsageSchema>;

export const LvmUsageSchema = z.object({
  vg: z.object({
    name: z.string(),
    sizeBytes: bytes,
    freeBytes: bytes,
    extentBytes: bytes,
    extents: z.number().int().nonnegative(),
    freeExtents: z.number().int().nonnegative(),
    pvs: z.array(z.object({ path: z.string(), sizeBytes: bytes, freeBytes: bytes })),
  }),
  thinPools: z.array(ThinPoolUsageSchema),
});
export type LvmUsage = z.infer<typeof LvmUsageSchema>;

export const ZfsUsageSchema = z.object({
  name: z.string(),
  sizeBytes: bytes,
  allocatedBytes: bytes,
  freeBytes: bytes,
  /** Free-space fragmentation, % (null: the pool cannot tell, "-"). */
  fragmentationPercent: percent,
  capacityPercent: z.number().nonnegative(),
  dedupRatio: z.number().nonnegative().nullable(),
  /** ONLINE, DEGRADED, FAULTED, OFFLINE, UNAVAIL, REMOVED, SUSPENDED. */
  health: z.string(),
  level,
});
export type ZfsUsage = z.infer<typeof ZfsUsageSchema>;

export const CephUsageSchema = z.object({
  pool: z.string(),
  storedBytes: bytes,
  usedBytes: bytes,
  maxAvailBytes: bytes,
  /** used / (used + max avail), as Ceph computes it, in %. */
  percentUsed: z.number().nonnegative(),
  objects: z.number().int().nonnegative(),
  cluster: z.object({ totalBytes: bytes, availBytes: bytes, usedRawBytes: bytes }),
  health: z.object({ status: z.string(), checks: z.array(z.object({ code: z.string(), severity: z.string(), summary: z.string() })) }),
  /** Where the cephx key came from: the pool's libvirt secret (sent on standard input), the host's keyring, or none (a pool without auth). */
  keyFrom: z.enum(['libvirt-secret', 'host-keyring', 'none']),
  level,
});
export type CephUsage = z.infer<typeof CephUsageSchema>;

export const PoolUsageSchema = z.object({
  host: z.string(),
  pool: z.string(),
  type: z.string(),
  active: z.boolean(),
  /** libvirt's numbers, from the inventory (bytes). */
  capacity: bytes,
  allocation: bytes,
  available: bytes,
  /** The pool's volumes' capacities summed, against the pool's capacity (null: capacity 0, an inactive pool). */
  overcommit: z.object({ volumes: z.number().int().nonnegative(), sumCapacityBytes: bytes, ratio: z.number().nonnegative().nullable() }),
  lvm: LvmUsageSchema.optional(),
  zfs: ZfsUsageSchema.optional(),
  ceph: CephUsageSchema.optional(),
  readAt: z.string(),
  /** What could not be read, and why (a tool missing names its package). */
  problems: z.array(MsgSchema),
});
export type PoolUsage = z.infer<typeof PoolUsageSchema>;

const pct = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * The alerts of a usage report, one message each, so that the CLI, the UI
 * and an exporter say the same: every thin pool, zpool and Ceph pool at a
 * level (fill-levels.ts), a zpool that is not ONLINE, a Ceph cluster that is
 * not HEALTH_OK, and volumes whose capacities add up to more than the pool.
 */
export function usageAlerts(u: PoolUsage): Msg[] {
  const level = (l: (typeof ALERT_LEVELS)[number]): Msg => msg(`pools.usage.level.${l}`);
  const out: Msg[] = [];
  for (const t of u.lvm?.thinPools ?? []) {
    const percent = t.levelPart === 'metadata' ? t.metadataPercent : t.dataPercent;
    if (t.level && t.levelPart && percent !== null) out.push(msg(`pools.usage.alert.${t.levelPart}`, { name: t.name, percent: pct(percent), level: level(t.level) }));
  }
  if (u.zfs?.level) out.push(msg('pools.usage.alert.zpool', { name: u.zfs.name, percent: pct(u.zfs.capacityPercent), level: level(u.zfs.level) }));
  if (u.zfs && u.zfs.health !== 'ONLINE') out.push(msg('pools.usage.alert.zpoolHealth', { name: u.zfs.name, health: u.zfs.health }));
  if (u.ceph?.level) out.push(msg('pools.usage.alert.ceph', { name: u.ceph.pool, percent: pct(u.ceph.percentUsed), level: level(u.ceph.level) }));
  if (u.ceph && u.ceph.health.status !== 'HEALTH_OK') out.push(msg('pools.usage.alert.cephHealth', { status: u.ceph.health.status, count: u.ceph.health.checks.length }));
  if (u.overcommit.ratio !== null && u.overcommit.ratio > 1) out.push(msg('pools.usage.alert.overcommit', { ratio: pct(u.overcommit.ratio) }));
  return out;
}
