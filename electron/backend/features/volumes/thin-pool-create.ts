// Planning a new LVM thin pool in a logical pool's volume group, where thin
// volumes can then be made (thin-volume.ts). libvirt has no command for it
// and lists no thin pool as a volume, so the plan runs lvcreate itself (an
// argument array, the host's sudo), then pool-refresh: the VG's free space,
// libvirt's "available", shrinks. The VG is read at plan time through
// pool.usage's reader: the name must be free among its LVs and the size fit.
import { msg, type Text } from '../../../../shared/core/messages.ts';
import { SpindleError, type ErrorCode } from '../../../../shared/core/errors.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { validateName } from '../../../../shared/core/validation.ts';
import type { CreateThinPoolField, CreateThinPoolRequest } from '../../../../shared/contract/features/volumes.ts';
import type { Inventory, Pool } from '../../../../shared/contract/models.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { findPool } from '../../plan/lookup.ts';
import type { Plan } from '../../plan/plan.ts';
import { readPoolUsage, type UsageSession } from '../pools/index.ts';
import { isNewLvName, lvNameRule } from './thin-volume.ts';

const MiB = 2 ** 20;
/** lvmthin(7): a thin pool's metadata LV is 2 MiB to 16 GiB (LVM clamps bigger requests). */
export const THIN_METADATA_MIN = 2 * MiB;
export const THIN_METADATA_MAX = 16 * 2 ** 30;

/** What the plan needs to know of the VG, as pool.usage read it. */
export interface VgFacts {
  vg: string;
  freeBytes: number;
  extentBytes: number;
  /** Every LV name the VG has that a new one may not take: its thin pools', and the volumes libvirt lists. */
  lvNames: readonly string[];
}

function refuse(key: Parameters<typeof SpindleError.of>[1], params: Parameters<typeof SpindleError.of>[2], field: CreateThinPoolField, code: ErrorCode = 'INVALID_ARGUMENT'): SpindleError {
  return SpindleError.of(code, key, params, field);
}

export function thinPoolLvcreateArgv(vg: string, name: string, sizeBytes: number, metadataBytes?: number): string[] {
  return ['lvcreate', '--type', 'thin-pool', '-L', `${sizeBytes}b`, ...(metadataBytes !== undefined ? ['--poolmetadatasize', `${metadataBytes}b`] : []), '-n', name, vg];
}

/** The checks that need no host. */
export function checkThinPoolRequest(inv: Inventory, req: CreateThinPoolRequest): Pool {
  const pool = findPool(inv, req.pool);
  const p = { pool: pool.name, name: req.name, type: pool.type };
  if (pool.type !== 'logical') throw refuse('volumes.thinPool.notLogical', p, 'pool');
  if (!pool.active) throw refuse('volumes.create.poolInactive', p, 'pool');
  validateName('volume', req.name, { field: 'name' });
  if (!isNewLvName(req.name)) throw refuse('volumes.thin.lvName', lvNameRule(req.name), 'name', 'INVALID_NAME');
  const m = req.metadataBytes;
  if (m !== undefined && (m < THIN_METADATA_MIN || m > THIN_METADATA_MAX)) throw refuse('volumes.thinPool.metadataRange', { size: formatBytes(m), min: formatBytes(THIN_METADATA_MIN), max: formatBytes(THIN_METADATA_MAX) }, 'metadataBytes');
  return pool;
}

/** The plan, from the request and what the host said of its VG (pure: unit tests give recorded reports). */
export function planThinPool(inv: Inventory, uri: string, req: CreateThinPoolRequest, facts: VgFacts): Plan {
  const pool = checkThinPoolRequest(inv, req);
  const { vg } = facts;
  const at = { pool: pool.name, vg, name: req.name, size: formatBytes(req.sizeBytes), free: formatBytes(facts.freeBytes) };
  if (facts.lvNames.includes(req.name)) throw refuse('volumes.thinPool.nameTaken', at, 'name', 'INVALID_NAME');
  const up = (n: number) => (facts.extentBytes > 0 ? Math.ceil(n / facts.extentBytes) * facts.extentBytes : n);
  // LVM adds the metadata LV and, for the VG's first thin pool, a spare of the same size (lvmthin(7) "pmspare").
  const metadata = req.metadataBytes !== undefined ? up(req.metadataBytes) : 0;
  if (up(req.sizeBytes) + 2 * metadata > facts.freeBytes) throw refuse(metadata ? 'volumes.thinPool.doesNotFitWithMetadata' : 'volumes.thinPool.doesNotFit', { ...at, metadata: formatBytes(metadata) }, 'sizeBytes');
  const warnings: Text[] = [];
  if (!metadata && facts.freeBytes - up(req.sizeBytes) < 2 * up(4 * MiB)) warnings.push(msg('volumes.thinPool.tight', at));
  if (facts.extentBytes > 0 && req.sizeBytes % facts.extentBytes !== 0) {
    warnings.push(msg('volumes.thin.rounded', { size: formatBytes(up(req.sizeBytes)), bytes: String(up(req.sizeBytes)), extent: formatBytes(facts.extentBytes) }));
  }
  return {
    title: msg('volumes.thinPool.title', at),
    warnings,
    steps: [
      {
        description: msg(req.metadataBytes !== undefined ? 'volumes.thinPool.stepCreateMetadata' : 'volumes.thinPool.stepCreate', { ...at, metadata: formatBytes(req.metadataBytes ?? 0) }),
        argv: thinPoolLvcreateArgv(vg, req.name, req.sizeBytes, req.metadataBytes),
        undo: { description: msg('volumes.thinPool.undoCreate', at), argv: ['lvremove', '-y', `${vg}/${req.name}`], destructive: true },
      },
      { description: msg('volumes.thinPool.stepRefresh', at), argv: virshArgv(uri, virsh.poolRefresh(pool.name)) },
    ],
  };
}

/** Reads the pool's VG now (pool.usage's reader), then plans; a VG that cannot be read refuses with why. */
export async function planCreateThinPool(s: UsageSession, inv: Inventory, uri: string, req: CreateThinPoolRequest): Promise<Plan> {
  const pool = checkThinPoolRequest(inv, req);
  const usage = await readPoolUsage(s, inv, req.pool);
  if (!usage.lvm) throw refuse('volumes.thin.unreadable', { pool: req.pool, why: usage.problems[0] ?? '' }, 'pool');
  const lvs = usage.problems.find((m) => (m.params?.['what'] as { key?: string } | undefined)?.key === 'pools.usage.what.lvs');
  if (lvs) throw refuse('volumes.thin.unreadable', { pool: req.pool, why: lvs }, 'pool');
  const lvNames = [...usage.lvm.thinPools.map((t) => t.name), ...pool.volumes.map((v) => v.name)];
  return planThinPool(inv, uri, req, { vg: usage.lvm.vg.name, freeBytes: usage.lvm.vg.freeBytes, extentBytes: usage.lvm.vg.extentBytes, lvNames });
}
