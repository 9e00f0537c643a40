// Planning a thin volume: an LVM thin volume in a thin pool of a logical
// pool's volume group. libvirt's vol-create cannot make one (its logical
// backend only runs `lvcreate -L`), so the plan runs lvcreate itself, as an
// argument array through the session's runner (sudo as the host is set up),
// then pool-refresh so that libvirt lists it. The thin pool is read again at
// plan time through pool.usage's own reader (the same vgs/lvs parser): it must
// exist in that VG, and a thin pool whose data or metadata is at the critical
// level takes no new volume (metadata that fills damages every thin volume in it).
import { msg, type Msg, type Text } from '../../../../shared/core/messages.ts';
import { SpindleError, type ErrorCode } from '../../../../shared/core/errors.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { validateName } from '../../../../shared/core/validation.ts';
import type { ThinPoolUsage } from '../../../../shared/contract/features/pools.usage.ts';
import type { CreateVolumeField, CreateVolumeRequest } from '../../../../shared/contract/features/volumes.ts';
import type { Inventory, Pool } from '../../../../shared/contract/models.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { findPool } from '../../plan/lookup.ts';
import type { Plan } from '../../plan/plan.ts';
import { readPoolUsage, type UsageSession } from '../pools/index.ts';
import { listedCheck, planCreateVolume } from './volume-create.ts';

/** What the plan needs to know of the VG, as pool.usage read it. */
export interface ThinFacts {
  vg: string;
  extentBytes: number;
  thinPools: readonly ThinPoolUsage[];
}

type ThinRequest = CreateVolumeRequest & { thinPool: string };

function refuse(key: Parameters<typeof SpindleError.of>[1], params: Parameters<typeof SpindleError.of>[2], field: CreateVolumeField, code: ErrorCode = 'INVALID_ARGUMENT'): SpindleError {
  return SpindleError.of(code, key, params, field);
}

// lvm(8) "VALID NAMES": what an LV may not be called, or contain.
const RESERVED_LV_NAMES = ['.', '..', 'snapshot', 'pvmove'];
const RESERVED_LV_PARTS = ['_cdata', '_cmeta', '_corig', '_iorig', '_mimage', '_mlog', '_pmspare', '_rimage', '_rmeta', '_tdata', '_tmeta', '_vdata', '_vorigin', '_wcorig'];

/** Whether LVM takes this as the name of a new LV (letters, digits, + _ . -, no leading -, nothing reserved). */
export function isNewLvName(n: string): boolean {
  return /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$/.test(n) && !RESERVED_LV_NAMES.includes(n) && !RESERVED_LV_PARTS.some((p) => n.includes(p));
}

/** The parameters of the "not a name LVM accepts" refusal. */
export function lvNameRule(n: string): { name: string; reserved: string } {
  return { name: JSON.stringify(n), reserved: [...RESERVED_LV_NAMES.slice(2), ...RESERVED_LV_PARTS].join(' ') };
}

/** The checks that need no host: the pool is a running logical pool, the name is free and LVM's, the rest fits a thin volume. */
export function checkThinRequest(inv: Inventory, req: ThinRequest): Pool {
  const pool = findPool(inv, req.pool);
  const p = { pool: pool.name, name: req.name, type: pool.type };
  if (pool.type !== 'logical') throw refuse('volumes.thin.notLogical', p, 'thinPool');
  if (!pool.active) throw refuse('volumes.create.poolInactive', p, 'pool');
  validateName('volume', req.name, { field: 'name' });
  if (!isNewLvName(req.name)) throw refuse('volumes.thin.lvName', lvNameRule(req.name), 'name', 'INVALID_NAME');
  if (pool.volumes.some((v) => v.name === req.name)) throw refuse('volumes.create.nameTaken', p, 'name', 'INVALID_NAME');
  if (!Number.isSafeInteger(req.capacityBytes) || req.capacityBytes <= 0) throw refuse('volumes.create.notPositive', p, 'capacityBytes');
  if (req.format !== 'raw') throw refuse('volumes.thin.rawOnly', p, 'format');
  if (req.allocation !== 'sparse') throw refuse('volumes.thin.sparseOnly', p, 'allocation');
  if (req.backingVolume !== undefined) throw refuse('volumes.thin.noBacking', p, 'backingVolume');
  if (req.encryption !== undefined) throw refuse('volumes.thin.noEncryption', p, 'encryption');
  return pool;
}

const pct = (n: number): string => String(Math.round(n * 100) / 100);

/** The fill of one part of a thin pool, as pool.usage's alerts say it. */
function partAlert(t: ThinPoolUsage, part: 'data' | 'metadata'): Msg | null {
  const percent = part === 'data' ? t.dataPercent : t.metadataPercent;
  if (t.level === null || t.levelPart !== part || percent === null) return null;
  return msg(`pools.usage.alert.${part}`, { name: t.name, percent: pct(percent), level: msg(`pools.usage.level.${t.level}`) });
}

