// Loads a host's whole inventory (domains with disks, pools with volumes) in
// three batched round trips, whatever the number of objects:
//   1. names and states (list / pool-list filters),
//   2. every domain XML with one domstats for all, and beside it pool XML and
//      volume lists,
//   3. every volume XML (by key for file-based pools), and beside it one
//      domblkinfo batch for the disks that are no pool volume.
import type { Disk, Domain, DomainState, Inventory, Pool, Volume } from '../../../shared/contract/models.ts';
import { isActive } from '../../../shared/core/domain-rules.ts';
import { english, isMsg, msg, type Msg, type MsgParam } from '../../../shared/core/messages.ts';
import { diffDisks, parseDomainXml } from './parse-domain.ts';
import { listedVolume, parsePoolXml, parseVolumeXml, resolveBackingChains } from './parse-storage.ts';
import { blockStatsByTarget, parseDomStats, parseNameList, parseVolList, type BlockStat } from './parse-text.ts';
import type { VirshExecutor } from './virsh.ts';

export interface InventoryResult extends Inventory {
  /** Objects that vanished or failed to parse while loading, with the reason (English). */
  warnings: string[];
  /** The same, index for index, as messages. */
  warningMsgs: Msg[];
}

/** What went wrong while loading, said both ways (English for scripts and logs, the message for people). */
class Warnings {
  readonly english: string[] = [];
  readonly msgs: Msg[] = [];
  add(m: Msg): void {
    this.english.push(english(m));
    this.msgs.push(m);
  }
}

/** Why an object could not be read: the error's message when it has one, else its text (an XML parser's). */
function why(e: unknown): MsgParam {
  const m = (e as { msg?: unknown } | null)?.msg;
  return isMsg(m) ? m : e instanceof Error ? e.message : String(e);
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
  const warnings = new Warnings();
  const listing = await loadListing(virsh);

  // Domains and storage do not depend on each other: they load side by side,
  // and each step starts as soon as what it needs has arrived. Domains start
  // with the pools: the volumes' XML (after the pools) is the longest step,
  // and domains that waited for the pools ran into it and ended last (and
  // the disks sized by domblkinfo after them, later still).
  const poolsJob = loadPools(virsh, listing, warnings);
  // Running persistent domains also give their saved XML, to spot changes
  // that only take effect at the next start (or vanish at shutdown).
  const withConfig = listing.domains.filter((d) => d.persistent && isActive(d.state));
  const configIndex = new Map(withConfig.map((d, i) => [d.name, i]));
  const domainCmds = [['domstats', '--block', '--list-active'], ...listing.domains.map((d) => ['dumpxml', '--domain', d.name]), ...withConfig.map((d) => ['dumpxml', '--inactive', '--domain', d.name])];
  const domainsJob = virsh.batch(domainCmds).then((out) => {
    const list: Domain[] = [];
    listing.domains.forEach((facts, i) => {
      const xml = out.outputs[1 + i] ?? '';
      if (!xml.trim()) {
        warnings.add(msg('session.inventory.domainVanished', { name: facts.name }));
        return;
      }
      try {
        const dom = parseDomainXml(xml, facts);
        const ci = configIndex.get(facts.name);
        if (ci !== undefined) notePendingDisks(dom, out.outputs[1 + listing.domains.length + ci] ?? '');
        list.push(dom);
      } catch (e) {
        warnings.add(msg('session.inventory.domainUnreadable', { name: facts.name, error: why(e) }));
      }
    });
    return { list, stats: parseDomStats(out.outputs[0] ?? '') };
  });
  const volumesJob = poolsJob.then((p) => loadVolumes(virsh, p, warnings));
  // Disks that are no pool volume: sized by domblkinfo (needsBlkInfo), while
  // the volume XML is still loading.
  const otherJob = Promise.all([domainsJob, poolsJob]).then(([d, p]) => fillOtherDiskSizes(virsh, d.list, new Set(p.rows.map((r) => r.path))));
  const [parsed, pools] = await Promise.all([domainsJob, poolsJob, volumesJob, otherJob]);

  const volumes = pools.pools.flatMap((p) => p.volumes);
  const volByPath = new Map(volumes.map((v) => [v.path, v]));
  const volByName = new Map(volumes.map((v) => [`${v.pool}/${v.name}`, v]));
  const domains = parsed.list;
  for (const dom of domains) fillDiskSizes(dom, parsed.stats.get(dom.name), volByPath, volByName);

  return {
    host,
    uri: virsh.uri,
    loadedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    domains,
    pools: pools.pools,
    warnings: warnings.english,
    warningMsgs: warnings.msgs,
  };
}

