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

  /** A row, then (while it is open) its children, each added by `child`. */
  const withChildren = <C>(row: TreeRow, children: readonly C[], child: (c: C, i: number, parentKey: string) => void): void => {
    rows.push(row);
    if (row.expanded) children.forEach((c, i) => child(c, i, row.key));
  };

  hosts.forEach((host, hi) => {
    const name = host.config.name;
    const inv = inventories[name]?.inventory ?? null;
    const hostRow = { ...base({ kind: 'host', host: name }, 1, hi, hosts.length, true, null), type: 'host' as const, host };
    rows.push(hostRow);
    if (!hostRow.expanded) return;

    const domains = inv ? byName(inv.domains) : [];
    withChildren({ ...base({ kind: 'vms', host: name }, 2, 0, 2, domains.length > 0, hostRow.key), type: 'vms', count: inv ? domains.length : null }, domains, (d, di, vmsKey) => {
      const disks = [...d.disks].sort((a, b) => compareNames(a.target, b.target));
      withChildren({ ...base({ kind: 'vm', host: name, vm: d.name }, 3, di, domains.length, disks.length > 0, vmsKey), type: 'vm', domain: d }, disks, (disk, ki, vmKey) => {
        rows.push({ ...base({ kind: 'disk', host: name, vm: d.name, disk: disk.target }, 4, ki, disks.length, false, vmKey), type: 'disk', disk });
      });
    });

    const pools = inv ? byName(inv.pools) : [];
    withChildren({ ...base({ kind: 'pools', host: name }, 2, 1, 2, pools.length > 0, hostRow.key), type: 'pools', count: inv ? pools.length : null }, pools, (p, pi, poolsKey) => {
      const vols = byName(p.volumes);
      withChildren({ ...base({ kind: 'pool', host: name, pool: p.name }, 3, pi, pools.length, vols.length > 0, poolsKey), type: 'pool', pool: p }, vols, (v, vi, poolKey) => {
        rows.push({ ...base({ kind: 'volume', host: name, pool: p.name, volume: v.name }, 4, vi, vols.length, false, poolKey), type: 'volume', volume: v });
      });
    });
  });
  return rows;
}
