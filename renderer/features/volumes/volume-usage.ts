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

/** `pools`: the host's pools, to know network disks (rbd, iscsi-direct) by the volume they are (disk-facts' rule). */
export function volumeUses(domains: readonly Domain[], vol: Pick<Volume, 'path' | 'name' | 'pool'>, pools: readonly Pool[] = []): ImageUse[] {
  const out: ImageUse[] = [];
  const isVol = (v: Volume | undefined) => v !== undefined && v.pool === vol.pool && v.name === vol.name;
  for (const d of domains) {
    for (const k of d.disks) {
      const direct =
        k.source.file === vol.path || k.source.dev === vol.path || (k.source.pool === vol.pool && k.source.volume === vol.name) || (k.source.type === 'network' && isVol(volumeOfDisk(pools, k)));
      if (direct) out.push({ vm: d.name, target: k.target, how: 'disk', readonly: k.readonly || k.device === 'cdrom' });
      else if (k.backingChain.some((b) => b.path === vol.path)) out.push({ vm: d.name, target: k.target, how: 'backing', readonly: true });
    }
  }
  return out;
}
