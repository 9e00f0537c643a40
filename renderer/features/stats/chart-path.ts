// From a window of samples to what the chart draws, without intermediate
// objects: the plot area, each series stroked on a canvas, the scale's top,
// the sample under the pointer.
import type { ChartMetric, RawWindow } from './chart-data.ts';

export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const CHART_MARGIN = { top: 6, right: 10, bottom: 0, left: 0 } as const;
export const yAxisWidth = (metric: ChartMetric): number => (metric === 'bps' ? 62 : 44);
export const xAxisHeight = (compact: boolean): number => (compact ? 18 : 22);

/** The plot area recharts lays out for our margins and axis sizes. */
export function plotArea(width: number, height: number, metric: ChartMetric, compact: boolean): PlotArea {
  const left = CHART_MARGIN.left + yAxisWidth(metric);
  const top = CHART_MARGIN.top;
  return { left, top, width: Math.max(1, width - left - CHART_MARGIN.right), height: Math.max(1, height - top - CHART_MARGIN.bottom - xAxisHeight(compact)) };
}

/** x of time `t` when the window ends at `t1` and spans `rangeS`. */
export const xOf = (g: PlotArea, t: number, t1: number, rangeS: number): number => g.left + g.width + ((t - t1) / (rangeS * 1000)) * g.width;

/** The highest value of the shown series from `t0` on, and of the extra values (limits). */
export function windowMax(w: RawWindow, shown: readonly number[], t0: number, extra: readonly number[] = []): number {
  let m = 0;
  const n = w.t.length;
  let start = 0;
  while (start < n && (w.t[start] ?? 0) < t0) start++;
  for (const k of shown) {
    const col = w.v[k];
    if (!col) continue;
    for (let i = start; i < n; i++) {
      const v = col[i] ?? 0;
      if (v > m) m = v;
    }
  }
  for (const v of extra) if (v > m) m = v;
  return m;
}

/** Index of the sample nearest time `t` (the window is sorted by time), or -1. */
export function nearestIndex(w: RawWindow, t: number): number {
  const n = w.t.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((w.t[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((w.t[lo - 1] ?? 0) - t) < Math.abs((w.t[lo] ?? 0) - t)) lo--;
  return lo;
}

/** The newest value of each series (null when its last sample has none). */
export function lastValues(w: RawWindow): (number | null)[] {
  const n = w.t.length;
  return w.v.map((col) => {
    for (let i = n - 1; i >= Math.max(0, n - 2); i--) {
      const v = col[i] ?? NaN;
      if (Number.isFinite(v)) return v;
    }
    return null;
  });
}

/**
 * One series as a polyline on a 2D canvas (scaled to CSS pixels): at most
 * one point per `slotPx`, the slot's highest sample (peaks stay visible);
 * a gap (NaN) lifts the pen.
 */
export function strokeSeries(ctx: CanvasRenderingContext2D, w: RawWindow, k: number, g: PlotArea, t1: number, rangeS: number, yTop: number, slotPx = 2): void {
  const col = w.v[k];
  if (!col) return;
  const sx = g.width / (rangeS * 1000);
  const x0 = g.left + g.width - t1 * sx;
  const sy = g.height / (yTop || 1);
  const yb = g.top + g.height;
  const cap = yTop * 1.05;
  // Plain locals and no inner function: a closure over these would box every
  // double it writes (megabytes per second of garbage with 20 charts).
  let pen = false;
  let slot = NaN;
  let bx = 0;
  let bv = -Infinity;
  ctx.beginPath();
  const n = w.t.length;
  for (let i = 0; i <= n; i++) {
    const v = i < n ? (col[i] ?? NaN) : NaN;
    const x = i < n ? x0 + (w.t[i] ?? 0) * sx : 0;
    const s = Number.isFinite(v) ? Math.floor(x / slotPx) : NaN;
    // Close the slot being filled: at a gap, a new slot or the end.
    if (s !== slot && bv !== -Infinity) {
      const y = yb - Math.min(bv, cap) * sy;
      if (pen) ctx.lineTo(bx, y);
      else ctx.moveTo(bx, y);
      pen = true;
      bv = -Infinity;
    }
    if (!Number.isFinite(v)) {
      pen = false; // a gap lifts the pen
      slot = NaN;
      continue;
    }
    slot = s;
    if (v > bv) bv = v;
    bx = x;
  }
  ctx.stroke();
}
