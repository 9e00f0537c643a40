// The block jobs feature's API method names, free of zod for the sandboxed
// preload: shared/contract/api-names.ts assembles them, and
// features/blockjobs.ts defines exactly these methods.
export const BLOCKJOBS_METHOD_NAMES = ['disk.chain'] as const;
export type BlockjobsMethod = (typeof BLOCKJOBS_METHOD_NAMES)[number];
