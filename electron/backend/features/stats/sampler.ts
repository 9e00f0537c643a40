// One host's I/O sampling: one `virsh domstats --block --list-active` per
// tick for all running VMs (never one command per disk), rates from the
// previous sample, a ring of the last 10 minutes. Ticks never overlap: a slow
// host skips a beat instead of queueing commands. A failed sample (the host
// is gone) puts one gap marker in the series, never a made-up value, and the
// next good sample starts a new baseline.
import { EventEmitter } from 'node:events';
import { SpindleError, toSpindleError } from '../../../../shared/core/errors.ts';
import { STATS_HISTORY_S, STATS_INTERVAL, type StatsHistory, type StatsTick } from '../../../../shared/contract/features/stats.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import { parseBlockCounters, type DiskCounters } from './counters.ts';
import { computeRates } from './rates.ts';
import { Ring } from './ring.ts';

export const DOMSTATS_ARGS = ['domstats', '--block', '--list-active'] as const;

/** Emits 'tick' (StatsTick; a gap marker has `gap` and no disks) — one gap per failure streak. */
export class HostSampler extends EventEmitter {
  private timer: NodeJS.Timeout | null = null;
  private prev: Map<string, DiskCounters> | null = null;
  private prevT = 0;
  private busy = false;
  private failing = false;
  private ring: Ring<StatsTick>;
  intervalS: number = STATS_INTERVAL.default;

  constructor(
    readonly host: string,
    /** The host's current virsh (a reconnect replaces it). */
    private readonly virsh: () => VirshExecutor | undefined,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.ring = new Ring(Math.ceil(STATS_HISTORY_S / this.intervalS));
  }

  get running(): boolean {
    return this.timer !== null;
  }

  setInterval(s: number): void {
    const v = Math.min(STATS_INTERVAL.max, Math.max(STATS_INTERVAL.min, Math.round(s)));
    if (v === this.intervalS) return;
    this.intervalS = v;
    this.ring.resize(Math.ceil(STATS_HISTORY_S / v));
    if (this.timer) {
      this.stop();
      this.start();
    }
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalS * 1000);
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // A gap in sampling must not turn into one long average: start afresh.
    this.prev = null;
  }

  history(since?: number): StatsHistory {
    const ticks = since === undefined ? this.ring.toArray() : this.ring.newest((tick) => tick.t > since);
    return { host: this.host, intervalS: this.intervalS, ticks };
  }

  /** Takes one sample now (the timer calls this; tests and the CLI may too). */
  async tick(): Promise<StatsTick | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      const virsh = this.virsh();
      if (!virsh) throw SpindleError.of('DISCONNECTED', 'service.notConnected', { host: this.host });
      const out = await virsh.exec([...DOMSTATS_ARGS]);
      const t = this.now();
      const tick = this.ingest(out, t);
      this.failing = false;
      return tick;
    } catch (e) {
      if (!this.failing) this.markGap(e);
      this.failing = true;
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** A sample could not be taken: one marker, and rates start afresh after it. */
  private markGap(e: unknown): void {
    const err = toSpindleError(e);
    this.prev = null;
    const gap: NonNullable<StatsTick['gap']> = { code: err.code, message: err.message, ...(err.msg ? { msg: err.msg } : {}) };
    const tick: StatsTick = { host: this.host, t: this.now(), intervalS: this.intervalS, disks: [], ended: [], gap };
    this.ring.push(tick);
    this.emit('tick', tick);
  }

  /** The host is back: take the new baseline now rather than at the next beat. */
  resume(): void {
    if (this.timer) void this.tick();
  }

  /** Turns one domstats output taken at time t into a tick (null for the first, baseline sample). */
  ingest(out: string, t: number): StatsTick | null {
    const cur = parseBlockCounters(out);
    const dtS = (t - this.prevT) / 1000;
    const { disks, ended } = computeRates(this.prev, cur, dtS);
    const first = this.prev === null;
    this.prev = cur;
    this.prevT = t;
    if (first) return null;
    const tick: StatsTick = { host: this.host, t, intervalS: this.intervalS, disks, ended };
    this.ring.push(tick);
    this.emit('tick', tick);
    return tick;
  }
}
