// Per-disk I/O history kept outside React: one ring buffer of columns per
// "domain/target" series, per host. A tick costs O(disks in the tick): a push
// per disk, a few trims from the front. Views read what they draw (the
// selected range) when their host's version changes.
import { STATS_HISTORY_S, type DiskRate, type StatsHistory, type StatsTick } from '../../../shared/contract/features/stats.ts';

export const RATE_FIELDS = ['rdIops', 'wrIops', 'rdBps', 'wrBps', 'rdLatMs', 'wrLatMs', 'flLatMs'] as const;
export type RateField = (typeof RATE_FIELDS)[number];
const NF = RATE_FIELDS.length;

/** The series key the contract uses in `ended`. */
export const seriesKey = (domain: string, target: string): string => `${domain}/${target}`;

/** A tick later than this many intervals after the previous one leaves a gap in the line. */
const GAP_INTERVALS = 2.5;
/** Time constant of the moving average that ranks the busiest disks. */
const BUSY_TAU_MS = 20_000;

/** One disk's samples: times and the seven rates as columns, oldest first. NaN = no value (a gap, or a latency without requests). */
export class Series {
  readonly key: string;
  readonly domain: string;
  readonly target: string;
  private t: Float64Array;
  private cols: Float64Array;
  private head = 0;
  private len = 0;
  /** The disk's series ended (unplugged, VM stopped) and has not restarted. */
  ended = false;
  lastT = -Infinity;
  /** Moving averages of read+write IOPS and bytes/s, for "busiest". */
  busy = 0;
  busyBps = 0;

  constructor(domain: string, target: string, capacity = 64) {
    this.key = seriesKey(domain, target);
    this.domain = domain;
    this.target = target;
    this.t = new Float64Array(capacity);
    this.cols = new Float64Array(capacity * NF);
  }

  get length(): number {
    return this.len;
  }

  /**
   * The newest sample (null after an end), read back from the columns: the
   * event's own object is not kept, so it dies young instead of filling the
   * old generation every second.
   */
  get last(): DiskRate | null {
    if (this.ended || this.len === 0) return null;
    const o = ((this.head + this.len - 1) % this.t.length) * NF;
    const c = this.cols;
    const lat = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
    return { domain: this.domain, target: this.target, rdIops: c[o] ?? 0, wrIops: c[o + 1] ?? 0, rdBps: c[o + 2] ?? 0, wrBps: c[o + 3] ?? 0, rdLatMs: lat(c[o + 4]), wrLatMs: lat(c[o + 5]), flLatMs: lat(c[o + 6]) };
  }

  private grow(): void {
    const cap = this.t.length * 2;
    const t = new Float64Array(cap);
    const cols = new Float64Array(cap * NF);
    for (let i = 0; i < this.len; i++) {
      const j = (this.head + i) % this.t.length;
      t[i] = this.t[j] ?? NaN;
      cols.set(this.cols.subarray(j * NF, j * NF + NF), i * NF);
    }
    this.t = t;
    this.cols = cols;
    this.head = 0;
  }

  private pushRow(t: number, r: DiskRate | null): void {
    if (this.len === this.t.length) this.grow();
    const j = (this.head + this.len) % this.t.length;
    this.t[j] = t;
    const o = j * NF;
    if (r) {
      this.cols[o] = r.rdIops;
      this.cols[o + 1] = r.wrIops;
      this.cols[o + 2] = r.rdBps;
      this.cols[o + 3] = r.wrBps;
      this.cols[o + 4] = r.rdLatMs ?? NaN;
      this.cols[o + 5] = r.wrLatMs ?? NaN;
      this.cols[o + 6] = r.flLatMs ?? NaN;
    } else {
      this.cols.fill(NaN, o, o + NF);
    }
    this.len++;
  }

  /** Appends a sample; after an end or a long silence, a gap row first so the line breaks. */
  push(t: number, r: DiskRate, intervalS: number): void {
    if (t <= this.lastT) return;
    if (this.len > 0 && (this.ended || t - this.lastT > GAP_INTERVALS * intervalS * 1000)) this.pushRow(this.lastT + intervalS * 1000, null);
    const dt = Number.isFinite(this.lastT) ? t - this.lastT : intervalS * 1000;
    const a = Math.min(1, dt / BUSY_TAU_MS);
    this.busy += a * (r.rdIops + r.wrIops - this.busy);
    this.busyBps += a * (r.rdBps + r.wrBps - this.busyBps);
    this.pushRow(t, r);
    this.lastT = t;
    this.ended = false;
  }

  /** The host could not be sampled at `t`: the line breaks there (the backend's gap marker, never a made-up value). */
  markGap(t: number): void {
    if (this.len === 0 || t <= this.lastT) return;
    this.pushRow(t, null);
    this.lastT = t;
  }

  end(): void {
    this.ended = true;
    this.busy = 0;
    this.busyBps = 0;
  }

  /** Drops samples older than `t0`. */
  trimBefore(t0: number): void {
    while (this.len > 0 && (this.t[this.head] ?? 0) < t0) {
      this.head = (this.head + 1) % this.t.length;
      this.len--;
    }
  }

