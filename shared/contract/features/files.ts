// The host files feature's contract: folder listings and image facts for the
// wizards' pickers (image files, ISOs, block devices on the host).
import { z } from 'zod';
import { name, type Methods } from '../feature-contract.ts';
import type { FilesMethod } from './files.names.ts';

export const HostEntryKindSchema = z.enum(['dir', 'file', 'block', 'link', 'other']);
export const BrowseResultSchema = z.object({
  path: z.string(),
  parent: z.string().nullable(),
  entries: z.array(z.object({ name: z.string(), kind: HostEntryKindSchema, size: z.number(), target: z.string().optional() })),
  /** More entries than were returned. */
  truncated: z.boolean(),
});
export type BrowseResult = z.infer<typeof BrowseResultSchema>;

export const ImageInfoSchema = z.object({
  path: z.string(),
  format: z.string(),
  virtualSize: z.number(),
  actualSize: z.number().optional(),
  backingFile: z.string().optional(),
  encrypted: z.boolean(),
});
export type ImageInfo = z.infer<typeof ImageInfoSchema>;

/** method name -> { params, result } */
export const FILES_METHODS = {
  /** Lists a directory on the host (for picking image files, ISOs and block devices). */
  'host.browse': { params: z.object({ host: name, path: z.string().min(1).max(4096) }).strict(), result: BrowseResultSchema },
  /** qemu-img info of a file on the host: its format and size. */
  'host.imageInfo': { params: z.object({ host: name, path: z.string().min(1).max(4096) }).strict(), result: ImageInfoSchema },
} as const satisfies Methods<FilesMethod>;

export const FILES_OPERATIONS = [] as const;
/** The operation kinds this feature plans (its planners' keys in the backend). */
export type FilesOperationKind = z.infer<(typeof FILES_OPERATIONS)[number]>['kind'];
/** The API methods this feature answers (its handlers' keys in the backend). */
export type { FilesMethod };
