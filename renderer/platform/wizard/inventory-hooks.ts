// Reads the wizards need from the inventory store.
import { isActive } from '../../../shared/core/domain-rules.ts';
import type { Domain, Pool } from '../../../shared/contract/models.ts';
import { useHostInventory } from '../store/inventory.ts';
import { domainNamed } from '../../../shared/contract/inventory-lookup.ts';

const NO_POOLS: Pool[] = [];

export function usePools(host: string): Pool[] {
  return useHostInventory(host).inventory?.pools ?? NO_POOLS;
}

export function useDomain(host: string, vm: string): Domain | undefined {
  return domainNamed(useHostInventory(host).inventory?.domains, vm);
}

/** The VM has a live configuration (shared/core/domain-rules.ts isActive). */
export function isRunning(d: Domain | undefined): boolean {
  return d !== undefined && isActive(d.state);
}

/** The first active pool, preferring one named "default". */
export function defaultPool(pools: readonly Pool[]): Pool | undefined {
  const active = pools.filter((p) => p.active);
  return active.find((p) => p.name === 'default') ?? active[0];
}
