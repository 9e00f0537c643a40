// How full is too full, written once: the alert level of a fill percentage
// (a pool's fullness, an LVM thin pool's data and metadata, a zpool's
// capacity, a Ceph pool's use). The stats alerts, the pool usage report, the
// UI and any exporter (Prometheus rules) read the same thresholds from here.
export const ALERT_LEVELS = ['warning', 'critical', 'emergency'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
/** Fractions of the limit at which each level starts: 80 %, 95 %, 100 % of a fill. */
export const DEFAULT_ALERT_LEVELS = { warning: 0.8, critical: 0.95, emergency: 1 } as const;
export type AlertFractions = { readonly [L in AlertLevel]: number };

const DESCENDING: readonly AlertLevel[] = ['emergency', 'critical', 'warning'];

/** The level a fill percentage (0-100) reaches, or null below the warning threshold or when unknown. */
export function fillLevel(percent: number | null | undefined, levels: AlertFractions = DEFAULT_ALERT_LEVELS): AlertLevel | null {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return null;
  for (const l of DESCENDING) if (percent >= levels[l] * 100) return l;
  return null;
}

/** Which part of an LVM thin pool an alert is about. */
export const THIN_POOL_PARTS = ['data', 'metadata'] as const;
export type ThinPoolPart = (typeof THIN_POOL_PARTS)[number];

/**
 * A thin pool's alert: the worse of its data and metadata fill. At the same
 * level metadata wins: full metadata turns the thin pool read-only (and can
 * damage its thin volumes), full data only blocks the guests' writes. Null
 * below both warning thresholds, or for an inactive pool (no percentages).
 */
export function thinPoolAlert(t: { dataPercent: number | null; metadataPercent: number | null }, levels: AlertFractions = DEFAULT_ALERT_LEVELS): { level: AlertLevel; part: ThinPoolPart } | null {
  const data = fillLevel(t.dataPercent, levels);
  const meta = fillLevel(t.metadataPercent, levels);
  const rank = (l: AlertLevel | null): number => (l === null ? -1 : ALERT_LEVELS.indexOf(l));
  if (meta !== null && rank(meta) >= rank(data)) return { level: meta, part: 'metadata' };
  if (data !== null) return { level: data, part: 'data' };
  return null;
}
