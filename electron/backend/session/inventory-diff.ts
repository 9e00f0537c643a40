// What changed on a host while Spindle could not hear its events (a dropped
// connection, a libvirtd restart): the inventory read before the gap against
// the one read after it, as event-shaped records so the CLI's `events` stream
// and anything else that follows events can report them instead of losing them.
import type { Disk, Domain, Inventory, Pool } from '../../../shared/contract/models.ts';
import { english, joinTexts, msg, msgOf, type Msg } from '../../../shared/core/messages.ts';
import type { LibvirtEvent } from '../libvirt/events.ts';

/** The disk as configured: sizes and allocation move on every guest write and are not changes. */
function diskShape(d: Disk): string {
  const { capacity: _c, allocation: _a, physical: _p, ...rest } = d;
  return JSON.stringify(rest);
}

function domainChanges(before: Domain, after: Domain): Msg[] {
  const out: Msg[] = [];
  if (before.state !== after.state) out.push(msg('session.resync.state', { from: before.state, to: after.state }));
  if (before.persistent !== after.persistent) out.push(msg(after.persistent ? 'session.resync.persistent' : 'session.resync.transient'));
  if (before.autostart !== after.autostart) out.push(msg(after.autostart ? 'session.resync.autostartOn' : 'session.resync.autostartOff'));
  const b = new Map(before.disks.map((d) => [d.target, diskShape(d)]));
  const a = new Map(after.disks.map((d) => [d.target, diskShape(d)]));
  const added = [...a.keys()].filter((t) => !b.has(t));
  const removed = [...b.keys()].filter((t) => !a.has(t));
  const changed = [...a.keys()].filter((t) => b.has(t) && b.get(t) !== a.get(t));
  // Names are data: listed as they are.
  if (added.length) out.push(msg('session.resync.disksAdded', { targets: added.join(', ') }));
  if (removed.length) out.push(msg('session.resync.disksRemoved', { targets: removed.join(', ') }));
  if (changed.length) out.push(msg('session.resync.disksChanged', { targets: changed.join(', ') }));
  if (before.vcpus !== after.vcpus || before.memoryKiB !== after.memoryKiB) out.push(msg('session.resync.cpuMemory'));
  return out;
}

function poolChanges(before: Pool, after: Pool): Msg[] {
  const out: Msg[] = [];
  if (before.active !== after.active) out.push(msg(after.active ? 'session.resync.started' : 'session.resync.stopped'));
  if (before.autostart !== after.autostart) out.push(msg(after.autostart ? 'session.resync.autostartOn' : 'session.resync.autostartOff'));
  const b = new Set(before.volumes.map((v) => v.name));
  const a = new Set(after.volumes.map((v) => v.name));
  const added = [...a].filter((n) => !b.has(n));
  const removed = [...b].filter((n) => !a.has(n));
  if (added.length) out.push(msg('session.resync.volumesAdded', { names: added.join(', ') }));
  if (removed.length) out.push(msg('session.resync.volumesRemoved', { names: removed.join(', ') }));
  return out;
}

/** Changes as one message, "a; b; c" in the reader's language; none: no message. */
function joined(changes: Msg[]): Msg | undefined {
  return changes.length ? msgOf(joinTexts(changes)) : undefined;
}

function resync(kind: LibvirtEvent['kind'], name: string, detail: Msg, timestamp: string): LibvirtEvent {
  return { kind, event: 'resync', name, detail: english(detail), detailMsg: detail, timestamp };
}

function diffByName<T extends { name: string }>(kind: LibvirtEvent['kind'], before: T[], after: T[], changes: (b: T, a: T) => Msg[], timestamp: string): LibvirtEvent[] {
  const out: LibvirtEvent[] = [];
  const old = new Map(before.map((x) => [x.name, x]));
  const now = new Map(after.map((x) => [x.name, x]));
  for (const [name, a] of now) {
    const b = old.get(name);
    const detail = b ? joined(changes(b, a)) : msg('session.resync.appeared');
    if (detail) out.push(resync(kind, name, detail, timestamp));
  }
  for (const name of old.keys()) if (!now.has(name)) out.push(resync(kind, name, msg('session.resync.disappeared'), timestamp));
  return out;
}

/** The changes between two inventories of one host, domains first, each named once. */
export function inventoryChanges(before: Inventory, after: Inventory): LibvirtEvent[] {
  const timestamp = after.loadedAt;
  return [...diffByName('domain', before.domains, after.domains, domainChanges, timestamp), ...diffByName('pool', before.pools, after.pools, poolChanges, timestamp)];
}
