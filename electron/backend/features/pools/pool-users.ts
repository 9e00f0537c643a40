// Which VMs use a pool's volumes: what pool-destroy and pool-delete are
// refused for. A VM's disks are its running list while it runs, its saved
// configuration otherwise (the inventory's rule); a disk is in the pool when
// its volume is one of the pool's (by <source pool volume> or by path).
import { isActive } from '../../../../shared/core/domain-rules.ts';
import { joinTexts, msg, type Text } from '../../../../shared/core/messages.ts';
import type { Inventory, Pool } from '../../../../shared/contract/models.ts';
import { volumeOfDisk } from '../../plan/lookup.ts';

export interface PoolUse {
  domain: string;
  running: boolean;
  target: string;
  volume: string;
}

/**
 * Every disk of every VM that is a volume of `pool`, or whose backing chain
 * reaches one of its volumes (a VM whose overlay lives elsewhere still reads
 * its base image here): running VMs only with runningOnly.
 */
export function poolUses(inv: Inventory, pool: Pool, opts: { runningOnly?: boolean } = {}): PoolUse[] {
  const byPath = new Map(pool.volumes.map((v) => [v.path, v.name]));
  const uses: PoolUse[] = [];
  for (const d of inv.domains) {
    const running = isActive(d.state);
    if (opts.runningOnly && !running) continue;
    for (const disk of d.disks) {
      const vol = volumeOfDisk(inv, disk);
      if (vol && vol.pool === pool.name) uses.push({ domain: d.name, running, target: disk.target, volume: vol.name });
      else {
        const base = disk.backingChain.map((b) => (b.path ? byPath.get(b.path) : undefined)).find((n) => n !== undefined);
        if (base) uses.push({ domain: d.name, running, target: disk.target, volume: base });
      }
    }
  }
  return uses;
}

/** Volumes of other pools whose backing chain reaches a volume of `pool`: deleting it would break them. */
export function backedByPool(inv: Inventory, pool: Pool): { volume: string; pool: string; base: string }[] {
  const byPath = new Map(pool.volumes.map((v) => [v.path, v.name]));
  const out: { volume: string; pool: string; base: string }[] = [];
  for (const other of inv.pools) {
    if (other.name === pool.name) continue;
    for (const v of other.volumes) {
      const base = v.backingChain.map((b) => (b.path ? byPath.get(b.path) : undefined)).find((n) => n !== undefined);
      if (base) out.push({ volume: v.name, pool: other.name, base });
    }
  }
  return out;
}

/** "vm1 (vdb: a.qcow2), vm2 (vdc: b.raw)": what a refusal names. */
export function usesText(uses: readonly PoolUse[]): Text {
  const byVm = new Map<string, PoolUse[]>();
  for (const u of uses) byVm.set(u.domain, [...(byVm.get(u.domain) ?? []), u]);
  return joinTexts([...byVm].map(([domain, us]) => msg('pools.use', { domain, disks: joinTexts(us.map((u) => msg('pools.useDisk', { target: u.target, volume: u.volume }))) })));
}
