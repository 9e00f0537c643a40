// The files feature's API method names, free of zod for the sandboxed preload:
// shared/contract/api-names.ts assembles them, and features/files.ts defines
// exactly these methods (the type checker holds the two together).
export const FILES_METHOD_NAMES = [
  'host.browse',
  'host.imageInfo',
] as const;
export type FilesMethod = (typeof FILES_METHOD_NAMES)[number];
