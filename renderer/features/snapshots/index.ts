// The snapshots UI feature's face: the tree view and its rows, for the tab that
// reads snapshot.list once the backend (h14-snapcore) registers it.
export { SnapshotTreeView } from './SnapshotTreeView.tsx';
export { treeRows, type TreeRow } from './tree-rows.ts';
export { createRequest, defaultDiskChoice, type CreateForm, type DiskChoice, type DiskMode } from './create-form.ts';
