// The pools feature's API method names, free of zod for the sandboxed preload:
// shared/contract/api-names.ts assembles them, and features/pools.ts defines
// exactly these methods (the type checker holds the two together).
export const POOLS_METHOD_NAMES = ['pool.types', 'pool.devices', 'pool.sources', 'pool.usage'] as const;
export type PoolsMethod = (typeof POOLS_METHOD_NAMES)[number];
