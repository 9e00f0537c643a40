// The stats feature's contract. Live I/O statistics, I/O limits and alerts:
// the contract between the stats engine in the backend and the charts, tables
// and alert views (its methods, the iotune.set operation, the stats and
// alerts events).
import { z } from 'zod';
import { ErrorCodeSchema } from '../../core/errors.ts';
import { ChangeModeSchema, isActive, type DevicePresence } from '../../core/domain-rules.ts';
import { ALERT_LEVELS } from '../../core/fill-levels.ts';
import { MsgSchema } from '../../core/messages.ts';
import { name, operation, type Methods } from '../feature-contract.ts';
import { DISK_SIZE_FIELDS, type Domain } from '../models.ts';
import type { StatsMethod } from './stats.names.ts';

export const STATS_INTERVAL = { min: 1, max: 60, default: 2 } as const;
/** History kept per series (seconds). */
export const STATS_HISTORY_S = 600;

/** One disk's rates over the last tick. Latencies are null when the disk did no such request. */
export const DiskRateSchema = z.object({
  domain: z.string(),
  target: z.string(),
  rdIops: z.number(),
  wrIops: z.number(),
  rdBps: z.number(),
  wrBps: z.number(),
  rdLatMs: z.number().nullable(),
  wrLatMs: z.number().nullable(),
  flLatMs: z.number().nullable(),
  ...DISK_SIZE_FIELDS,
});
export type DiskRate = z.infer<typeof DiskRateSchema>;

export const StatsTickSchema = z.object({
  host: z.string(),
  /** Sample time, ms since the epoch (host-independent: taken by the backend). */
  t: z.number(),
  intervalS: z.number(),
  disks: z.array(DiskRateSchema),
  /** Series that ended with this tick (disk unplugged, VM stopped): "domain/target". */
  ended: z.array(z.string()),
  /**
   * No sample could be taken (the host was gone): a break in every series of
   * the host, with the reason; such a tick has no disks. Rates resume one
   * interval after the host is back (the first sample is a new baseline).
   * `message` is the reason in English; `msg`, the same as a message.
   */
  gap: z.object({ code: ErrorCodeSchema, message: z.string(), msg: MsgSchema.optional() }).optional(),
});
export type StatsTick = z.infer<typeof StatsTickSchema>;

export const StatsHistorySchema = z.object({
  host: z.string(),
  intervalS: z.number(),
  /** Oldest first, at most STATS_HISTORY_S / intervalS ticks. */
  ticks: z.array(StatsTickSchema),
});
export type StatsHistory = z.infer<typeof StatsHistorySchema>;

/** blkdeviotune limits; 0 or absent means no limit. The *Max are bursts. */
export const IOTUNE_FIELDS = [
  'totalBytesSec',
  'readBytesSec',
  'writeBytesSec',
  'totalIopsSec',
  'readIopsSec',
  'writeIopsSec',
  'totalBytesSecMax',
  'readBytesSecMax',
  'writeBytesSecMax',
  'totalIopsSecMax',
  'readIopsSecMax',
  'writeIopsSecMax',
] as const;
export type IoTuneField = (typeof IOTUNE_FIELDS)[number];
export const IoTuneSchema = z.object(Object.fromEntries(IOTUNE_FIELDS.map((f) => [f, z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional()])) as Record<IoTuneField, z.ZodOptional<z.ZodNumber>>).strict();
export type IoTune = z.infer<typeof IoTuneSchema>;

export const IoTuneSetRequestSchema = z
  .object({
    domain: z.string().min(1).max(255),
    target: z.string().min(1).max(32),
    limits: IoTuneSchema,
    /** Left out: the first of the modes the disk can take (modesForDevice). */
    mode: ChangeModeSchema.optional(),
  })
  .strict();
export type IoTuneSetRequest = z.infer<typeof IoTuneSetRequestSchema>;

