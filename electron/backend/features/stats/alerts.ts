// Alert rules evaluated on every stats tick (disks and VMs) and on every
// inventory change (pool fullness). An alert has the highest level whose
// threshold (a fraction of the rule's limit) the value reaches, and clears
// as soon as the value falls below the warning threshold.
import path from 'node:path';
import { z } from 'zod';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { AlertRuleSchema, DEFAULT_ALERT_LEVELS, type Alert, type AlertLevel, type AlertRule, type DiskRate, type StatsTick } from '../../../../shared/contract/features/stats.ts';
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
      if (r.metric === 'poolFull' ? r.scope.kind !== 'pool' : r.scope.kind === 'pool') throw SpindleError.of('INVALID_ARGUMENT', 'stats.alerts.scopeMetric', { id: r.id }, 'rules', { rule: r.id });
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

  onPools(host: string, pools: Pool[]): void {
    let changed = false;
    for (const rule of this.rules) {
      const sc = rule.scope;
      if (sc.kind !== 'pool' || sc.host !== host) continue;
      const p = pools.find((x) => x.name === sc.pool);
      changed = this.update(rule, p && p.capacity > 0 ? (p.allocation / p.capacity) * 100 : null) || changed;
    }
    if (changed) this.onChange(this.activeList());
  }

  /** Returns whether the list changed (raised, cleared or a new level). */
  private update(rule: AlertRule, value: number | null): boolean {
    const level = value === null ? null : levelFor(rule, value);
    const cur = this.active.get(rule.id);
    if (!level) {
      if (!cur) return false;
      this.active.delete(rule.id);
      return true;
    }
    if (cur && cur.level === level) {
      cur.value = value!;
      return false;
    }
    this.active.set(rule.id, { ruleId: rule.id, scope: rule.scope, metric: rule.metric, level, value: value!, limit: rule.limit, since: new Date(this.now()).toISOString() });
    return true;
  }
}
