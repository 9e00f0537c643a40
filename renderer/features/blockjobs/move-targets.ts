// The "Move to another pool" wizard's pool picker: every pool of the host but
// the disk's own, the ones that can take the disk first (active, enough free
// space for its allocated bytes), then by free space; the others stay listed
// with the reason they cannot be chosen, so the user sees why a pool is missing.
import type { Pool } from '../../../shared/contract/models.ts';

export interface MoveTarget {
  pool: Pick<Pool, 'name' | 'type' | 'active' | 'available'>;
  /** Why this pool cannot take the disk (a catalog key), or null when it can. */
  refusalKey: string | null;
}

export function moveTargets(pools: readonly Pick<Pool, 'name' | 'type' | 'active' | 'available'>[], currentPool: string | undefined, neededBytes: number | null): MoveTarget[] {
  const out = pools
    .filter((p) => p.name !== currentPool)
    .map((pool): MoveTarget => ({
      pool,
      refusalKey: !pool.active ? 'blockjobs.move.poolInactive' : neededBytes !== null && pool.available < neededBytes ? 'blockjobs.move.poolFull' : null,
    }));
  return out.sort((a, b) => Number(a.refusalKey !== null) - Number(b.refusalKey !== null) || b.pool.available - a.pool.available || a.pool.name.localeCompare(b.pool.name));
}
