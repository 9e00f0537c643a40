// Row shapes of the tables, derived from an inventory. Each row keeps the
// model object by reference, so a patched domain re-renders only its rows.
import type { Disk, Domain, Inventory, Pool, Volume } from '../../../shared/contract/models.ts';

export interface VmRow {
  host: string;
  domain: Domain;
}
export interface DiskRow {
  host: string;
  vm: string;
  disk: Disk;
}
export interface PoolRow {
  host: string;
  pool: Pool;
}
export interface VolumeRow {
  host: string;
  pool: string;
  volume: Volume;
}

export const vmRows = (host: string, inv: Inventory): VmRow[] => inv.domains.map((domain) => ({ host, domain }));
export const diskRows = (host: string, domain: Domain): DiskRow[] => domain.disks.map((disk) => ({ host, vm: domain.name, disk }));
export const hostDiskRows = (host: string, inv: Inventory): DiskRow[] => inv.domains.flatMap((d) => diskRows(host, d));
export const poolRows = (host: string, inv: Inventory): PoolRow[] => inv.pools.map((pool) => ({ host, pool }));
export const volumeRows = (host: string, pool: Pool): VolumeRow[] => pool.volumes.map((volume) => ({ host, pool: pool.name, volume }));

export function totalCapacity(d: Domain): number {
  return d.disks.reduce((sum, k) => sum + (k.capacity ?? 0), 0);
}
