// Reads the wizards need from the inventory store.
import type { Domain, Pool } from '../../../shared/contract/models.ts';
import { useHostInventory } from '../store/inventory.ts';

const NO_POOLS: Pool[] = [];

export function usePools(host: string): Pool[] {
  return useHostInventory(host).inventory?.pools ?? NO_POOLS;
}

export function useDomain(host: string, vm: string): Domain | undefined {
  return useHostInventory(host).inventory?.domains.find((d) => d.name === vm);
}

export function isRunning(d: Domain | undefined): boolean {
  return d?.state === 'running' || d?.state === 'paused';
}

/** The first active pool, preferring one named "default". */
export function defaultPool(pools: readonly Pool[]): Pool | undefined {
  const active = pools.filter((p) => p.active);
  return active.find((p) => p.name === 'default') ?? active[0];
}