  /** Index (0 = oldest) of the first sample at or after `t0` (binary search). */
  indexAt(t0: number): number {
    let lo = 0;
    let hi = this.len;
    const cap = this.t.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.t[(this.head + mid) % cap] ?? 0) < t0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  timeAt(i: number): number {
    return this.t[(this.head + i) % this.t.length] ?? NaN;
  }

  valueAt(i: number, field: RateField): number {
    return this.cols[((this.head + i) % this.t.length) * NF + RATE_FIELDS.indexOf(field)] ?? NaN;
  }

  /** Faster column access: `fieldIndex` from RATE_FIELDS. */
  valueAtIndex(i: number, fieldIndex: number): number {
    return this.cols[((this.head + i) % this.t.length) * NF + fieldIndex] ?? NaN;
  }
}

export class HostStats {
  readonly host: string;
  intervalS: number;
  readonly series = new Map<string, Series>();
  /** Time of the newest tick (ms since the epoch), or -Infinity. */
  lastT = -Infinity;
  /** Bumped by every change; views re-read when it moves. */
  version = 0;

  constructor(host: string, intervalS: number) {
    this.host = host;
    this.intervalS = intervalS;
  }

  /** O(disks in the tick + series kept). */
  applyTick(tick: StatsTick): boolean {
    if (tick.t <= this.lastT) return false;
    this.intervalS = tick.intervalS;
    this.lastT = tick.t;
    if (tick.gap) for (const s of this.series.values()) s.markGap(tick.t);
    for (const d of tick.disks) {
      const key = seriesKey(d.domain, d.target);
      let s = this.series.get(key);
      if (!s) {
        s = new Series(d.domain, d.target);
        this.series.set(key, s);
      }
      s.push(tick.t, d, tick.intervalS);
    }
    for (const key of tick.ended) this.series.get(key)?.end();
    const t0 = tick.t - STATS_HISTORY_S * 1000;
    for (const [key, s] of this.series) {
      s.trimBefore(t0);
      if (s.length === 0) this.series.delete(key);
    }
    this.version++;
    return true;
  }

  /** Applies the ticks of a history that are newer than what is kept. */
  merge(history: StatsHistory): boolean {
    let changed = false;
    for (const tick of history.ticks) if (this.applyTick(tick)) changed = true;
    return changed;
  }
}

/**
 * The `n` busiest live disks of a host, by the moving average of IOPS (or of
 * bytes/s), ties by name.
 */
export function busiest(hs: HostStats | undefined, n: number, by: 'iops' | 'bps' = 'iops'): Series[] {
  if (!hs) return [];
  const live: Series[] = [];
  for (const s of hs.series.values()) if (!s.ended) live.push(s);
  const w = (s: Series) => (by === 'bps' ? s.busyBps : s.busy);
  live.sort((a, b) => w(b) - w(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return live.slice(0, n);
}

/** A challenger must be this much busier than the quietest shown disk to take its place. */
export const BUSIEST_MARGIN = 1.25;

/**
 * The busiest disks for a grid of charts that should not shuffle every
 * second: `previous` (keys, in their shown order) is kept while its disks
 * are live; an empty place (a disk ended) is filled at once. Only when
 * `resort` is set (every 15 s) may a disk BUSIEST_MARGIN times busier than
 * the quietest shown one take its place, and is the order sorted again
 * (near-ties keep their order), so
 * the grid changes at most that often (and each change costs a chart
 * redraw).
 */
export function stableBusiest(hs: HostStats | undefined, n: number, by: 'iops' | 'bps', previous: readonly string[], resort: boolean): string[] {
  if (!hs) return [];
  const ranked = busiest(hs, hs.series.size, by);
  const w = (s: Series) => (by === 'bps' ? s.busyBps : s.busy);
  const byKey = new Map(ranked.map((s) => [s.key, s]));
  const kept = previous.filter((k) => byKey.has(k)).slice(0, n);
  const out = [...kept];
  const inSet = new Set(out);
  const challengers = ranked.filter((s) => !inSet.has(s.key));
  // Fill empty places first, then let clearly busier disks replace the quietest.
  while (out.length < n && challengers.length) {
    const c = challengers.shift();
    if (c) out.push(c.key);
  }
  for (const c of resort ? challengers : []) {
    let weakest = -1;
    for (let i = 0; i < out.length; i++) {
      const cur = byKey.get(out[i] ?? '');
      if (cur && (weakest < 0 || w(cur) < w(byKey.get(out[weakest] ?? '') as Series))) weakest = i;
    }
    const wk = weakest >= 0 ? byKey.get(out[weakest] ?? '') : undefined;
    if (!wk || w(c) <= w(wk) * BUSIEST_MARGIN) break;
    out[weakest] = c.key;
  }
  if (resort) {
    // Sorted, but near-ties keep their places: a disk moves up past another
    // only when it is BUSIEST_MARGIN times busier (charts that jump around
    // every 15 s are hard to follow, and every move repaints the grid).
    const wk = (k: string | undefined) => w(byKey.get(k ?? '') as Series);
    for (let pass = 0; pass < out.length; pass++) {
      let swapped = false;
      for (let i = 0; i + 1 < out.length; i++) {
        if (wk(out[i + 1]) > wk(out[i]) * BUSIEST_MARGIN) {
          [out[i], out[i + 1]] = [out[i + 1] as string, out[i] as string];
          swapped = true;
        }
      }
      if (!swapped) break;
    }
  }
  return out;
}
