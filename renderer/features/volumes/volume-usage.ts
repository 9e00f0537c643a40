// Which VMs use an image, directly or as the backing file under their own
// disk: what the volume picker shows next to each volume.
import { volumeOfDisk } from '../../../shared/contract/disk-facts.ts';
import type { Domain, Pool, Volume } from '../../../shared/contract/models.ts';

export interface ImageUse {
  vm: string;
  target: string;
  /** "disk": the VM's disk is this image; "backing": it sits under the VM's disk. */
  how: 'disk' | 'backing';
  readonly: boolean;
}

/** A disk is the volume when disk-facts' rule (volumeOfDisk: by pool and name, network source or path) finds it among `pools`. */
export function volumeUses(domains: readonly Domain[], pools: readonly Pool[], vol: Pick<Volume, 'path' | 'name' | 'pool'>): ImageUse[] {
  const out: ImageUse[] = [];
  for (const d of domains) {
    for (const k of d.disks) {
      const found = volumeOfDisk(pools, k);
      const direct = found !== undefined && found.pool === vol.pool && found.name === vol.name;
      if (direct) out.push({ vm: d.name, target: k.target, how: 'disk', readonly: k.readonly || k.device === 'cdrom' });
      else if (k.backingChain.some((b) => b.path === vol.path)) out.push({ vm: d.name, target: k.target, how: 'backing', readonly: true });
    }
  }
  return out;
}
