// pool.usage: a pool's fill as libvirt sees it (the inventory) and as its
// back-end does: overcommit for every type; the VG, its PVs and its thin
// pools for logical; the zpool for zfs; the Ceph pool and the cluster's
// health for rbd. Every command is an argument array run through the
// session's runner (sudo as configured); names from the pool's XML reach a
// tool only when they are valid for it. A read that fails is a problem in the
// result (what, and why; a missing tool names its package), never the end of
// the report.
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type Msg } from '../../../../shared/core/messages.ts';
import type { CephUsage, LvmUsage, PoolUsage, ZfsUsage } from '../../../../shared/contract/features/pools.usage.ts';
import type { Inventory, Pool } from '../../../../shared/contract/models.ts';
import { virsh } from '../../libvirt/commands.ts';
import { parsePoolSpec, type PoolSourceSpec } from '../../libvirt/model/pool-xml.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import { findPool } from '../../plan/lookup.ts';
import { classifyFailure, PROVIDING_PACKAGE } from '../../transport/command-errors.ts';
import { place } from '../../transport/place.ts';
import type { RunResult, Runner } from '../../transport/runner.ts';
import { cephArgv, isCephKey, isCephUser, monitorList, parseCephDf, parseCephHealth } from './ceph-report.ts';
import { isVgName, lvmArgv, parsePvs, parseThinPools, parseVg } from './lvm-report.ts';
import { isZpoolName, parseZpoolList, zpoolListArgv, zpoolOf } from './zpool-list.ts';

/** What pool.usage needs of a host session. */
export interface UsageSession {
  readonly runner: Runner;
  readonly virsh: VirshExecutor;
  readonly config: { readonly sudo: boolean };
}

type What = 'poolXml' | 'vg' | 'pvs' | 'lvs' | 'zpool' | 'cephDf' | 'cephHealth' | 'secret';
const what = (w: What): Msg => msg(`pools.usage.what.${w}`);

const TIMEOUT_MS = 30_000;

/** The problem a failed read is: a missing tool names its package, anything else says why. */
function problemOf(w: What, e: unknown, where: string): Msg {
  if (e instanceof SpindleError && e.code === 'COMMAND_NOT_FOUND') {
    const program = e.details?.['program'] ?? '';
    const pkg = PROVIDING_PACKAGE[program];
    if (pkg) return msg('pools.usage.toolMissing', { what: what(w), program, where: place(where), debian: pkg.debian, fedora: pkg.fedora });
  }
  // Anything else is output Spindle could not read (not JSON, not the expected shape): said without its English text.
  if (!(e instanceof SpindleError) || !e.msg) return msg('pools.usage.badOutput', { what: what(w) });
  return msg('pools.usage.readFailed', { what: what(w), error: e.msg });
}

/** Runs a read; a failure becomes the typed error classifyFailure makes of it (sudo, not found, failed). */
async function read(s: UsageSession, argv: string[], program: string, stdin?: string): Promise<RunResult> {
  const r = await s.runner.run(argv, { sudo: s.config.sudo, timeoutMs: TIMEOUT_MS, ...(stdin !== undefined ? { stdin } : {}) });
  if (r.code !== 0) throw Object.assign(classifyFailure(r, program, s.runner.label), { result: r });
  return r;
}

const resultOf = (e: unknown): RunResult | undefined => (e as { result?: RunResult } | null)?.result;

function overcommit(pool: Pool): PoolUsage['overcommit'] {
  const sumCapacityBytes = pool.volumes.reduce((sum, v) => sum + (v.capacity > 0 ? v.capacity : 0), 0);
  return { volumes: pool.volumes.length, sumCapacityBytes, ratio: pool.capacity > 0 ? sumCapacityBytes / pool.capacity : null };
}