/**
 * A disk's limits in each configuration it is in: null where it is not (live:
 * the VM is not running, or the disk is only in the saved configuration;
 * config: the disk was attached to the running VM only, or the VM is transient).
 */
export const IoTuneReadingSchema = z.object({ live: IoTuneSchema.nullable(), config: IoTuneSchema.nullable() });
export type IoTuneReading = z.infer<typeof IoTuneReadingSchema>;

/**
 * Where a VM's disk is: in the running VM, in the saved configuration, or
 * both. A running VM's disks are its live ones; `pendingDisks` names those
 * only in one configuration. Null when the VM has no such disk at all.
 * (Not stats-specific: a candidate for shared/core/domain-rules.ts.)
 */
export function diskPresence(dom: Pick<Domain, 'state' | 'persistent' | 'disks' | 'pendingDisks'>, target: string): DevicePresence | null {
  const active = isActive(dom.state);
  const listed = dom.disks.some((d) => d.target === target);
  const configOnly = active && (dom.pendingDisks?.configOnly.includes(target) ?? false);
  if (!listed && !configOnly) return null;
  const liveOnly = active && (dom.pendingDisks?.liveOnly.includes(target) ?? false);
  return { active, persistent: dom.persistent, inLive: active && listed, inSaved: dom.persistent && !liveOnly };
}

export const ALERT_METRICS = ['iops', 'bps', 'latency', 'poolFull', 'thinData', 'thinMetadata'] as const;
/** The metrics of pool rules: fills in %, read by the pool sampler (pool-history.ts) and the inventory. */
export const POOL_METRICS = ['poolFull', 'thinData', 'thinMetadata'] as const;
export type PoolMetric = (typeof POOL_METRICS)[number];
export const isPoolMetric = (m: AlertMetric): m is PoolMetric => (POOL_METRICS as readonly string[]).includes(m);
export type AlertMetric = (typeof ALERT_METRICS)[number];
// The levels and their thresholds are shared/core's (one rule for every fill: pools, thin pools, zpools, Ceph).
export { ALERT_LEVELS, DEFAULT_ALERT_LEVELS, type AlertLevel } from '../../core/fill-levels.ts';

export const AlertScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('disk'), host: z.string(), domain: z.string(), target: z.string() }).strict(),
  /** The sum over the VM's disks. */
  z.object({ kind: z.literal('vm'), host: z.string(), domain: z.string() }).strict(),
  /**
   * A pool; for thinData / thinMetadata, one LVM thin pool of a logical pool's
   * VG by its LV name, or (left out) every thin pool in it: the worst one raises the alert.
   */
  z.object({ kind: z.literal('pool'), host: z.string(), pool: z.string(), thinPool: z.string().min(1).max(128).optional() }).strict(),
]);
export type AlertScope = z.infer<typeof AlertScopeSchema>;

export const AlertRuleSchema = z
  .object({
    id: z.string().min(1).max(64),
    scope: AlertScopeSchema,
    /**
     * iops: reads+writes per second; bps: bytes per second; latency: worst of read/write mean, ms;
     * poolFull: percent used (allocation / capacity); thinData, thinMetadata: an LVM thin pool's data % and metadata % (lvs).
     */
    metric: z.enum(ALERT_METRICS),
    limit: z.number().positive(),
    levels: z.object({ warning: z.number().positive(), critical: z.number().positive(), emergency: z.number().positive() }).strict().optional(),
  })
  .strict();
export type AlertRule = z.infer<typeof AlertRuleSchema>;

