// Pool fullness over time, in memory: per host and pool a ring of at most
// one point per minute (POOL_HISTORY.stepS) for 7 days (keepS), i.e. 10080
// points (about 1 MB for a logical pool with a thin pool). Points come from
// the inventory reads the session does anyway and from the pool sampler
// (pool-sampler.ts). Two samples in the same minute make one point: the
// newer numbers win, a thin-pool reading is kept when the newer point has
// none; an inventory read adds a point only to a minute that has none. Nothing is written to disk: the history starts again with the service.
import { POOL_HISTORY, type PoolPoint } from '../../../../shared/contract/features/stats.ts';
import type { Pool } from '../../../../shared/contract/models.ts';
import { Ring } from './ring.ts';

const key = (host: string, pool: string): string => `${host}\u0000${pool}`;

export class PoolHistoryStore {
  private readonly rings = new Map<string, Ring<PoolPoint>>();
  private readonly capacity: number;
  private readonly stepMs: number;

  constructor(opts: { stepS?: number; keepS?: number } = {}) {
    const stepS = opts.stepS ?? POOL_HISTORY.stepS;
    this.stepMs = stepS * 1000;
    this.capacity = Math.max(1, Math.ceil((opts.keepS ?? POOL_HISTORY.keepS) / stepS));
  }

  record(host: string, pool: string, point: PoolPoint): void {
    const k = key(host, pool);
    let ring = this.rings.get(k);
    if (!ring) {
      ring = new Ring<PoolPoint>(this.capacity);
      this.rings.set(k, ring);
    }
    const last = ring.last();
    if (last && Math.floor(last.t / this.stepMs) === Math.floor(point.t / this.stepMs) && point.t >= last.t) {
      const merged: PoolPoint = { ...point };
      if (!merged.thin && last.thin) merged.thin = last.thin;
      ring.replaceLast(merged);
      return;
    }
    // A clock that went back: the point still goes in, after the others.
    ring.push(point);
  }

  /** What an inventory read says: a point for every active pool; the history of a pool that is gone goes too. */
  fromInventory(host: string, pools: readonly Pool[], t: number): void {
    const names = new Set(pools.map((p) => p.name));
    for (const k of [...this.rings.keys()]) {
      const [h, p] = k.split('\u0000') as [string, string];
      if (h === host && !names.has(p)) this.rings.delete(k);
    }
    for (const p of pools) {
      if (!p.active || p.capacity <= 0) continue;
      // A sample of this minute is at least as fresh (libvirt's numbers of a file pool only move at a refresh).
      const last = this.rings.get(key(host, p.name))?.last();
      if (last && Math.floor(last.t / this.stepMs) === Math.floor(t / this.stepMs)) continue;
      this.record(host, p.name, { t, capacity: p.capacity, allocation: p.allocation });
    }
  }

  points(host: string, pool: string, sinceMs?: number): PoolPoint[] {
    const ring = this.rings.get(key(host, pool));
    if (!ring) return [];
    return sinceMs === undefined ? ring.toArray() : ring.newest((p) => p.t > sinceMs);
  }

  dropHost(host: string): void {
    for (const k of [...this.rings.keys()]) if (k.startsWith(`${host}\u0000`)) this.rings.delete(k);
  }
}
