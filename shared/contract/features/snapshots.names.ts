// The snapshots feature's API method names, free of zod for the sandboxed
// preload: shared/contract/api-names.ts assembles them, and
// features/snapshots.ts defines exactly these methods.
export const SNAPSHOTS_METHOD_NAMES = ['snapshot.list', 'snapshot.orphans'] as const;
export type SnapshotsMethod = (typeof SNAPSHOTS_METHOD_NAMES)[number];
