// Loads a host's whole inventory (domains with disks, pools with volumes) in
// three batched round trips, whatever the number of objects:
//   1. names and states (list / pool-list filters),
//   2. pool XML and volume lists,
//   3. every domain XML, every volume XML and one domstats for all domains.
import type { Domain, DomainState, Inventory, Pool, Volume } from '../../../shared/models.ts';
import { parseDomainXml } from './parse-domain.ts';
import { parsePoolXml, parseVolumeXml, resolveBackingChains } from './parse-storage.ts';
import { blockStatsByTarget, parseDomStats, parseNameList, parseVolList } from './parse-text.ts';
import type { VirshExecutor } from './virsh.ts';

export interface InventoryResult extends Inventory {
  /** Objects that vanished or failed to parse while loading, with the reason. */
  warnings: string[];
}

const LIST_CMDS: string[][] = [
  ['list', '--all', '--name'],
  ['list', '--state-running', '--name'],
  ['list', '--state-paused', '--name'],
  ['list', '--state-shutoff', '--name'],
  ['list', '--all', '--autostart', '--name'],
  ['list', '--all', '--persistent', '--name'],
  ['pool-list', '--all', '--name'],
  ['pool-list', '--name'],
  ['pool-list', '--all', '--autostart', '--name'],
];

export interface Listing {
  domains: Array<{ name: string; state: DomainState; autostart: boolean; persistent: boolean }>;
  pools: Array<{ name: string; active: boolean; autostart: boolean }>;
}

export async function loadListing(virsh: VirshExecutor): Promise<Listing> {
  const { outputs } = await virsh.batch(LIST_CMDS);
  const [all, running, paused, shutoff, autostart, persistent, pools, activePools, autoPools] = outputs.map((o) => parseNameList(o ?? ''));
  const set = (a: string[] | undefined): Set<string> => new Set(a ?? []);
  const r = set(running);
  const p = set(paused);
  const s = set(shutoff);
  const au = set(autostart);
  const pe = set(persistent);
  const ap = set(activePools);
  const aa = set(autoPools);
  return {
    domains: (all ?? []).map((name) => ({
      name,
      state: r.has(name) ? 'running' : p.has(name) ? 'paused' : s.has(name) ? 'shutoff' : 'other',
      autostart: au.has(name),
      persistent: pe.has(name),
    })),
    pools: (pools ?? []).map((name) => ({ name, active: ap.has(name), autostart: aa.has(name) })),
  };
}

export async function loadInventory(virsh: VirshExecutor, host: string): Promise<InventoryResult> {
  const started = performance.now();
  const warnings: string[] = [];
  const listing = await loadListing(virsh);

  // Round 2: pool definitions and the volume names of active pools.
  const activePools = listing.pools.filter((p) => p.active);
  const round2: string[][] = [
    ...listing.pools.map((p) => ['pool-dumpxml', '--pool', p.name]),
    ...activePools.map((p) => ['vol-list', '--pool', p.name]),
  ];
  const r2 = round2.length ? (await virsh.batch(round2)).outputs : [];
  const pools: Pool[] = [];
  listing.pools.forEach((facts, i) => {
    const xml = r2[i] ?? '';
    if (!xml.trim()) {
      warnings.push(`pool ${facts.name}: vanished while loading`);
      return;
    }
    try {
      pools.push(parsePoolXml(xml, facts));
    } catch (e) {
      warnings.push(`pool ${facts.name}: ${(e as Error).message}`);
    }
  });
  const volNames: Array<{ pool: string; name: string }> = [];
  activePools.forEach((p, i) => {
    const dir = pools.find((x) => x.name === p.name && ['dir', 'fs', 'netfs'].includes(x.type))?.targetPath;
    for (const row of parseVolList(r2[listing.pools.length + i] ?? '', dir)) volNames.push({ pool: p.name, name: row.name });
  });

  // Round 3: everything big, spread over parallel virsh processes.
  const round3: string[][] = [
    ['domstats', '--block'],
    ...listing.domains.map((d) => ['dumpxml', '--domain', d.name]),
    ...volNames.map((v) => ['vol-dumpxml', '--pool', v.pool, '--vol', v.name]),
  ];
  const r3 = (await virsh.batch(round3)).outputs;
  const stats = parseDomStats(r3[0] ?? '');

  const volumes: Volume[] = [];
  volNames.forEach((v, i) => {
    const xml = r3[1 + listing.domains.length + i] ?? '';
    if (!xml.trim()) {
      warnings.push(`volume ${v.pool}/${v.name}: could not be read`);
      return;
    }
    try {
      volumes.push(parseVolumeXml(xml, v.pool));
    } catch (e) {
      warnings.push(`volume ${v.pool}/${v.name}: ${(e as Error).message}`);
    }
  });
  resolveBackingChains(volumes);
  const byPool = new Map(pools.map((p) => [p.name, p]));
  for (const v of volumes) byPool.get(v.pool)?.volumes.push(v);

  const volByPath = new Map(volumes.map((v) => [v.path, v]));
  const volByName = new Map(volumes.map((v) => [`${v.pool}/${v.name}`, v]));
  const domains: Domain[] = [];
  listing.domains.forEach((facts, i) => {
    const xml = r3[1 + i] ?? '';
    if (!xml.trim()) {
      warnings.push(`domain ${facts.name}: vanished while loading`);
      return;
    }
    try {
      const dom = parseDomainXml(xml, facts);
      fillDiskSizes(dom, stats.get(dom.name), volByPath, volByName);
      domains.push(dom);
    } catch (e) {
      warnings.push(`domain ${facts.name}: ${(e as Error).message}`);
    }
  });

  return {
    host,
    uri: virsh.uri,
    loadedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    domains,
    pools,
    warnings,
  };
}

