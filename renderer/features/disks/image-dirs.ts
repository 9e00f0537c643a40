// Where the file browser starts when an image is to be picked (attach a
// file, insert an ISO, mount an image on the host).
import type { Pool } from '../../../shared/contract/models.ts';

export const DEFAULT_IMAGE_DIR = '/var/lib/libvirt/images';

/** The folder of the first active pool that has one, else libvirt's default images folder. */
export function imageDir(pools: readonly Pool[]): string {
  return pools.find((p) => p.active && p.targetPath)?.targetPath ?? DEFAULT_IMAGE_DIR;
}

/** The folder a path is in ("/" for a file at the root), or null for a bare name. */
export function folderOf(path: string): string | null {
  const i = path.lastIndexOf('/');
  return i > 0 ? path.slice(0, i) : i === 0 ? '/' : null;
}
