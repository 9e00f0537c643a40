// Flattens hosts and inventories into the tree's visible rows (only children
// of expanded nodes). The tree renders this list virtualized, with aria-level,
// aria-posinset and aria-setsize describing the hierarchy.
import type { HostEntry } from '../../../shared/contract/api.ts';
import type { Disk, Domain, Pool, Volume } from '../../../shared/contract/models.ts';
import type { HostInventory } from '../../platform/store/inventory.ts';
import { byName, compareNames } from '../../platform/model/collate.ts';
import { nodeKey, type NodeRef } from '../../platform/model/node-ref.ts';

export type TreeRow =
  | (RowBase & { type: 'host'; host: HostEntry })
  | (RowBase & { type: 'vms'; count: number | null })
  | (RowBase & { type: 'vm'; domain: Domain })
  | (RowBase & { type: 'disk'; disk: Disk })
  | (RowBase & { type: 'pools'; count: number | null })
  | (RowBase & { type: 'pool'; pool: Pool })
  | (RowBase & { type: 'volume'; volume: Volume });

interface RowBase {
  key: string;
  ref: NodeRef;
  level: number;
  posinset: number;
  setsize: number;
  expandable: boolean;
  expanded: boolean;
  parentKey: string | null;
}

export type IsOpen = (ref: NodeRef) => boolean;

export function buildTreeRows(hosts: readonly HostEntry[], inventories: Readonly<Record<string, HostInventory>>, isOpen: IsOpen): TreeRow[] {
  const rows: TreeRow[] = [];
  const base = (ref: NodeRef, level: number, pos: number, size: number, expandable: boolean, parentKey: string | null): RowBase => ({
    key: nodeKey(ref),
    ref,
    level,
    posinset: pos + 1,
    setsize: size,
    expandable,
    expanded: expandable && isOpen(ref),
    parentKey,
  });

  hosts.forEach((host, hi) => {
    const name = host.config.name;
    const inv = inventories[name]?.inventory ?? null;
    const hostRow = { ...base({ kind: 'host', host: name }, 1, hi, hosts.length, true, null), type: 'host' as const, host };
    rows.push(hostRow);
    if (!hostRow.expanded) return;

    const domains = inv ? byName(inv.domains) : [];
    const vmsRef: NodeRef = { kind: 'vms', host: name };
    const vms = { ...base(vmsRef, 2, 0, 2, domains.length > 0, hostRow.key), type: 'vms' as const, count: inv ? domains.length : null };
    rows.push(vms);
    if (vms.expanded) {
      domains.forEach((d, di) => {
        const disks = [...d.disks].sort((a, b) => compareNames(a.target, b.target));
        const vm = { ...base({ kind: 'vm', host: name, vm: d.name }, 3, di, domains.length, disks.length > 0, vms.key), type: 'vm' as const, domain: d };
        rows.push(vm);
        if (!vm.expanded) return;
        disks.forEach((disk, ki) => {
          rows.push({ ...base({ kind: 'disk', host: name, vm: d.name, disk: disk.target }, 4, ki, disks.length, false, vm.key), type: 'disk', disk });
        });
      });
    }

    const pools = inv ? byName(inv.pools) : [];
    const poolsRef: NodeRef = { kind: 'pools', host: name };
    const poolsRow = { ...base(poolsRef, 2, 1, 2, pools.length > 0, hostRow.key), type: 'pools' as const, count: inv ? pools.length : null };
    rows.push(poolsRow);
    if (poolsRow.expanded) {
      pools.forEach((p, pi) => {
        const vols = byName(p.volumes);
        const pool = { ...base({ kind: 'pool', host: name, pool: p.name }, 3, pi, pools.length, vols.length > 0, poolsRow.key), type: 'pool' as const, pool: p };
        rows.push(pool);
        if (!pool.expanded) return;
        vols.forEach((v, vi) => {
          rows.push({ ...base({ kind: 'volume', host: name, pool: p.name, volume: v.name }, 4, vi, vols.length, false, pool.key), type: 'volume', volume: v });
        });
      });
    }
  });
  return rows;
}