/** The lvcreate that makes the thin volume (the size in bytes: LVM's "b" unit). */
export function thinLvcreateArgv(vg: string, thinPool: string, name: string, bytes: number): string[] {
  return ['lvcreate', '-V', `${bytes}b`, '-T', `${vg}/${thinPool}`, '-n', name];
}

/** The plan, from the request and what the host said of its VG (pure: unit tests give recorded reports). */
export function planThinVolume(inv: Inventory, uri: string, req: ThinRequest, facts: ThinFacts): Plan {
  const pool = checkThinRequest(inv, req);
  const { vg } = facts;
  const thin = facts.thinPools.find((t) => t.name === req.thinPool);
  const at = { pool: pool.name, vg, thinPool: req.thinPool, name: req.name };
  if (!thin) {
    const names = facts.thinPools.map((t) => t.name);
    throw refuse(names.length ? 'volumes.thin.noSuchThinPool' : 'volumes.thin.noThinPools', { ...at, thinPools: names.join(', ') }, 'thinPool');
  }
  // Critical (95 %) and beyond: no new volume. Metadata first: a full one damages the thin volumes.
  if (thin.level === 'critical' || thin.level === 'emergency') {
    throw refuse('volumes.thin.tooFull', { ...at, alert: partAlert(thin, thin.levelPart ?? 'data') ?? '' }, 'thinPool');
  }
  const warnings: Text[] = [];
  const alert = thin.levelPart ? partAlert(thin, thin.levelPart) : null;
  if (alert) warnings.push(alert);
  if (!thin.active) warnings.push(msg('volumes.thin.inactive', at));
  const virtualBytes = thin.virtualBytes + req.capacityBytes;
  if (thin.sizeBytes > 0 && virtualBytes > thin.sizeBytes) {
    warnings.push(msg('volumes.thin.overcommit', { ...at, size: formatBytes(thin.sizeBytes), virtual: formatBytes(virtualBytes), percent: String(Math.round((virtualBytes / thin.sizeBytes) * 100)) }));
  }
  if (facts.extentBytes > 0 && req.capacityBytes % facts.extentBytes !== 0) {
    const rounded = Math.ceil(req.capacityBytes / facts.extentBytes) * facts.extentBytes;
    warnings.push(msg('volumes.thin.rounded', { size: formatBytes(rounded), bytes: String(rounded), extent: formatBytes(facts.extentBytes) }));
  }
  const refresh = virshArgv(uri, virsh.poolRefresh(pool.name));
  const size = formatBytes(req.capacityBytes);
  return {
    title: msg('volumes.thin.title', { ...at, size }),
    warnings,
    steps: [
      // A refresh first only so that an undo ends with one (undo runs newest first): the pool then forgets a removed volume.
      { description: msg('volumes.thin.stepRefreshBefore', at), argv: refresh, undo: { description: msg('volumes.thin.undoRefresh', at), argv: refresh } },
      {
        description: msg('volumes.thin.stepCreate', { ...at, size }),
        argv: thinLvcreateArgv(vg, req.thinPool, req.name, req.capacityBytes),
        undo: { description: msg('volumes.thin.undoCreate', at), argv: ['lvremove', '-y', `${vg}/${req.name}`], destructive: true },
      },
      { description: msg('volumes.create.stepRefresh', at), argv: refresh },
      listedCheck(inv.host, uri, pool, req.name),
    ],
  };
}

/** Reads the pool's VG and thin pools now (pool.usage's reader), then plans; a VG that cannot be read refuses with why. */
export async function planCreateThinVolume(s: UsageSession, inv: Inventory, uri: string, req: ThinRequest): Promise<Plan> {
  checkThinRequest(inv, req);
  const usage = await readPoolUsage(s, inv, req.pool);
  if (!usage.lvm) throw refuse('volumes.thin.unreadable', { pool: req.pool, why: usage.problems[0] ?? '' }, 'thinPool');
  // lvs failed but vgs worked: the thin pools are unknown, not absent.
  const lvsProblem = usage.problems.find((m) => (m.params?.['what'] as Msg | undefined)?.key === 'pools.usage.what.lvs');
  if (lvsProblem) throw refuse('volumes.thin.unreadable', { pool: req.pool, why: lvsProblem }, 'thinPool');
  return planThinVolume(inv, uri, req, { vg: usage.lvm.vg.name, extentBytes: usage.lvm.vg.extentBytes, thinPools: usage.lvm.thinPools });
}

/** volume.create: a thin volume when the request names a thin pool, else libvirt's vol-create. */
export function planNewVolume(s: UsageSession, inv: Inventory, uri: string, req: CreateVolumeRequest): Plan | Promise<Plan> {
  return req.thinPool !== undefined ? planCreateThinVolume(s, inv, uri, { ...req, thinPool: req.thinPool }) : planCreateVolume(inv, uri, req);
}
