// Alert rules evaluated on every stats tick (disks and VMs), on every
// inventory change and pool sample (pool fullness), and on every read of a
// logical pool's thin pools (data % and metadata %). An alert has the highest level whose
// threshold (a fraction of the rule's limit) the value reaches, and clears
// as soon as the value falls below the warning threshold.
import path from 'node:path';
import { z } from 'zod';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type Msg } from '../../../../shared/core/messages.ts';
import { AlertRuleSchema, DEFAULT_ALERT_LEVELS, isPoolMetric, type Alert, type AlertLevel, type AlertRule, type DiskRate, type StatsTick, type ThinPoint } from '../../../../shared/contract/features/stats.ts';
import type { Pool } from '../../../../shared/contract/models.ts';
import { readJsonFile, writeFileAtomic } from '../../config/atomic-file.ts';

const LEVELS_DESC: AlertLevel[] = ['emergency', 'critical', 'warning'];

export function levelFor(rule: AlertRule, value: number): AlertLevel | null {
  const f = rule.levels ?? DEFAULT_ALERT_LEVELS;
  for (const l of LEVELS_DESC) if (value >= f[l] * rule.limit) return l;
  return null;
}

/** The rule's metric over a set of disk rates (one disk, or all of a VM's summed). */
export function metricOf(rule: AlertRule, disks: DiskRate[]): number | null {
  if (!disks.length) return null;
  switch (rule.metric) {
    case 'iops':
      return disks.reduce((s, d) => s + d.rdIops + d.wrIops, 0);
    case 'bps':
      return disks.reduce((s, d) => s + d.rdBps + d.wrBps, 0);
    case 'latency': {
      // Request-weighted mean of the read and write latencies.
      let reqs = 0;
      let time = 0;
      for (const d of disks) {
        if (d.rdLatMs !== null) {
          reqs += d.rdIops;
          time += d.rdLatMs * d.rdIops;
        }
        if (d.wrLatMs !== null) {
          reqs += d.wrIops;
          time += d.wrLatMs * d.wrIops;
        }
      }
      return reqs ? time / reqs : 0;
    }
    default:
      return null;
  }
}

const round = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * What a pool alert says, naming the pool (and thin pool) and what to do:
 * free space or grow the pool; for a thin pool's data, extend it or free
 * space; for its metadata, lvextend --poolmetadatasize before it fills.
 */
export function poolAlertMsg(rule: AlertRule, level: AlertLevel, value: number, thin?: { thinPool: string; vg: string | undefined }): Msg {
  const sc = rule.scope as Extract<AlertRule['scope'], { kind: 'pool' }>;
  const base = { host: sc.host, pool: sc.pool, percent: round(value), level: msg(`stats.alerts.level.${level}`) };
  if (rule.metric === 'poolFull' || !thin) return msg('stats.alerts.msg.poolFull', base);
  // The LV path lvextend takes: VG/LV (the VG is the pool's source name; unknown until the thin pools were read).
  const lv = `${thin.vg ?? sc.pool}/${thin.thinPool}`;
  return msg(rule.metric === 'thinMetadata' ? 'stats.alerts.msg.thinMetadata' : 'stats.alerts.msg.thinData', { ...base, thinPool: thin.thinPool, lv });
}

/** The worst thin pool of those the rule names (one by name, or all): its name and the rule's part in %. */
export function worstThin(rule: AlertRule, thin: readonly ThinPoint[]): { name: string; value: number } | null {
  const sc = rule.scope;
  if (sc.kind !== 'pool') return null;
  let worst: { name: string; value: number } | null = null;
  for (const t of thin) {
    if (sc.thinPool !== undefined && t.name !== sc.thinPool) continue;
    const v = rule.metric === 'thinMetadata' ? t.metadataPercent : t.dataPercent;
    if (v !== null && (!worst || v > worst.value)) worst = { name: t.name, value: v };
  }
  return worst;
}

const RulesFileSchema = z.object({ rules: z.array(AlertRuleSchema) });

/** Emits 'changed' (Alert[]) when an alert is raised, changes level or clears. */
export class AlertEngine {
  private rules: AlertRule[] = [];
  private readonly active = new Map<string, Alert>();
  private readonly file: string;
  onChange: (active: Alert[]) => void = () => undefined;

  constructor(configDir: string, private readonly now: () => number = Date.now) {
    this.file = path.join(configDir, 'alerts.json');
  }

  async load(): Promise<void> {
    this.rules = (await readJsonFile(this.file, RulesFileSchema))?.rules ?? [];
  }

