// The face of the snapshots feature: what the rest of Spindle may use of it.
export { readSnapshotTree } from './snapshot-tree.ts';
export { readOrphanOverlays } from './orphans.ts';
export { SNAPSHOTS_CLI } from './cli.ts';
