// Which hosts are sampled: those someone is looking at (a stats.watch lease
// of 30 s, renewed by the views that show them) and those with I/O alert
// rules. Everyone else costs nothing.
import { EventEmitter } from 'node:events';
import type { StatsHistory, StatsTick } from '../../../../shared/contract/features/stats.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import { HostSampler } from './sampler.ts';

export const LEASE_MS = 30_000;

/** Emits 'tick' (StatsTick). */
export class StatsHub extends EventEmitter {
  private readonly samplers = new Map<string, HostSampler>();
  private readonly leases = new Map<string, number>();
  private needed = new Set<string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly virshOf: (host: string) => VirshExecutor | undefined,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.sweeper = setInterval(() => this.sweep(), 5000);
    this.sweeper.unref();
  }

  private sampler(host: string): HostSampler {
    let s = this.samplers.get(host);
    if (!s) {
      s = new HostSampler(host, () => this.virshOf(host), this.now);
      s.on('tick', (t: StatsTick) => this.emit('tick', t));
      this.samplers.set(host, s);
    }
    return s;
  }

  /** `since` (ms): only the ticks newer than that (a renewal from a client that has the rest). */
  watch(host: string, intervalS?: number, since?: number): StatsHistory {
    const s = this.sampler(host);
    if (intervalS !== undefined) s.setInterval(intervalS);
    this.leases.set(host, this.now() + LEASE_MS);
    s.start();
    return s.history(since);
  }

  unwatch(host: string): boolean {
    this.leases.delete(host);
    this.sweep();
    return this.samplers.get(host)?.running ?? false;
  }

  /** Hosts that must be sampled regardless of leases (alert rules). */
  setNeeded(hosts: Set<string>): void {
    this.needed = hosts;
    for (const h of hosts) if (this.virshOf(h)) this.sampler(h).start();
    this.sweep();
  }

  /** A host connected (again): start it if anything needs it, with a new baseline at once. */
  hostUp(host: string): void {
    if (!this.needed.has(host) && (this.leases.get(host) ?? 0) <= this.now()) return;
    const s = this.sampler(host);
    if (s.running) s.resume();
    else s.start();
  }

  drop(host: string): void {
    this.samplers.get(host)?.stop();
    this.samplers.delete(host);
    this.leases.delete(host);
  }

  isSampling(host: string): boolean {
    return this.samplers.get(host)?.running ?? false;
  }

  private sweep(): void {
    const t = this.now();
    for (const [host, s] of this.samplers) {
      const leased = (this.leases.get(host) ?? 0) > t;
      if (!leased && !this.needed.has(host) && s.running) s.stop();
    }
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const s of this.samplers.values()) s.stop();
    this.samplers.clear();
  }
}