async function lvmUsage(s: UsageSession, vg: string, problems: Msg[]): Promise<LvmUsage | undefined> {
  if (!isVgName(vg)) {
    problems.push(msg('pools.usage.badName', { what: what('vg'), name: JSON.stringify(vg) }));
    return undefined;
  }
  const [vgs, pvs, lvs] = await Promise.allSettled([read(s, lvmArgv.vgs(vg), 'vgs'), read(s, lvmArgv.pvs(), 'pvs'), read(s, lvmArgv.lvs(vg), 'lvs')]);
  if (vgs.status === 'rejected') {
    const notFound = /Volume group "[^"]*" not found/.test(resultOf(vgs.reason)?.stderr ?? '');
    problems.push(notFound ? msg('pools.usage.vgMissing', { vg, where: place(s.runner.label) }) : problemOf('vg', vgs.reason, s.runner.label));
    return undefined;
  }
  const parsed = parseVg(vgs.value.stdout, vg);
  if (!parsed) {
    problems.push(msg('pools.usage.vgMissing', { vg, where: place(s.runner.label) }));
    return undefined;
  }
  let pvList: LvmUsage['vg']['pvs'] = [];
  if (pvs.status === 'fulfilled') pvList = parsePvs(pvs.value.stdout, vg);
  else problems.push(problemOf('pvs', pvs.reason, s.runner.label));
  let thinPools: LvmUsage['thinPools'] = [];
  if (lvs.status === 'fulfilled') thinPools = parseThinPools(lvs.value.stdout);
  else problems.push(problemOf('lvs', lvs.reason, s.runner.label));
  return { vg: { ...parsed, pvs: pvList }, thinPools };
}

async function zfsUsage(s: UsageSession, sourceName: string, problems: Msg[]): Promise<ZfsUsage | undefined> {
  const zpool = zpoolOf(sourceName);
  if (!isZpoolName(zpool)) {
    problems.push(msg('pools.usage.badName', { what: what('zpool'), name: JSON.stringify(zpool) }));
    return undefined;
  }
  try {
    const r = await read(s, zpoolListArgv(zpool), 'zpool');
    const z = parseZpoolList(r.stdout, zpool);
    if (!z) problems.push(msg('pools.usage.zpoolMissing', { zpool, where: place(s.runner.label) }));
    return z ?? undefined;
  } catch (e) {
    const noSuch = /no such pool/.test(resultOf(e)?.stderr ?? '');
    problems.push(noSuch ? msg('pools.usage.zpoolMissing', { zpool, where: place(s.runner.label) }) : problemOf('zpool', e, s.runner.label));
    return undefined;
  }
}

/** The secret's UUID: given, or found by its usage name in `virsh secret-list`. */
async function secretUuid(s: UsageSession, secret: { uuid: string } | { usage: string }): Promise<string | null> {
  if ('uuid' in secret) return secret.uuid;
  const out = await s.virsh.exec(virsh.secretList());
  for (const line of out.split('\n')) {
    const m = /^\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s+ceph\s+(.*?)\s*$/i.exec(line);
    if (m && m[2] === secret.usage) return m[1] ?? null;
  }
  return null;
}

/**
 * The pool's cephx key from its libvirt secret, or null (the caller then
 * lets ceph find the host's keyring). The key stays in this function's
 * caller's memory and goes to ceph on standard input only.
 */
async function cephKey(s: UsageSession, pool: string, auth: NonNullable<PoolSourceSpec['auth']>, problems: Msg[]): Promise<string | null> {
  try {
    const uuid = await secretUuid(s, auth.secret);
    if (!uuid) {
      problems.push(msg('pools.usage.secretMissing', { pool, user: auth.username }));
      return null;
    }
    const key = (await s.virsh.exec(virsh.secretGetValue(uuid))).trim();
    if (isCephKey(key)) return key;
    problems.push(msg('pools.usage.secretNotKey', { pool, user: auth.username }));
    return null;
  } catch (e) {
    const text = e instanceof SpindleError ? `${e.message} ${e.details?.['stderr'] ?? ''}` : String(e);
    problems.push(/secret is private/.test(text) ? msg('pools.usage.secretPrivate', { pool, user: auth.username }) : problemOf('secret', e, s.runner.label));
    return null;
  }
}

