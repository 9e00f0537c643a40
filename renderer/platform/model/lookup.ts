// Finds the object a NodeRef points at in the current stores.
import type { HostEntry } from '../../../shared/contract/api.ts';
import type { Disk, Domain, Inventory, Pool, Volume } from '../../../shared/contract/models.ts';
import type { NodeRef } from './node-ref.ts';
import { diskAt, domainNamed, poolNamed, volumeIn } from '../../../shared/contract/inventory-lookup.ts';

export type Resolved =
  | { kind: 'host'; host: HostEntry; inventory: Inventory | null }
  | { kind: 'vm'; host: HostEntry; domain: Domain }
  | { kind: 'disk'; host: HostEntry; domain: Domain; disk: Disk }
  | { kind: 'pool'; host: HostEntry; pool: Pool }
  | { kind: 'volume'; host: HostEntry; pool: Pool; volume: Volume };

export function resolveRef(ref: NodeRef, hosts: readonly HostEntry[], inventories: Readonly<Record<string, { inventory: Inventory | null }>>): Resolved | null {
  const host = hosts.find((h) => h.config.name === ref.host);
  if (!host) return null;
  const inv = inventories[ref.host]?.inventory ?? null;
  switch (ref.kind) {
    case 'host':
    case 'vms':
    case 'pools':
      return { kind: 'host', host, inventory: inv };
    case 'vm': {
      const domain = domainNamed(inv?.domains, ref.vm);
      return domain ? { kind: 'vm', host, domain } : null;
    }
    case 'disk': {
      const domain = domainNamed(inv?.domains, ref.vm);
      const disk = diskAt(domain, ref.disk);
      return domain && disk ? { kind: 'disk', host, domain, disk } : null;
    }
    case 'pool': {
      const pool = poolNamed(inv?.pools, ref.pool);
      return pool ? { kind: 'pool', host, pool } : null;
    }
    case 'volume': {
      const pool = poolNamed(inv?.pools, ref.pool);
      const volume = volumeIn(inv?.pools, ref.pool, ref.volume);
      return pool && volume ? { kind: 'volume', host, pool, volume } : null;
    }
  }
}

export function hostAddress(host: HostEntry): string {
  const c = host.config;
  return c.kind === 'ssh' ? `${c.user}@${c.host}${c.port === 22 ? '' : `:${c.port}`}` : c.uri;
}

/** The last path component, for compact labels ("…/web1.qcow2" -> "web1.qcow2"). */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 && i < path.length - 1 ? path.slice(i + 1) : path;
}
