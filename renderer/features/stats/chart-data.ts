// What a chart draws, read from the ring buffers: the raw samples of a time
// window for one disk or for a VM (its disks combined), reduced to at most a
// few points per pixel, and the same window as CSV.
import { formatBytes } from '../../../shared/core/units.ts';
import { RATE_FIELDS, type HostStats, type RateField, type Series } from './series.ts';

export type ChartMetric = 'iops' | 'bps' | 'lat';
export type SeriesId = 'rd' | 'wr' | 'fl';
export interface SeriesDef {
  id: SeriesId;
  field: RateField;
}

export const CHART_METRICS: readonly ChartMetric[] = ['iops', 'bps', 'lat'];
export const METRIC_SERIES: Record<ChartMetric, readonly SeriesDef[]> = {
  iops: [
    { id: 'rd', field: 'rdIops' },
    { id: 'wr', field: 'wrIops' },
  ],
  bps: [
    { id: 'rd', field: 'rdBps' },
    { id: 'wr', field: 'wrBps' },
  ],
  lat: [
    { id: 'rd', field: 'rdLatMs' },
    { id: 'wr', field: 'wrLatMs' },
    { id: 'fl', field: 'flLatMs' },
  ],
};

/** Column-wise samples of one window, oldest first; NaN where a series has no value. */
export interface RawWindow {
  t: number[];
  v: number[][];
}

const F = (f: RateField): number => RATE_FIELDS.indexOf(f);

/** One disk's samples from `t0` on. */
const FIELD_INDEX: Record<ChartMetric, number[]> = {
  iops: METRIC_SERIES.iops.map((d) => RATE_FIELDS.indexOf(d.field)),
  bps: METRIC_SERIES.bps.map((d) => RATE_FIELDS.indexOf(d.field)),
  lat: METRIC_SERIES.lat.map((d) => RATE_FIELDS.indexOf(d.field)),
};

/**
 * One disk's samples from `t0` on. With `into`, its arrays are refilled
 * instead of new ones made (a chart redrawn every second reuses its window).
 */
export function diskWindow(s: Series, metric: ChartMetric, t0: number, into?: RawWindow): RawWindow {
  const idx = FIELD_INDEX[metric];
  const out: RawWindow = into && into.v.length === idx.length && !Object.isFrozen(into.t) ? into : { t: [], v: idx.map(() => []) };
  const start = s.indexAt(t0);
  const n = Math.max(0, s.length - start);
  out.t.length = n;
  for (const col of out.v) col.length = n;
  for (let j = 0; j < n; j++) {
    const i = start + j;
    out.t[j] = s.timeAt(i);
    for (let k = 0; k < idx.length; k++) (out.v[k] as number[])[j] = s.valueAtIndex(i, idx[k] ?? 0);
  }
  return out;
}

/**
 * A VM's disks combined per tick: IOPS and bytes are summed; read and write
 * latency are the request-weighted mean (each disk's mean latency weighted
 * by its read or write IOPS); flush latency is the worst disk's (the
 * contract carries no flush counts to weight by).
 */
export function vmWindow(list: readonly Series[], metric: ChartMetric, t0: number): RawWindow {
  const acc = new Map<number, number[]>();
  const lat = metric === 'lat';
  const rdI = F('rdIops');
  const wrI = F('wrIops');
  const defs = METRIC_SERIES[metric];
  const idx = defs.map((d) => F(d.field));
  for (const s of list) {
    for (let i = s.indexAt(t0); i < s.length; i++) {
      const t = s.timeAt(i);
      let a = acc.get(t);
      if (!a) {
        // sums: [rd, wr, n] ; latency: [rdNum, rdDen, wrNum, wrDen, flMax, n]
        a = lat ? [0, 0, 0, 0, NaN, 0] : [0, 0, 0];
        acc.set(t, a);
      }
      if (lat) {
        const rl = s.valueAtIndex(i, idx[0] ?? 0);
        const wl = s.valueAtIndex(i, idx[1] ?? 0);
        const fl = s.valueAtIndex(i, idx[2] ?? 0);
        const ri = s.valueAtIndex(i, rdI);
        const wi = s.valueAtIndex(i, wrI);
        if (Number.isFinite(rl) && ri > 0) {
          a[0] = (a[0] ?? 0) + rl * ri;
          a[1] = (a[1] ?? 0) + ri;
        }
        if (Number.isFinite(wl) && wi > 0) {
          a[2] = (a[2] ?? 0) + wl * wi;
          a[3] = (a[3] ?? 0) + wi;
        }
        if (Number.isFinite(fl)) a[4] = Number.isFinite(a[4]) ? Math.max(a[4] ?? 0, fl) : fl;
        if (Number.isFinite(ri)) a[5] = (a[5] ?? 0) + 1;
      } else {
        const r = s.valueAtIndex(i, idx[0] ?? 0);
        const w = s.valueAtIndex(i, idx[1] ?? 0);
        if (Number.isFinite(r) && Number.isFinite(w)) {
          a[0] = (a[0] ?? 0) + r;
          a[1] = (a[1] ?? 0) + w;
          a[2] = (a[2] ?? 0) + 1;
        }
      }
    }
  }
  const times = [...acc.keys()].sort((x, y) => x - y);
  const out: RawWindow = { t: times, v: defs.map(() => []) };
  for (const t of times) {
    const a = acc.get(t) ?? [];
    if (lat) {
      const n = a[5] ?? 0;
      out.v[0]?.push(n > 0 && (a[1] ?? 0) > 0 ? (a[0] ?? 0) / (a[1] ?? 1) : NaN);
      out.v[1]?.push(n > 0 && (a[3] ?? 0) > 0 ? (a[2] ?? 0) / (a[3] ?? 1) : NaN);
      out.v[2]?.push(n > 0 ? (a[4] ?? NaN) : NaN);
    } else {
      const n = a[2] ?? 0;
      out.v[0]?.push(n > 0 ? (a[0] ?? 0) : NaN);
      out.v[1]?.push(n > 0 ? (a[1] ?? 0) : NaN);
    }
  }
  return out;
}

