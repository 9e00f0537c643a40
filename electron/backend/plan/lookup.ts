// Finding the objects a planned change is about, with the errors a user sees
// when they are not there.
import { SpindleError } from '../../../shared/core/errors.ts';
import type { Disk, Domain, Inventory, Volume } from '../../../shared/contract/models.ts';

export function findDomain(inv: Inventory, name: string): Domain {
  const d = inv.domains.find((x) => x.name === name);
  if (!d) throw new SpindleError('UNKNOWN_DOMAIN', `There is no VM "${name}" on ${inv.host}.`, 'Pick one of the VMs listed for this host.');
  return d;
}

export function findDisk(dom: Domain, target: string): Disk {
  const disk = dom.disks.find((d) => d.target === target);
  if (!disk) throw new SpindleError('INVALID_ARGUMENT', `VM "${dom.name}" has no disk ${target}.`, `Its disks: ${dom.disks.map((d) => d.target).join(', ') || 'none'}.`);
  return disk;
}

/** The pool volume behind a disk: named by pool/volume, or found by its path. */
export function volumeOfDisk(inv: Inventory, disk: Disk): Volume | undefined {
  if (disk.source.pool !== undefined) return inv.pools.find((p) => p.name === disk.source.pool)?.volumes.find((v) => v.name === disk.source.volume);
  const path = disk.source.file ?? disk.source.dev;
  return inv.pools.flatMap((p) => p.volumes).find((v) => v.path === path);
}
