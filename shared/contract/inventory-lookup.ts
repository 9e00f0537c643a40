// Finding an object of the inventory model by what names it: a VM by name, a
// disk by target, a pool by name, a volume by pool and name. One definition
// for the backend's planners (plan/lookup.ts adds the refusals) and the
// renderer's wizards and panels. Each takes undefined where the caller's
// parent may be missing, and answers undefined when nothing matches.
import type { Disk, Domain, Pool, Volume } from './models.ts';

export function domainNamed<D extends Pick<Domain, 'name'>>(domains: readonly D[] | undefined, name: string): D | undefined {
  return domains?.find((d) => d.name === name);
}

export function diskAt<K extends Pick<Disk, 'target'>>(domain: { readonly disks: readonly K[] } | undefined, target: string): K | undefined {
  return domain?.disks.find((k) => k.target === target);
}

export function poolNamed<P extends Pick<Pool, 'name'>>(pools: readonly P[] | undefined, name: string): P | undefined {
  return pools?.find((p) => p.name === name);
}

export function volumeIn(pools: readonly Pick<Pool, 'name' | 'volumes'>[] | undefined, pool: string, volume: string): Volume | undefined {
  return poolNamed(pools, pool)?.volumes.find((v) => v.name === volume);
}