/**
 * Disk sizes come from domstats (running domains) or, for disks that are pool
 * volumes, from the volume's own numbers.
 */
export function fillDiskSizes(
  dom: Domain,
  stats: Map<string, string> | undefined,
  volByPath: Map<string, Volume>,
  volByName: Map<string, Volume>,
): void {
  const blocks = stats ? blockStatsByTarget(stats) : new Map();
  for (const disk of dom.disks) {
    const b = blocks.get(disk.target);
    const vol =
      disk.source.pool !== undefined && disk.source.volume !== undefined
        ? volByName.get(`${disk.source.pool}/${disk.source.volume}`)
        : volByPath.get(disk.source.file ?? disk.source.dev ?? '');
    const cap = b?.capacity ?? vol?.capacity;
    const alloc = b?.allocation ?? vol?.allocation;
    const phys = b?.physical ?? vol?.physical;
    if (cap !== undefined) disk.capacity = cap;
    if (alloc !== undefined) disk.allocation = alloc;
    if (phys !== undefined) disk.physical = phys;
    if (disk.backingChain.length === 0 && vol && vol.backingChain.length) disk.backingChain = vol.backingChain.map((x) => ({ ...x }));
  }
}

/** Re-reads one domain after an event; null when it no longer exists. */
export async function loadDomain(virsh: VirshExecutor, name: string, volumes: Volume[]): Promise<Domain | null> {
  const cmds = [...LIST_CMDS.slice(0, 6), ['dumpxml', '--domain', name], ['domstats', '--block', '--domain', name]];
  const { outputs } = await virsh.batch(cmds);
  const [all, running, paused, shutoff, autostart, persistent] = outputs.map((o) => parseNameList(o ?? ''));
  if (!all?.includes(name)) return null;
  const xml = outputs[6] ?? '';
  if (!xml.trim()) return null;
  const state: DomainState = running?.includes(name) ? 'running' : paused?.includes(name) ? 'paused' : shutoff?.includes(name) ? 'shutoff' : 'other';
  const dom = parseDomainXml(xml, { state, autostart: !!autostart?.includes(name), persistent: !!persistent?.includes(name) });
  const stats = parseDomStats(outputs[7] ?? '');
  fillDiskSizes(dom, stats.get(name), new Map(volumes.map((v) => [v.path, v])), new Map(volumes.map((v) => [`${v.pool}/${v.name}`, v])));
  return dom;
}

/** Re-reads one pool and its volumes after an event; null when it no longer exists. */
export async function loadPool(virsh: VirshExecutor, name: string): Promise<Pool | null> {
  const first = await virsh.batch([...LIST_CMDS.slice(6), ['pool-dumpxml', '--pool', name], ['vol-list', '--pool', name]]);
  const [all, active, autostart] = first.outputs.map((o) => parseNameList(o ?? ''));
  if (!all?.includes(name)) return null;
  const xml = first.outputs[3] ?? '';
  if (!xml.trim()) return null;
  const pool = parsePoolXml(xml, { active: !!active?.includes(name), autostart: !!autostart?.includes(name) });
  if (!pool.active) return pool;
  const dir = ['dir', 'fs', 'netfs'].includes(pool.type) ? pool.targetPath : undefined;
  const names = parseVolList(first.outputs[4] ?? '', dir).map((r) => r.name);
  const { outputs } = await virsh.batch(names.map((v) => ['vol-dumpxml', '--pool', name, '--vol', v]));
  for (const xmlv of outputs) {
    if (xmlv.trim()) pool.volumes.push(parseVolumeXml(xmlv, name));
  }
  resolveBackingChains(pool.volumes);
  return pool;
}