  list(): AlertRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  async setRules(rules: AlertRule[]): Promise<AlertRule[]> {
    const ids = new Set<string>();
    // details.rule: the id of the rule at fault, so the editor can mark its row.
    for (const r of rules) {
      if (ids.has(r.id)) throw SpindleError.of('INVALID_ARGUMENT', 'stats.alerts.duplicateId', { id: r.id }, 'rules', { rule: r.id });
      ids.add(r.id);
      const l = r.levels ?? DEFAULT_ALERT_LEVELS;
      if (!(l.warning <= l.critical && l.critical <= l.emergency)) throw SpindleError.of('INVALID_ARGUMENT', 'stats.alerts.levelsOrder', { id: r.id }, 'rules', { rule: r.id });
      if (isPoolMetric(r.metric) ? r.scope.kind !== 'pool' : r.scope.kind === 'pool') throw SpindleError.of('INVALID_ARGUMENT', 'stats.alerts.scopeMetric', { id: r.id }, 'rules', { rule: r.id });
      if (r.scope.kind === 'pool' && r.scope.thinPool !== undefined && r.metric === 'poolFull') throw SpindleError.of('INVALID_ARGUMENT', 'stats.alerts.thinPoolScope', { id: r.id }, 'rules', { rule: r.id });
    }
    await writeFileAtomic(this.file, JSON.stringify({ rules }, null, 2) + '\n');
    const old = new Map(this.rules.map((r) => [r.id, JSON.stringify(r)]));
    this.rules = rules;
    // Alerts of removed or changed rules go; the next tick raises them again if still true.
    const kept = new Map(rules.map((r) => [r.id, JSON.stringify(r)]));
    let changed = false;
    for (const id of [...this.active.keys()]) {
      if (kept.get(id) === undefined || kept.get(id) !== old.get(id)) {
        this.active.delete(id);
        changed = true;
      }
    }
    if (changed) this.onChange(this.activeList());
    return this.list();
  }

  activeList(): Alert[] {
    return [...this.active.values()].map((a) => ({ ...a }));
  }

  /** Hosts that have I/O rules: they are sampled even when nobody looks. */
  hostsNeedingStats(): Set<string> {
    return new Set(this.rules.filter((r) => r.scope.kind !== 'pool').map((r) => r.scope.host));
  }

  onTick(tick: StatsTick): void {
    // A gap says nothing about the disks: alerts stay as they were.
    if (tick.gap) return;
    let changed = false;
    for (const rule of this.rules) {
      const sc = rule.scope;
      if (sc.host !== tick.host || sc.kind === 'pool') continue;
      const disks = tick.disks.filter((d) => d.domain === sc.domain && (sc.kind === 'vm' || d.target === sc.target));
      changed = this.update(rule, metricOf(rule, disks)) || changed;
    }
    if (changed) this.onChange(this.activeList());
  }

  /** Hosts that have pool rules: their pools are sampled even when nobody looks. */
  hostsNeedingPoolSamples(): Set<string> {
    return new Set(this.rules.filter((r) => r.scope.kind === 'pool').map((r) => r.scope.host));
  }

  /**
   * An inventory read: pool fullness of every pool rule of the host (unless
   * `sampled`: then only for pools gone or stopped); a pool that is gone or
   * stopped clears its rules' alerts (thin ones too: an inactive pool's thin
   * pools cannot be read).
   */
  onPools(host: string, pools: Pool[], opts: { sampled?: boolean } = {}): void {
    let changed = false;
    for (const rule of this.rules) {
      const sc = rule.scope;
      if (sc.kind !== 'pool' || sc.host !== host) continue;
      const p = pools.find((x) => x.name === sc.pool);
      // While the host is sampled, fullness comes from the samples: a file pool's inventory
      // numbers can be older than the sampler's refresh (until the refresh event is read).
      if (rule.metric === 'poolFull' && !(opts.sampled && p?.active)) changed = this.update(rule, p && p.capacity > 0 ? (p.allocation / p.capacity) * 100 : null) || changed;
      else if (!p?.active) changed = this.update(rule, null) || changed;
    }
    if (changed) this.onChange(this.activeList());
  }

  /** A pool sample (pool-sampler.ts): fullness, and the thin pools when they were read (a read that failed says nothing). */
  onPoolSample(host: string, pool: string, sample: { capacity: number; allocation: number; thin?: readonly ThinPoint[] | undefined; vg?: string | undefined }): void {
    let changed = false;
    for (const rule of this.rules) {
      const sc = rule.scope;
      if (sc.kind !== 'pool' || sc.host !== host || sc.pool !== pool) continue;
      if (rule.metric === 'poolFull') changed = this.update(rule, sample.capacity > 0 ? (sample.allocation / sample.capacity) * 100 : null) || changed;
      else if (sample.thin) {
        const w = worstThin(rule, sample.thin);
        changed = this.update(rule, w?.value ?? null, w ? { thinPool: w.name, vg: sample.vg } : undefined) || changed;
      }
    }
    if (changed) this.onChange(this.activeList());
  }

  /** Returns whether the list changed (raised, cleared or a new level). */
  private update(rule: AlertRule, value: number | null, thin?: { thinPool: string; vg: string | undefined }): boolean {
    const level = value === null ? null : levelFor(rule, value);
    const cur = this.active.get(rule.id);
    if (!level) {
      if (!cur) return false;
      this.active.delete(rule.id);
      return true;
    }
    const about: Pick<Alert, 'thinPool' | 'msg'> = isPoolMetric(rule.metric) ? { ...(thin ? { thinPool: thin.thinPool } : {}), msg: poolAlertMsg(rule, level, value!, thin) } : {};
    // The same level on another thin pool is a new alert: its message names another LV.
    if (cur && cur.level === level && cur.thinPool === (thin?.thinPool ?? cur.thinPool)) {
      cur.value = value!;
      if (about.msg) cur.msg = about.msg;
      return false;
    }
    this.active.set(rule.id, { ruleId: rule.id, scope: rule.scope, metric: rule.metric, level, value: value!, limit: rule.limit, since: new Date(this.now()).toISOString(), ...about });
    return true;
  }
}