export const AlertSchema = z.object({
  ruleId: z.string(),
  scope: AlertScopeSchema,
  metric: z.enum(ALERT_METRICS),
  level: z.enum(ALERT_LEVELS),
  value: z.number(),
  limit: z.number(),
  /** When it reached its current level (ISO time). */
  since: z.string(),
  /** The thin pool at fault (thinData / thinMetadata). */
  thinPool: z.string().optional(),
  /** What it means and what to do, naming the pool (pool metrics); the UI and CLI show it as it is. */
  msg: MsgSchema.optional(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** Pool fullness history: one point per pool and minute at most, 7 days, in memory (pool-history.ts). */
export const POOL_HISTORY = { stepS: 60, keepS: 7 * 24 * 3600, thinEveryS: 300 } as const;

export const ThinPointSchema = z.object({ name: z.string(), dataPercent: z.number().nonnegative().nullable(), metadataPercent: z.number().nonnegative().nullable() });
export type ThinPoint = z.infer<typeof ThinPointSchema>;

export const PoolPointSchema = z.object({
  /** ms since the epoch (the backend's clock). */
  t: z.number(),
  capacity: z.number().nonnegative(),
  allocation: z.number().nonnegative(),
  /** A logical pool's thin pools, on the points where they were read (every 5 minutes). */
  thin: z.array(ThinPointSchema).optional(),
});
export type PoolPoint = z.infer<typeof PoolPointSchema>;

export const PoolHistorySchema = z.object({
  host: z.string(),
  pool: z.string(),
  stepS: z.number(),
  keepS: z.number(),
  /** Oldest first. */
  points: z.array(PoolPointSchema),
});
export type PoolHistory = z.infer<typeof PoolHistorySchema>;

/** method name -> { params, result } */
export const STATS_METHODS = {
  /**
   * Samples the host's disk I/O (one domstats per tick for all running VMs)
   * for the next 30 s: call again to keep watching. Returns the history kept
   * so far (only the ticks newer than `since`, ms, when given: a renewal
   * need not carry ten minutes of samples it already has); new samples
   * arrive as "stats" events.
   */
  'stats.watch': {
    params: z
      .object({ host: name, intervalS: z.number().int().min(STATS_INTERVAL.min).max(STATS_INTERVAL.max).optional(), since: z.number().finite().nonnegative().optional() })
      .strict(),
    result: StatsHistorySchema,
  },
  'stats.unwatch': { params: z.object({ host: name }).strict(), result: z.object({ sampling: z.boolean() }) },
  /** A disk's I/O limits (blkdeviotune) in each configuration it is in (null where it is not). Set them with the iotune.set operation. */
  'iotune.get': {
    params: z.object({ host: name, domain: name, target: z.string().min(1).max(32) }).strict(),
    result: IoTuneReadingSchema,
  },
  'alerts.rules': { params: z.object({}).strict(), result: z.array(AlertRuleSchema) },
  /** Replaces all alert rules (saved in the settings folder). */
  'alerts.setRules': { params: z.object({ rules: z.array(AlertRuleSchema).max(1000) }).strict(), result: z.array(AlertRuleSchema) },
  'alerts.active': { params: z.object({}).strict(), result: z.array(AlertSchema) },
  /**
   * A pool's fullness over time (newer than `sinceMs` when given). Also a
   * lease: the host's pools are sampled every minute (pool-refresh of file
   * pools, pool-info of all; thin pools every 5 minutes) for the next
   * 5 minutes; call again to keep it. A sample older than 10 s is taken afresh first.
   */
  'pool.history': {
    params: z.object({ host: name, pool: name, sinceMs: z.number().finite().nonnegative().optional() }).strict(),
    result: PoolHistorySchema,
  },
} as const satisfies Methods<StatsMethod>;

export const STATS_OPERATIONS = [operation('iotune.set', IoTuneSetRequestSchema)] as const;
/** The operation kinds this feature plans (its planners' keys in the backend). */
export type StatsOperationKind = z.infer<(typeof STATS_OPERATIONS)[number]>['kind'];
/** The API methods this feature answers (its handlers' keys in the backend). */
export type { StatsMethod };

/** The events this feature pushes (api.ts's EVENTS holds them with the others). */
export const STATS_EVENTS = {
  stats: StatsTickSchema,
  /** The whole list of active alerts, whenever it changes. */
  alerts: z.object({ active: z.array(AlertSchema) }),
} as const;
