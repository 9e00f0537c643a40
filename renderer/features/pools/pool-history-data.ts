// What the pool history chart draws: the points pool.history returned,
// merged as new ones arrive (a point of the same minute replaces the older
// one: the backend keeps one a minute), as rows of percentages: allocation
// of capacity, and each thin pool's data and metadata on the points where
// they were read (null elsewhere: the line joins them).
import type { PoolPoint } from '../../../shared/contract/features/stats.ts';

export const STEP_MS = 60_000;

/** `old` followed by `fresh`; a fresh point replaces an old one of the same minute (the newest reading of it). */
export function mergePoints(old: readonly PoolPoint[], fresh: readonly PoolPoint[], stepMs = STEP_MS): PoolPoint[] {
  if (!fresh.length) return [...old];
  const buckets = new Set(fresh.map((p) => Math.floor(p.t / stepMs)));
  const first = fresh[0]!.t;
  return [...old.filter((p) => p.t < first && !buckets.has(Math.floor(p.t / stepMs))), ...fresh];
}

export interface HistoryRow {
  t: number;
  alloc: number | null;
  [series: string]: number | null;
}

/** Series keys of a thin pool's data and metadata in a row. */
export const thinKey = (part: 'data' | 'meta', name: string): string => `${part}:${name}`;

export function historyRows(points: readonly PoolPoint[]): { rows: HistoryRow[]; thinPools: string[] } {
  const names: string[] = [];
  for (const p of points) for (const x of p.thin ?? []) if (!names.includes(x.name)) names.push(x.name);
  const rows = points.map((p) => {
    const row: HistoryRow = { t: p.t, alloc: p.capacity > 0 ? (p.allocation / p.capacity) * 100 : null };
    for (const n of names) {
      const x = p.thin?.find((y) => y.name === n);
      row[thinKey('data', n)] = x?.dataPercent ?? null;
      row[thinKey('meta', n)] = x?.metadataPercent ?? null;
    }
    return row;
  });
  return { rows, thinPools: names };
}
