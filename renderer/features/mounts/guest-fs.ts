// Filesystems of a running guest (guest.fsinfo) that sit on one disk.
import type { GuestFs } from '../../../shared/contract/features/mounts.ts';

export type GuestFilesystem = GuestFs['filesystems'][number];

export function filesystemsOn(fs: GuestFs | null, target: string): GuestFilesystem[] {
  if (!fs || fs.agent !== 'ok') return [];
  return fs.filesystems.filter((f) => f.targets.includes(target));
}

/** Deepest mountpoints first, so /data/sub is unmounted before /data. */
export function unmountOrder(list: readonly GuestFilesystem[]): string[] {
  return [...new Set(list.map((f) => f.mountpoint))].sort((a, b) => b.split('/').length - a.split('/').length || b.length - a.length);
}
