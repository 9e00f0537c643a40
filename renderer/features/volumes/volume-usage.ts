// Which VMs use an image, directly or as the backing file under their own
// disk: what the volume picker shows next to each volume.
import type { Domain, Volume } from '../../../shared/contract/models.ts';

export interface ImageUse {
  vm: string;
  target: string;
  /** "disk": the VM's disk is this image; "backing": it sits under the VM's disk. */
  how: 'disk' | 'backing';
  readonly: boolean;
}

export function volumeUses(domains: readonly Domain[], vol: Pick<Volume, 'path' | 'name' | 'pool'>): ImageUse[] {
  const out: ImageUse[] = [];
  for (const d of domains) {
    for (const k of d.disks) {
      const direct = k.source.file === vol.path || k.source.dev === vol.path || (k.source.pool === vol.pool && k.source.volume === vol.name);
      if (direct) out.push({ vm: d.name, target: k.target, how: 'disk', readonly: k.readonly || k.device === 'cdrom' });
      else if (k.backingChain.some((b) => b.path === vol.path)) out.push({ vm: d.name, target: k.target, how: 'backing', readonly: true });
    }
  }
  return out;
}
