// The volumes feature's API method names, free of zod for the sandboxed preload:
// shared/contract/api-names.ts assembles them, and features/volumes.ts defines
// exactly these methods (the type checker holds the two together).
export const VOLUMES_METHOD_NAMES = [] as const;
export type VolumesMethod = (typeof VOLUMES_METHOD_NAMES)[number];
