// Alert rules as the editor shows them (text per field, levels in percent of
// the limit) and back, with the checks the editor makes before saving.
import { DEFAULT_ALERT_LEVELS, isPoolMetric, POOL_METRICS, type AlertLevel, type AlertRule, type AlertScope } from '../../../shared/contract/features/stats.ts';
import { byteRateText, parseByteRate, parseDecimal } from './parse.ts';

export type AlertMetric = AlertRule['metric'];
export const LEVELS: readonly AlertLevel[] = ['warning', 'critical', 'emergency'];

export interface RuleDraft {
  id: string;
  scope: AlertScope;
  metric: AlertMetric;
  limit: string;
  levels: Record<AlertLevel, string>;
}

export function metricsFor(scope: AlertScope): AlertMetric[] {
  return scope.kind === 'pool' ? [...POOL_METRICS] : ['iops', 'bps', 'latency'];
}

const pct = (f: number) => String(Math.round(f * 1000) / 10);

export function limitText(metric: AlertMetric, v: number): string {
  return metric === 'bps' ? byteRateText(v) || String(v) : String(v);
}

export function draftOf(rule: AlertRule): RuleDraft {
  const l = rule.levels ?? DEFAULT_ALERT_LEVELS;
  return { id: rule.id, scope: rule.scope, metric: rule.metric, limit: limitText(rule.metric, rule.limit), levels: { warning: pct(l.warning), critical: pct(l.critical), emergency: pct(l.emergency) } };
}

export function newRuleId(): string {
  return `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function newDraft(scope: AlertScope): RuleDraft {
  const metric = metricsFor(scope)[0] ?? 'iops';
  return { id: newRuleId(), scope, metric, limit: '', levels: { warning: pct(DEFAULT_ALERT_LEVELS.warning), critical: pct(DEFAULT_ALERT_LEVELS.critical), emergency: pct(DEFAULT_ALERT_LEVELS.emergency) } };
}

export function parseLimit(metric: AlertMetric, text: string): number {
  switch (metric) {
    case 'iops':
      return parseDecimal(text, 'IOPS');
    case 'bps':
      return parseByteRate(text);
    case 'latency':
      return parseDecimal(text, 'ms');
    case 'poolFull':
    case 'thinData':
    case 'thinMetadata':
      return parseDecimal(text, '%');
  }
}

export interface DraftCheck {
  rule: AlertRule | null;
  /** i18n keys: "limit", "levels". */
  errors: { limit?: string; levels?: string };
}

export function checkDraft(d: RuleDraft): DraftCheck {
  const errors: DraftCheck['errors'] = {};
  const limit = parseLimit(d.metric, d.limit);
  if (d.limit.trim() === '') errors.limit = 'alerts.err.limitNeeded';
  else if (!Number.isFinite(limit) || limit <= 0) errors.limit = `alerts.err.limit.${d.metric}`;
  else if (isPoolMetric(d.metric) && limit > 100) errors.limit = `alerts.err.limit.${d.metric}`;
  const lv = LEVELS.map((l) => parseDecimal(d.levels[l], '%'));
  if (lv.some((v) => !Number.isFinite(v) || v <= 0)) errors.levels = 'alerts.err.levelsNumber';
  else if (!((lv[0] ?? 0) <= (lv[1] ?? 0) && (lv[1] ?? 0) <= (lv[2] ?? 0))) errors.levels = 'alerts.err.levelsOrder';
  if (errors.limit || errors.levels) return { rule: null, errors };
  const [w = 80, c = 95, e = 100] = lv;
  const isDefault = w / 100 === DEFAULT_ALERT_LEVELS.warning && c / 100 === DEFAULT_ALERT_LEVELS.critical && e / 100 === DEFAULT_ALERT_LEVELS.emergency;
  const rule: AlertRule = { id: d.id, scope: d.scope, metric: d.metric, limit, ...(isDefault ? {} : { levels: { warning: w / 100, critical: c / 100, emergency: e / 100 } }) };
  return { rule, errors };
}

export function sameScope(a: AlertScope, b: AlertScope): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
