// The snapshot tree as the rows the Snapshots tab draws: depth-first from
// each root, children in time order, with the "Now" row right after the
// snapshot the VM currently runs from (nowAfter; first when there is none).
import type { SnapshotInfo, SnapshotTree } from '../../../shared/contract/features/snapshots.ts';

export type TreeRow = { kind: 'snapshot'; depth: number; snapshot: SnapshotInfo; last: boolean } | { kind: 'now'; depth: number };

export function treeRows(tree: Pick<SnapshotTree, 'snapshots' | 'nowAfter'>): TreeRow[] {
  const known = new Set(tree.snapshots.map((s) => s.name));
  const children = new Map<string | null, SnapshotInfo[]>();
  for (const s of tree.snapshots) {
    // A parent libvirt names but did not list (deleted metadata) makes its child a root, not a lost row.
    const p = s.parent !== null && known.has(s.parent) ? s.parent : null;
    const list = children.get(p) ?? [];
    list.push(s);
    children.set(p, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
  const rows: TreeRow[] = [];
  const nowAfter = tree.nowAfter !== null && known.has(tree.nowAfter) ? tree.nowAfter : null;
  if (nowAfter === null) rows.push({ kind: 'now', depth: 0 });
  const walk = (s: SnapshotInfo, depth: number, last: boolean): void => {
    rows.push({ kind: 'snapshot', depth, snapshot: s, last });
    if (s.name === nowAfter) rows.push({ kind: 'now', depth: depth + 1 });
    const kids = children.get(s.name) ?? [];
    kids.forEach((k, i) => walk(k, depth + 1, i === kids.length - 1));
  };
  const roots = children.get(null) ?? [];
  roots.forEach((r, i) => walk(r, 0, i === roots.length - 1));
  // Each snapshot has one parent, so a walk from the roots cannot loop; snapshots in a
  // parent cycle (broken metadata) are never reached and are not drawn (known gap).
  return rows;
}
