// The disks feature's API method names, free of zod for the sandboxed preload:
// shared/contract/api-names.ts assembles them, and features/disks.ts defines
// exactly these methods (the type checker holds the two together).
export const DISKS_METHOD_NAMES = [
  'disk.choices',
  'domain.xml',
] as const;
export type DisksMethod = (typeof DISKS_METHOD_NAMES)[number];
