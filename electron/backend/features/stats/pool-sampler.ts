// Samples the fullness of a host's active pools while someone watches (a
// pool.history lease of 5 minutes, renewed by the chart) or an alert rule
// needs it (a pool rule on that host). Once a minute, one virsh batch per
// host: pool-refresh of the file-based pools (libvirt keeps a dir, fs or
// netfs pool's numbers from its last refresh: a file that grows changes
// nothing until then), then pool-info of every active pool. The thin pools
// of a logical pool are read with pool.usage's reader (lvs), every 5
// minutes. Everyone else costs nothing.
import { POOL_HISTORY, type PoolPoint, type ThinPoint } from '../../../../shared/contract/features/stats.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { virsh } from '../../libvirt/commands.ts';
import { readPoolUsage, type UsageSession } from '../pools/index.ts';

/** Pool types whose numbers only move at a pool-refresh (a statvfs of the target and a scan of its files). */
const REFRESHED_TYPES = new Set(['dir', 'fs', 'netfs']);

export const POOL_LEASE_MS = 5 * 60_000;

export interface PoolSampleSession extends UsageSession {
  getInventory(): Inventory | null;
}

export interface PoolSample {
  pool: string;
  point: PoolPoint;
  /** A logical pool's VG, when its thin pools were read. */
  vg?: string;
}

/** `virsh pool-info --bytes`: capacity and allocation, or null when the output has neither. */
export function parsePoolInfo(out: string): { capacity: number; allocation: number } | null {
  const num = (label: string): number | null => {
    const m = new RegExp(`^${label}:\\s*(\\d+)\\s*$`, 'm').exec(out);
    return m ? Number(m[1]) : null;
  };
  const capacity = num('Capacity');
  const allocation = num('Allocation');
  return capacity === null || allocation === null ? null : { capacity, allocation };
}

/** Thin pools as pool.usage reads them, reduced to what the history keeps. */
const thinPoints = (thin: ReadonlyArray<{ name: string; dataPercent: number | null; metadataPercent: number | null }>): ThinPoint[] => thin.map((x) => ({ name: x.name, dataPercent: x.dataPercent, metadataPercent: x.metadataPercent }));

export interface PoolSamplerOptions {
  now?: () => number;
  stepMs?: number;
  thinEveryMs?: number;
  leaseMs?: number;
}

export class PoolSampler {
  private readonly leases = new Map<string, number>();
  private needed = new Set<string>();
  private readonly lastSample = new Map<string, number>();
  private readonly lastThin = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly timer: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly stepMs: number;
  private readonly thinEveryMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly sessionOf: (host: string) => PoolSampleSession | undefined,
    private readonly sink: (host: string, samples: PoolSample[]) => void,
    opts: PoolSamplerOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.stepMs = opts.stepMs ?? POOL_HISTORY.stepS * 1000;
    this.thinEveryMs = opts.thinEveryMs ?? POOL_HISTORY.thinEveryS * 1000;
    this.leaseMs = opts.leaseMs ?? POOL_LEASE_MS;
    // Checks every few seconds which hosts are due; a host is sampled once per step.
    this.timer = setInterval(() => this.tick(), Math.min(5000, this.stepMs));
    this.timer.unref();
  }

  /** Someone looks at this host's pools: sample them for the next lease. */
  watch(host: string): void {
    this.leases.set(host, this.now() + this.leaseMs);
  }

  /** Hosts with pool alert rules: sampled whoever looks. */
  setNeeded(hosts: Set<string>): void {
    this.needed = hosts;
    for (const h of hosts) if (!this.lastSample.has(h)) void this.sample(h);
  }

  isSampling(host: string): boolean {
    return this.needed.has(host) || (this.leases.get(host) ?? 0) > this.now();
  }

  /** Samples now unless the last sample is younger than `maxAgeMs`. */
  async fresh(host: string, maxAgeMs: number): Promise<void> {
    const last = this.lastSample.get(host);
    if (last !== undefined && this.now() - last < maxAgeMs) return this.inFlight.get(host);
    return this.sample(host);
  }

  /** One sample of every active pool of the host (one at a time per host: a caller during one waits for it). */
  sample(host: string): Promise<void> {
    const running = this.inFlight.get(host);
    if (running) return running;
    const job = this.read(host)
      .catch(() => undefined) // A host that is gone gives no point; the session says why elsewhere.
      .finally(() => this.inFlight.delete(host));
    this.inFlight.set(host, job);
    return job;
  }

  dropHost(host: string): void {
    this.leases.delete(host);
    this.lastSample.delete(host);
    for (const k of [...this.lastThin.keys()]) if (k.startsWith(`${host}\u0000`)) this.lastThin.delete(k);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private tick(): void {
    const t = this.now();
    const hosts = new Set([...this.needed, ...[...this.leases].filter(([, until]) => until > t).map(([h]) => h)]);
    for (const [h, until] of this.leases) if (until <= t) this.leases.delete(h);
    for (const h of hosts) {
      const last = this.lastSample.get(h);
      // A little early rather than a step late: the check runs every few seconds.
      if (last === undefined || t - last >= this.stepMs - 2500) void this.sample(h);
    }
  }

  private async read(host: string): Promise<void> {
    const session = this.sessionOf(host);
    const inv = session?.getInventory();
    if (!session || !inv) return;
    this.lastSample.set(host, this.now());
    const pools = inv.pools.filter((p) => p.active);
    // A name with a line break cannot go in a batch (virsh would end the command there): it is read on its own.
    const batchable = pools.filter((p) => !/[\n\r]/.test(p.name));
    const cmds: string[][] = [];
    const infoAt = new Map<string, number>();
    for (const p of batchable) {
      if (REFRESHED_TYPES.has(p.type)) cmds.push(virsh.poolRefresh(p.name));
      infoAt.set(p.name, cmds.length);
      cmds.push(virsh.poolInfo(p.name));
    }
    const { outputs } = await session.virsh.batch(cmds);
    const infos = new Map<string, string>();
    for (const [name, i] of infoAt) infos.set(name, outputs[i] ?? '');
    for (const p of pools) {
      if (infos.has(p.name)) continue;
      if (REFRESHED_TYPES.has(p.type)) await session.virsh.exec(virsh.poolRefresh(p.name)).catch(() => undefined);
      infos.set(p.name, await session.virsh.exec(virsh.poolInfo(p.name)).catch(() => ''));
    }
    const t = this.now();
    const samples: PoolSample[] = [];
    for (const p of pools) {
      const info = parsePoolInfo(infos.get(p.name) ?? '');
      if (!info) continue; // Stopped or removed meanwhile.
      const sample: PoolSample = { pool: p.name, point: { t, ...info } };
      const k = `${host}\u0000${p.name}`;
      if (p.type === 'logical' && t - (this.lastThin.get(k) ?? -Infinity) >= this.thinEveryMs) {
        this.lastThin.set(k, t);
        const usage = await readPoolUsage(session, inv, p.name).catch(() => null);
        if (usage?.lvm) {
          sample.point.thin = thinPoints(usage.lvm.thinPools);
          sample.vg = usage.lvm.vg.name;
        }
      }
      samples.push(sample);
    }
    this.sink(host, samples);
  }
}