async function cephUsage(s: UsageSession, pool: Pool, source: PoolSourceSpec | undefined, problems: Msg[]): Promise<CephUsage | undefined> {
  const cephPool = source?.name ?? pool.name;
  const monitors = monitorList(source?.hosts ?? []);
  if (!monitors) {
    problems.push(source?.hosts?.length ? msg('pools.usage.badName', { what: msg('pools.usage.what.monitors'), name: JSON.stringify(source.hosts.map((h) => h.name).join(',')) }) : msg('pools.usage.noMonitors', { pool: pool.name }));
    return undefined;
  }
  const auth = source?.auth;
  if (auth && !isCephUser(auth.username)) {
    problems.push(msg('pools.usage.badName', { what: msg('pools.usage.what.cephUser'), name: JSON.stringify(auth.username) }));
    return undefined;
  }
  const key = auth ? await cephKey(s, pool.name, auth, problems) : null;
  const keyFrom: CephUsage['keyFrom'] = !auth ? 'none' : key !== null ? 'libvirt-secret' : 'host-keyring';
  const ask = (command: string[]) => read(s, cephArgv(monitors, auth?.username ?? null, command, key !== null), 'ceph', key !== null ? `${key}\n` : undefined);
  const [df, health] = await Promise.allSettled([ask(['df']), ask(['health'])]);
  if (df.status === 'rejected') {
    problems.push(problemOf('cephDf', df.reason, s.runner.label));
    return undefined;
  }
  let parsedHealth: CephUsage['health'] = { status: 'unknown', checks: [] };
  if (health.status === 'fulfilled') parsedHealth = parseCephHealth(health.value.stdout);
  else problems.push(problemOf('cephHealth', health.reason, s.runner.label));
  const usage = parseCephDf(df.value.stdout, cephPool);
  if (!usage) {
    problems.push(msg('pools.usage.cephPoolMissing', { pool: cephPool, user: auth?.username ?? 'admin' }));
    return undefined;
  }
  return { ...usage, health: parsedHealth, keyFrom };
}

/** The usage report of one pool of the inventory (refused, as the planners do, for a pool the host does not have). */
export async function readPoolUsage(s: UsageSession, inv: Inventory, poolName: string, now: () => Date = () => new Date()): Promise<PoolUsage> {
  const pool = findPool(inv, poolName);
  const problems: Msg[] = [];
  const usage: PoolUsage = {
    host: inv.host,
    pool: pool.name,
    type: pool.type,
    active: pool.active,
    capacity: pool.capacity,
    allocation: pool.allocation,
    available: pool.available,
    overcommit: overcommit(pool),
    readAt: '',
    problems,
  };
  if (!pool.active) problems.push(msg('pools.usage.inactive', { pool: pool.name }));
  if (pool.type === 'logical' || pool.type === 'zfs' || pool.type === 'rbd') {
    let source: PoolSourceSpec | undefined;
    try {
      source = parsePoolSpec(await s.virsh.exec(virsh.poolDumpxml(pool.name))).source;
    } catch (e) {
      problems.push(problemOf('poolXml', e, s.runner.label));
    }
    // A parser that meets output it cannot read throws: that back-end's part is a problem, the rest stands.
    const backEnd: What = pool.type === 'logical' ? 'vg' : pool.type === 'zfs' ? 'zpool' : 'cephDf';
    try {
      if (pool.type === 'logical') {
        const lvm = await lvmUsage(s, source?.name ?? pool.name, problems);
        if (lvm) usage.lvm = lvm;
      } else if (pool.type === 'zfs') {
        const zfs = await zfsUsage(s, source?.name ?? pool.name, problems);
        if (zfs) usage.zfs = zfs;
      } else {
        const ceph = await cephUsage(s, pool, source, problems);
        if (ceph) usage.ceph = ceph;
      }
    } catch (e) {
      problems.push(problemOf(backEnd, e, s.runner.label));
    }
  }
  usage.readAt = now().toISOString();
  return usage;
}
