// The mounts feature's API method names, free of zod for the sandboxed preload:
// shared/contract/api-names.ts assembles them, and features/mounts.ts defines
// exactly these methods (the type checker holds the two together).
export const MOUNTS_METHOD_NAMES = [
  'guest.fsinfo',
  'guest.blockdevs',
  'host.mounts',
  'host.imagePartitions',
] as const;
export type MountsMethod = (typeof MOUNTS_METHOD_NAMES)[number];