interface PoolRows {
  pools: Pool[];
  rows: Array<{ pool: string; name: string; path: string }>;
}

/** Every pool's XML and the volume lists of active pools, in one batch. */
async function loadPools(virsh: VirshExecutor, listing: Listing, warnings: Warnings): Promise<PoolRows> {
  const activePools = listing.pools.filter((p) => p.active);
  const cmds: string[][] = [...listing.pools.map((p) => ['pool-dumpxml', '--pool', p.name]), ...activePools.map((p) => ['vol-list', '--pool', p.name])];
  const out = cmds.length ? (await virsh.batch(cmds)).outputs : [];
  const pools: Pool[] = [];
  listing.pools.forEach((facts, i) => {
    const xml = out[i] ?? '';
    if (!xml.trim()) {
      warnings.add(msg('session.inventory.poolVanished', { name: facts.name }));
      return;
    }
    try {
      pools.push(parsePoolXml(xml, facts));
    } catch (e) {
      warnings.add(msg('session.inventory.poolUnreadable', { name: facts.name, error: why(e) }));
    }
  });
  const rows: PoolRows['rows'] = [];
  activePools.forEach((p, i) => {
    const pool = pools.find((x) => x.name === p.name);
    const dir = pool && ['dir', 'fs', 'netfs'].includes(pool.type) ? pool.targetPath : undefined;
    for (const row of parseVolList(out[listing.pools.length + i] ?? '', dir)) rows.push({ pool: p.name, ...row });
  });
  return { pools, rows };
}

/** Pool types whose volume key is the volume's path (libvirt's storage_backend_fs). */
const KEY_IS_PATH = new Set(['dir', 'fs', 'netfs']);

/**
 * A volume's XML by key where the key is its path: one lookup in libvirtd
 * instead of the pool's and then the volume's, half the time of
 * --pool/--vol for 100 qcow2 volumes (measured: 40 ms against 80-150 ms).
 */
function volDumpXml(v: { pool: string; name: string; path: string }, poolType: string | undefined): string[] {
  if (poolType !== undefined && KEY_IS_PATH.has(poolType) && v.path.startsWith('/')) return ['vol-dumpxml', '--vol', v.path];
  return ['vol-dumpxml', '--pool', v.pool, '--vol', v.name];
}

/**
 * Every volume's XML. Pools are read by separate processes side by side
 * (libvirt serialises work within one pool); small pools share a process,
 * since each process costs ~10 ms to start and connect.
 */
const VOLUMES_PER_PROCESS = 150;

async function loadVolumes(virsh: VirshExecutor, { pools, rows }: PoolRows, warnings: Warnings): Promise<void> {
  const groups: Array<typeof rows> = [];
  let cur: typeof rows = [];
  let lastPool: string | null = null;
  for (const r of rows) {
    if (cur.length >= VOLUMES_PER_PROCESS && r.pool !== lastPool) {
      groups.push(cur);
      cur = [];
    }
    cur.push(r);
    lastPool = r.pool;
  }
  if (cur.length) groups.push(cur);
  const byPool = new Map(pools.map((p) => [p.name, p]));
  const results = await Promise.all(groups.map((g) => virsh.batch(g.map((v) => volDumpXml(v, byPool.get(v.pool)?.type)))));
  groups.forEach((g, gi) => {
    g.forEach((v, i) => {
      const xml = results[gi]?.outputs[i] ?? '';
      if (!xml.trim()) {
        warnings.add(msg('session.inventory.volumeUnread', { pool: v.pool, name: v.name }));
        return;
      }
      try {
        const pool = byPool.get(v.pool);
        const vol = parseVolumeXml(xml, v.pool);
        if (pool && listedVolume(pool.type, vol)) pool.volumes.push(vol);
      } catch (e) {
        warnings.add(msg('session.inventory.volumeUnreadable', { pool: v.pool, name: v.name, error: why(e) }));
      }
    });
  });
  resolveBackingChains(pools.flatMap((p) => p.volumes));
}

