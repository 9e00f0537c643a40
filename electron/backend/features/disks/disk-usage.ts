// Who else uses an image: the check virt-manager shows as "Used by", extended
// to backing chains. Writing an image another VM reads (as its disk or as the
// backing file under its overlay) corrupts that VM's view; reading an image
// another VM writes gives a torn view. Either way the attach is refused unless
// the user chooses read-only or shareable.
import { volumeOfDisk } from '../../../../shared/contract/disk-facts.ts';
import type { Domain, Pool } from '../../../../shared/contract/models.ts';

export interface DiskUse {
  domain: string;
  target: string;
  /** How the other domain touches the image. */
  relation: 'same-image' | 'our-image-is-its-backing-file' | 'its-image-is-in-our-backing-chain';
  /** The other domain writes the image (not read-only, not shareable). */
  writes: boolean;
}

/** A disk's file or device; with the pools, else the path of the volume it names or reaches over the network (rbd, iSCSI). */
function pathOf(d: Domain['disks'][number], pools: readonly Pool[] | undefined): string | undefined {
  return d.source.file ?? d.source.dev ?? (pools ? volumeOfDisk(pools, d)?.path : undefined);
}

/**
 * Every use of `path` (with backing chain `chain`) by domains other than
 * `self`. Only uses that conflict with a read-write attach are returned.
 * With `pools`, a disk without a file or device (a network disk, a volume
 * disk of a stopped VM) is the volume it reaches.
 */
export function conflictingUses(domains: readonly Domain[], self: string, path: string, chain: readonly string[] = [], pools?: readonly Pool[]): DiskUse[] {
  const uses: DiskUse[] = [];
  for (const dom of domains) {
    if (dom.name === self) continue;
    for (const disk of dom.disks) {
      if (disk.device === 'cdrom') continue;
      const top = pathOf(disk, pools);
      const writes = !disk.readonly && !disk.shareable;
      if (top === path) {
        // Shared deliberately on both sides is the user's choice (cluster filesystems).
        if (!disk.shareable) uses.push({ domain: dom.name, target: disk.target, relation: 'same-image', writes });
      } else if (disk.backingChain.some((b) => b.path === path)) {
        uses.push({ domain: dom.name, target: disk.target, relation: 'our-image-is-its-backing-file', writes: false });
      } else if (top !== undefined && chain.includes(top) && writes) {
        uses.push({ domain: dom.name, target: disk.target, relation: 'its-image-is-in-our-backing-chain', writes });
      }
    }
  }
  return uses;
}
