// Inventories per host. Events replace one domain or pool at a time, keeping
// every other object's identity so memoized rows and tree nodes stay put.
import { create } from 'zustand';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import type { Domain, Inventory, Pool } from '../../../shared/contract/models.ts';

export interface HostInventory {
  inventory: Inventory | null;
  loading: boolean;
  error: ErrorInfo | null;
}

const EMPTY: HostInventory = { inventory: null, loading: false, error: null };

interface InventoryState {
  byHost: Record<string, HostInventory>;
  setInventory(host: string, inventory: Inventory | null): void;
  setLoading(host: string, loading: boolean): void;
  setError(host: string, error: ErrorInfo | null): void;
  patchDomain(host: string, name: string, domain: Domain | null): void;
  patchPool(host: string, name: string, pool: Pool | null): void;
  /** Drops the inventories of hosts that are no longer saved. */
  retainHosts(names: readonly string[]): void;
}

/** Replaces (or appends, or removes when `next` is null) the item named `name`. */
export function replaceNamed<T extends { name: string }>(list: readonly T[], name: string, next: T | null): T[] {
  const i = list.findIndex((x) => x.name === name);
  if (i < 0) return next ? [...list, next] : (list as T[]);
  const out = list.slice();
  if (next) out[i] = next;
  else out.splice(i, 1);
  return out;
}

export const useInventoryStore = create<InventoryState>()((set) => {
  const update = (host: string, fn: (old: HostInventory) => HostInventory) =>
    set((s) => ({ byHost: { ...s.byHost, [host]: fn(s.byHost[host] ?? EMPTY) } }));
  return {
    byHost: {},
    setInventory: (host, inventory) => update(host, (old) => ({ ...old, inventory: inventory ?? old.inventory, loading: false, error: null })),
    setLoading: (host, loading) => update(host, (old) => ({ ...old, loading })),
    setError: (host, error) => update(host, (old) => ({ ...old, error, loading: false })),
    patchDomain: (host, name, domain) =>
      update(host, (old) => (old.inventory ? { ...old, inventory: { ...old.inventory, domains: replaceNamed(old.inventory.domains, name, domain) } } : old)),
    patchPool: (host, name, pool) =>
      update(host, (old) => (old.inventory ? { ...old, inventory: { ...old.inventory, pools: replaceNamed(old.inventory.pools, name, pool) } } : old)),
    retainHosts: (names) =>
      set((s) => {
        const keep = new Set(names);
        const byHost: Record<string, HostInventory> = {};
        for (const [k, v] of Object.entries(s.byHost)) if (keep.has(k)) byHost[k] = v;
        return { byHost };
      }),
  };
});

export function useHostInventory(host: string | undefined): HostInventory {
  return useInventoryStore((s) => (host ? s.byHost[host] : undefined) ?? EMPTY);
}