/** A disk whose image is a file on the host (directly, or as a volume of a file-based pool). */
function isFileBacked(disk: Disk, vol: Volume | undefined): boolean {
  return disk.source.type === 'file' || (disk.source.type === 'volume' && (vol?.type ?? 'file') === 'file');
}

/**
 * Disk sizes, with the meaning `virsh domblkinfo` gives them: capacity is
 * what the guest sees; allocation is what the disk really takes: for a file,
 * the bytes the host has allocated to it (domstats block.N.physical, QEMU's
 * actual-size, for a running domain; the volume's allocation otherwise;
 * domstats' own block.N.allocation is the highest offset written, 0 until the
 * guest writes, which showed "0 B"), for a block device or network disk the
 * highest offset written; physical is a file's size (the volume's, or
 * domblkinfo's, see fillOtherDiskSizes) or a device's size.
 */
export function fillDiskSizes(
  dom: Domain,
  stats: Map<string, string> | undefined,
  volByPath: Map<string, Volume>,
  volByName: Map<string, Volume>,
): void {
  const blocks = stats ? blockStatsByTarget(stats) : new Map<string, BlockStat>();
  for (const disk of dom.disks) {
    const b = blocks.get(disk.target);
    const vol = volumeOf(disk, volByPath, volByName);
    const file = isFileBacked(disk, vol);
    const cap = b?.capacity ?? vol?.capacity;
    const alloc = (file ? b?.physical : b?.allocation) ?? vol?.allocation;
    const phys = file ? vol?.physical : (b?.physical ?? vol?.physical);
    if (cap !== undefined) disk.capacity = cap;
    if (alloc !== undefined) disk.allocation = alloc;
    if (phys !== undefined) disk.physical = phys;
    if (disk.backingChain.length === 0 && vol && vol.backingChain.length) disk.backingChain = vol.backingChain.map((x) => ({ ...x }));
  }
}

function volumeOf(disk: Disk, volByPath: Map<string, Volume>, volByName: Map<string, Volume>): Volume | undefined {
  return disk.source.pool !== undefined && disk.source.volume !== undefined
    ? volByName.get(`${disk.source.pool}/${disk.source.volume}`)
    : volByPath.get(disk.source.file ?? disk.source.dev ?? '');
}

/**
 * The disks whose sizes only domblkinfo knows: those that are no pool
 * volume, of shut-off domains (all three sizes) and the files of running
 * ones (their size on the host, "physical").
 */
function needsBlkInfo(dom: Domain, disk: Disk, volumePaths: Set<string>): boolean {
  const path = disk.source.file ?? disk.source.dev;
  if (path === undefined || volumePaths.has(path) || disk.source.volume !== undefined || disk.device === 'cdrom') return false;
  return isActive(dom.state) ? disk.source.type === 'file' : true;
}

/** Sizes from domblkinfo: all of them for a shut-off domain, a running domain's file only its size. */
function applyBlkInfo(dom: Domain, disk: Disk, info: BlkInfo): void {
  if (isActive(dom.state)) {
    if (info.physical !== undefined) disk.physical = info.physical;
    return;
  }
  if (info.capacity !== undefined) disk.capacity = info.capacity;
  if (info.allocation !== undefined) disk.allocation = info.allocation;
  if (info.physical !== undefined) disk.physical = info.physical;
}

/** The disks of needsBlkInfo(): one domblkinfo each, all in one batch for the host. */
async function fillOtherDiskSizes(virsh: VirshExecutor, domains: Domain[], volumePaths: Set<string>): Promise<void> {
  const missing = domains.flatMap((d) => d.disks.filter((k) => needsBlkInfo(d, k, volumePaths)).map((k) => ({ d, k })));
  if (missing.length === 0) return;
  const { outputs } = await virsh.batch(missing.map(({ d, k }) => ['domblkinfo', '--domain', d.name, '--device', k.target]));
  missing.forEach(({ d, k }, i) => applyBlkInfo(d, k, parseBlkInfo(outputs[i] ?? '')));
}

