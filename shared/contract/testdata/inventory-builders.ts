// Small inventories for unit tests: a disk, a domain, a pool with volumes and
// an inventory, each with plain defaults that a test overrides where it matters.
import type { Disk, Domain, Inventory, Pool } from '../models.ts';

export const disk = (target: string, over: Partial<Disk> = {}): Disk => ({ target, device: 'disk', source: { type: 'file', file: `/i/${target}` }, sourceLabel: `/i/${target}`, readonly: false, shareable: false, backingChain: [], ...over });

export const dom = (name: string, over: Partial<Domain> = {}): Domain => ({ name, uuid: name, state: 'running', vcpus: 1, memoryKiB: 1024, autostart: false, persistent: true, disks: [disk('vda')], ...over });

export const pool = (name: string, vols: string[], over: Partial<Pool> = {}): Pool => ({
  name,
  uuid: name,
  type: 'dir',
  active: true,
  autostart: false,
  capacity: 1,
  allocation: 0,
  available: 1,
  volumes: vols.map((v) => ({ name: v, pool: name, key: v, path: `/p/${v}`, capacity: 1, allocation: 0, backingChain: [] })),
  ...over,
});

export const inv = (domains: Domain[], pools: Pool[], loadedAt = 't1'): Inventory => ({ host: 'h', uri: 'u', loadedAt, durationMs: 1, domains, pools });