/** The series of a VM's disks on a host. */
export function vmSeries(hs: HostStats | undefined, vm: string): Series[] {
  if (!hs) return [];
  const out: Series[] = [];
  for (const s of hs.series.values()) if (s.domain === vm) out.push(s);
  return out;
}

export const UNIT_LABEL: Record<ChartMetric, string> = { iops: 'IOPS', bps: 'B/s', lat: 'ms' };

/** The window as CSV: ISO time, then one column per series with its unit in the header. Empty cells where there is no value. */
export function windowCsv(w: RawWindow, metric: ChartMetric, columnNames: readonly string[], t0: number, t1: number): string {
  const unit = UNIT_LABEL[metric];
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [['time (ISO 8601)', ...columnNames.map((c) => `${c} (${unit})`)].map(q).join(',')];
  for (let i = 0; i < w.t.length; i++) {
    const t = w.t[i] ?? 0;
    if (t < t0 || t > t1) continue;
    const cells = w.v.map((col) => {
      const v = col[i] ?? NaN;
      return Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '';
    });
    // A gap row carries no values: it only marks the break.
    if (cells.every((c) => c === '')) continue;
    lines.push([new Date(t).toISOString(), ...cells].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const TICK_STEPS_S = [10, 15, 20, 30, 60, 120, 180, 300, 600];

/**
 * Ticks of the time axis in seconds before now (-60 ... 0), at most
 * `maxTicks` intervals. Relative, so the axis stands still while the
 * samples move under it.
 */
export function relativeTicks(rangeS: number, maxTicks = 5): number[] {
  const step = TICK_STEPS_S.find((s) => rangeS / s <= Math.max(1, maxTicks)) ?? 600;
  const out: number[] = [];
  for (let v = -Math.floor(rangeS / step) * step; v <= 0; v += step) out.push(v);
  return out;
}

const compact = new Intl.NumberFormat('en', { maximumSignificantDigits: 3 });
const precise = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** A value with its unit, for tooltips and tables: "1.50 MiB/s", "123 IOPS", "4.2 ms". */
export function formatRate(v: number | null | undefined, metric: ChartMetric): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  switch (metric) {
    case 'iops':
      return `${(v >= 100 ? whole : precise).format(v)} IOPS`;
    case 'bps':
      return `${formatBytes(v)}/s`;
    case 'lat':
      return `${v < 10 ? v.toFixed(2) : precise.format(v)} ms`;
  }
}

/** Short axis labels: "12k", "1.5 MiB", "4 ms". */
export function formatAxis(v: number, metric: ChartMetric): string {
  if (!Number.isFinite(v)) return '';
  switch (metric) {
    case 'iops':
      return v >= 1000 ? `${compact.format(v / 1000)}k` : compact.format(v);
    case 'bps':
      return v === 0 ? '0' : formatBytes(v).replace(/(\.\d*?)0+ /, '$1 ').replace(/\. /, ' ');
    case 'lat':
      return `${compact.format(v)}`;
  }
}

const STEPS = [1, 2, 2.5, 5];

/**
 * Round axis ticks from 0 to at least `max`: decimal steps (1, 2, 2.5, 5 x 10^n)
 * for IOPS and milliseconds, binary ones (1, 2, 5... x KiB/MiB/GiB) for bytes,
 * so labels read "25 MiB", not "28.6 MiB".
 */
export function niceTicks(max: number, metric: ChartMetric, count = 4): number[] {
  const floor = metric === 'iops' ? 4 : metric === 'bps' ? 4096 : 0.1;
  const top = Math.max(Number.isFinite(max) ? max : 0, floor);
  let unit = 1;
  if (metric === 'bps') while (unit < 1024 ** 4 && top / unit >= 1024) unit *= 1024;
  const raw = top / unit / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = mag * 10;
  for (const s of STEPS) {
    if (s * mag >= raw) {
      step = s * mag;
      break;
    }
  }
  if (metric === 'iops' && step < 1) step = 1;
  const stepU = step * unit;
  const n = Math.ceil(top / stepU - 1e-9);
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push(Math.round(i * stepU * 1e6) / 1e6);
  return out;
}

/**
 * A chart's summary for assistive technology, from its catalog sentences
 * translated once with markers in place of their values (the summary is
 * rewritten on every tick of 20 charts: no i18next call per tick).
 */
export interface SummaryWords {
  /** perf.a11y.latest with VALUES_MARK for {{values}}. */
  latest: string;
  /** perf.a11y.value with SERIES_MARK for {{series}} and VALUE_MARK for {{value}}. */
  value: string;
  separator: string;
  none: string;
}

export const VALUES_MARK = '\u0000';
export const SERIES_MARK = '\u0001';
export const VALUE_MARK = '\u0002';

/** "Latest values: Read 12 IOPS, Write 3.0 IOPS"; series without a value are left out. */
export function chartSummary(words: SummaryWords, labels: readonly string[], latest: readonly (number | null | undefined)[], metric: ChartMetric): string {
  const parts: string[] = [];
  labels.forEach((label, k) => {
    const v = latest[k];
    if (v === null || v === undefined || !Number.isFinite(v)) return;
    parts.push(words.value.replace(SERIES_MARK, label).replace(VALUE_MARK, formatRate(v, metric)));
  });
  return parts.length ? words.latest.replace(VALUES_MARK, parts.join(words.separator)) : words.none;
}