export interface BlkInfo {
  capacity?: number;
  allocation?: number;
  physical?: number;
}

/** `domblkinfo`: "Capacity:       67108864" lines, in bytes. */
export function parseBlkInfo(out: string): BlkInfo {
  const r: BlkInfo = {};
  for (const line of out.split('\n')) {
    const m = /^(Capacity|Allocation|Physical):\s+(\d+)\s*$/.exec(line);
    if (m) r[(m[1] ?? '').toLowerCase() as 'capacity'] = Number(m[2]);
  }
  return r;
}

/**
 * `domblkinfo --all`: a table " Target  Capacity  Allocation  Physical" with
 * a row per disk, "-" for a disk without media. Targets (vda, sdb, hdc) hold
 * no spaces.
 */
export function parseBlkInfoTable(out: string): Map<string, BlkInfo> {
  const r = new Map<string, BlkInfo>();
  const lines = out.split('\n');
  const head = lines.findIndex((l) => /^\s*Target\s+Capacity\s+Allocation\s+Physical\s*$/.test(l));
  if (head < 0) return r;
  for (const line of lines.slice(head + 2)) {
    const m = /^\s*(\S+)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s*$/.exec(line);
    if (!m) continue;
    const num = (v: string | undefined): number | undefined => (v === undefined || v === '-' ? undefined : Number(v));
    const info: BlkInfo = {};
    const [cap, alloc, phys] = [num(m[2]), num(m[3]), num(m[4])];
    if (cap !== undefined) info.capacity = cap;
    if (alloc !== undefined) info.allocation = alloc;
    if (phys !== undefined) info.physical = phys;
    r.set(m[1] ?? '', info);
  }
  return r;
}

/** Records how a running domain's disks differ from its saved XML (if it has any). */
function notePendingDisks(dom: Domain, configXml: string): void {
  if (!configXml.trim()) return;
  const pending = diffDisks(dom.disks, parseDomainXml(configXml, { state: dom.state, autostart: dom.autostart, persistent: true }).disks);
  if (pending) dom.pendingDisks = pending;
}

/** Re-reads one domain after an event; null when it no longer exists. */
export async function loadDomain(virsh: VirshExecutor, name: string, volumes: Volume[]): Promise<Domain | null> {
  const cmds = [
    ...LIST_CMDS.slice(0, 6),
    ['dumpxml', '--domain', name],
    ['domstats', '--block', '--domain', name],
    ['dumpxml', '--inactive', '--domain', name],
    // Sizes of the disks that are no volume (needsBlkInfo), in the same round trip.
    ['domblkinfo', '--domain', name, '--all'],
  ];
  const { outputs } = await virsh.batch(cmds);
  const [all, running, paused, shutoff, autostart, persistent] = outputs.map((o) => parseNameList(o ?? ''));
  if (!all?.includes(name)) return null;
  const xml = outputs[6] ?? '';
  if (!xml.trim()) return null;
  const state: DomainState = running?.includes(name) ? 'running' : paused?.includes(name) ? 'paused' : shutoff?.includes(name) ? 'shutoff' : 'other';
  const dom = parseDomainXml(xml, { state, autostart: !!autostart?.includes(name), persistent: !!persistent?.includes(name) });
  const stats = parseDomStats(outputs[7] ?? '');
  if (dom.persistent && isActive(state)) notePendingDisks(dom, outputs[8] ?? '');
  fillDiskSizes(dom, stats.get(name), new Map(volumes.map((v) => [v.path, v])), new Map(volumes.map((v) => [`${v.pool}/${v.name}`, v])));
  const paths = new Set(volumes.map((v) => v.path));
  const table = parseBlkInfoTable(outputs[9] ?? '');
  for (const disk of dom.disks) {
    const info = table.get(disk.target);
    if (info && needsBlkInfo(dom, disk, paths)) applyBlkInfo(dom, disk, info);
  }
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
    if (!xmlv.trim()) continue;
    const vol = parseVolumeXml(xmlv, name);
    if (listedVolume(pool.type, vol)) pool.volumes.push(vol);
  }
  resolveBackingChains(pool.volumes);
  return pool;
}
