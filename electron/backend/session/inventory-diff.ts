// What changed on a host while Spindle could not hear its events (a dropped
// connection, a libvirtd restart): the inventory read before the gap against
// the one read after it, as event-shaped records so the CLI's `events` stream
// and anything else that follows events can report them instead of losing them.
import type { Disk, Domain, Inventory, Pool } from '../../../shared/contract/models.ts';
import type { LibvirtEvent } from '../libvirt/events.ts';

/** The disk as configured: sizes and allocation move on every guest write and are not changes. */
function diskShape(d: Disk): string {
  const { capacity: _c, allocation: _a, physical: _p, ...rest } = d;
  return JSON.stringify(rest);
}

function domainChanges(before: Domain, after: Domain): string[] {
  const out: string[] = [];
  if (before.state !== after.state) out.push(`state ${before.state} -> ${after.state}`);
  if (before.persistent !== after.persistent) out.push(after.persistent ? 'now persistent' : 'now transient');
  if (before.autostart !== after.autostart) out.push(`autostart ${after.autostart ? 'on' : 'off'}`);
  const b = new Map(before.disks.map((d) => [d.target, diskShape(d)]));
  const a = new Map(after.disks.map((d) => [d.target, diskShape(d)]));
  const added = [...a.keys()].filter((t) => !b.has(t));
  const removed = [...b.keys()].filter((t) => !a.has(t));
  const changed = [...a.keys()].filter((t) => b.has(t) && b.get(t) !== a.get(t));
  if (added.length) out.push(`disks added: ${added.join(', ')}`);
  if (removed.length) out.push(`disks removed: ${removed.join(', ')}`);
  if (changed.length) out.push(`disks changed: ${changed.join(', ')}`);
  if (before.vcpus !== after.vcpus || before.memoryKiB !== after.memoryKiB) out.push('vCPUs or memory changed');
  return out;
}

function poolChanges(before: Pool, after: Pool): string[] {
  const out: string[] = [];
  if (before.active !== after.active) out.push(after.active ? 'started' : 'stopped');
  if (before.autostart !== after.autostart) out.push(`autostart ${after.autostart ? 'on' : 'off'}`);
  const b = new Set(before.volumes.map((v) => v.name));
  const a = new Set(after.volumes.map((v) => v.name));
  const added = [...a].filter((n) => !b.has(n));
  const removed = [...b].filter((n) => !a.has(n));
  if (added.length) out.push(`volumes added: ${added.join(', ')}`);
  if (removed.length) out.push(`volumes removed: ${removed.join(', ')}`);
  return out;
}

function diffByName<T extends { name: string }>(kind: LibvirtEvent['kind'], before: T[], after: T[], changes: (b: T, a: T) => string[], timestamp: string): LibvirtEvent[] {
  const out: LibvirtEvent[] = [];
  const old = new Map(before.map((x) => [x.name, x]));
  const now = new Map(after.map((x) => [x.name, x]));
  for (const [name, a] of now) {
    const b = old.get(name);
    const detail = b ? changes(b, a).join('; ') : 'appeared';
    if (detail) out.push({ kind, event: 'resync', name, detail, timestamp });
  }
  for (const name of old.keys()) if (!now.has(name)) out.push({ kind, event: 'resync', name, detail: 'disappeared', timestamp });
  return out;
}

/** The changes between two inventories of one host, domains first, each named once. */
export function inventoryChanges(before: Inventory, after: Inventory): LibvirtEvent[] {
  const timestamp = after.loadedAt;
  return [...diffByName('domain', before.domains, after.domains, domainChanges, timestamp), ...diffByName('pool', before.pools, after.pools, poolChanges, timestamp)];
}
