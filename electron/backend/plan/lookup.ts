// Finding the objects a planned change is about, with the refusals a user
// sees when they are not there. `field` names the request field that named
// the object (so a wizard returns to the step that asks it); callers whose
// request calls it otherwise pass their own.
import { SpindleError } from '../../../shared/core/errors.ts';
import type { Disk, Domain, Inventory, Pool, Volume } from '../../../shared/contract/models.ts';
import { joinTexts } from './plan-errors.ts';
import { diskAt, domainNamed, poolNamed, volumeIn } from '../../../shared/contract/inventory-lookup.ts';

export function findDomain(inv: Inventory, name: string, field = 'domain'): Domain {
  const d = domainNamed(inv.domains, name);
  if (!d) throw SpindleError.of('UNKNOWN_DOMAIN', 'plan.lookup.noDomain', { name, host: inv.host }, field);
  return d;
}

export function findDisk(dom: Domain, target: string, field = 'target'): Disk {
  const disk = diskAt(dom, target);
  if (!disk) throw SpindleError.of('INVALID_ARGUMENT', 'plan.lookup.noDisk', { domain: dom.name, target, disks: joinTexts(dom.disks.map((d) => d.target)) }, field);
  return disk;
}

export function findPool(inv: Inventory, name: string, field = 'pool'): Pool {
  const pool = poolNamed(inv.pools, name);
  if (!pool) throw SpindleError.of('UNKNOWN_POOL', 'plan.lookup.noPool', { name, host: inv.host }, field);
  return pool;
}

/** A volume of a pool, by name. */
export function findVolume(inv: Inventory, pool: string, volume: string, field = 'volume'): Volume {
  const vol = volumeIn(inv.pools, pool, volume);
  if (!vol) throw SpindleError.of('UNKNOWN_VOLUME', 'plan.lookup.noVolume', { pool, volume }, field);
  return vol;
}

/** The pool volume behind a disk: one definition for the backend and the renderer (shared/contract/disk-facts.ts). */
export { volumeOfDisk } from '../../../shared/contract/disk-facts.ts';
