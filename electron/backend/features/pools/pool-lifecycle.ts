// Planning the life of a pool: start, stop, refresh, autostart, undefine and
// delete, each checked against the fresh inventory before anything runs
// (active or not, used by which VMs, what a delete would remove), then the
// exact virsh commands. Names reach virsh as one argument each, never
// through a shell. Every refusal and step is a message (shared/i18n/<lang>/pools.json).
import { SpindleError } from '../../../../shared/core/errors.ts';
import { joinTexts, msg, type MessageKey, type MsgParam } from '../../../../shared/core/messages.ts';
import type { Inventory, Pool } from '../../../../shared/contract/models.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { POOL_CAPS, POOL_TYPES, POOL_WIPE_ALGORITHMS, type PoolType } from '../../libvirt/model/pool-xml.ts';
import type { PoolDeleteRequest } from '../../../../shared/contract/features/pools.ts';
import { findPool } from '../../plan/lookup.ts';
import type { Plan } from '../../plan/plan.ts';
import { backedByPool, poolUses, usesText } from './pool-users.ts';
import { netfsFormatOf, requireMountHelper, volumeDeleteSteps, type ProbeSession } from './pool-traps.ts';

function refuse(key: MessageKey, params: Record<string, MsgParam>, field = 'pool', details?: Record<string, string>): SpindleError {
  return SpindleError.of('INVALID_ARGUMENT', key, params, field, details);
}

/** A plan of one virsh command on a pool, titled and described by its action's catalog entries. */
function onePoolStep(action: 'start' | 'stop' | 'refresh' | 'undefine', pool: Pool, argv: string[], warnings: Plan['warnings'] = []): Plan {
  const p = { pool: pool.name };
  return { title: msg(`pools.${action}.title`, p), steps: [{ description: msg(`pools.${action}.step`, p), argv }], warnings };
}

export function planPoolStart(inv: Inventory, uri: string, req: { pool: string }): Plan {
  const pool = findPool(inv, req.pool);
  if (pool.active) throw refuse('pools.start.active', { pool: pool.name });
  return onePoolStep('start', pool, virshArgv(uri, virsh.poolStart(pool.name)));
}

/** Starting a netfs pool mounts its share: refused first when the host lacks the mount helper (pool-traps.ts). */
export async function planPoolStartChecked(s: ProbeSession, inv: Inventory, req: { pool: string }): Promise<Plan> {
  const plan = planPoolStart(inv, s.config.uri, req);
  const pool = findPool(inv, req.pool);
  if (pool.type === 'netfs') await requireMountHelper(s, pool.name, await netfsFormatOf(s, pool.name), 'pool');
  return plan;
}

/** Stopping a pool takes its volumes away from every VM still using them: refused while a running VM does. */
export function planPoolStop(inv: Inventory, uri: string, req: { pool: string }): Plan {
  const pool = findPool(inv, req.pool);
  if (!pool.active) throw refuse('pools.stop.inactive', { pool: pool.name });
  const uses = poolUses(inv, pool, { runningOnly: true });
  if (uses.length) throw refuse('pools.stop.inUse', { pool: pool.name, count: new Set(uses.map((u) => u.domain)).size, uses: usesText(uses) }, 'pool', { vms: [...new Set(uses.map((u) => u.domain))].join(',') });
  return onePoolStep('stop', pool, virshArgv(uri, virsh.poolDestroy(pool.name)));
}

export function planPoolRefresh(inv: Inventory, uri: string, req: { pool: string }): Plan {
  const pool = findPool(inv, req.pool);
  if (!pool.active) throw refuse('pools.refresh.inactive', { pool: pool.name });
  return onePoolStep('refresh', pool, virshArgv(uri, virsh.poolRefresh(pool.name)));
}

export function planPoolAutostart(inv: Inventory, uri: string, req: { pool: string; on: boolean }): Plan {
  const pool = findPool(inv, req.pool);
  const key = req.on ? 'on' : 'off';
  return {
    title: msg(`pools.autostart.${key}Title`, { pool: pool.name }),
    steps: [{ description: msg(`pools.autostart.${key}Step`, { pool: pool.name }), argv: virshArgv(uri, virsh.poolAutostart(pool.name, req.on)) }],
    warnings: pool.autostart === req.on ? [msg(`pools.autostart.already${req.on ? 'On' : 'Off'}`, { pool: pool.name })] : [],
  };
}

/** Undefining forgets the pool (its storage stays): refused while it runs, so no VM loses a volume it is using. */
export function planPoolUndefine(inv: Inventory, uri: string, req: { pool: string }): Plan {
  const pool = findPool(inv, req.pool);
  if (pool.active) throw refuse('pools.undefine.active', { pool: pool.name });
  return onePoolStep('undefine', pool, virshArgv(uri, virsh.poolUndefine(pool.name)), [msg('pools.undefine.storageKept', { pool: pool.name, where: pool.targetPath ?? pool.sourceDescription ?? pool.name })]);
}

function capsOf(pool: Pool) {
  return (POOL_TYPES as readonly string[]).includes(pool.type) ? POOL_CAPS[pool.type as PoolType] : undefined;
}

/**
 * Deleting a pool removes its storage for good: its volumes (only when asked,
 * each listed), then the storage itself (pool-delete) and the definition.
 * The pool must be running so that libvirt lists what it holds; refused while
 * any VM, running or not, uses one of its volumes.
 */
export function planPoolDelete(inv: Inventory, uri: string, req: PoolDeleteRequest): Plan {
  const pool = findPool(inv, req.pool);
  const p = { pool: pool.name, type: pool.type };
  if (!capsOf(pool)?.deletable) throw refuse('pools.delete.notDeletable', p);
  if (!pool.active) throw refuse('pools.delete.inactive', p);
  const algorithm = wipeAlgorithm(pool, req);
  const uses = poolUses(inv, pool);
  if (uses.length) throw refuse('pools.delete.inUse', { ...p, count: new Set(uses.map((u) => u.domain)).size, uses: usesText(uses) }, 'pool', { vms: [...new Set(uses.map((u) => u.domain))].join(',') });
  // No file another image still builds on is deleted, even when no VM uses that image now.
  const dependants = backedByPool(inv, pool);
  if (dependants.length && req.withVolumes) {
    throw refuse('pools.delete.backsOthers', { ...p, count: dependants.length, images: joinTexts(dependants.map((d) => msg('pools.backedVolume', d))) }, 'withVolumes');
  }
  const volumes = pool.volumes.map((v) => v.name);
  if (volumes.length && !req.withVolumes) throw refuse('pools.delete.hasVolumes', { ...p, count: volumes.length, volumes: joinTexts(volumes) }, 'withVolumes', { volumes: volumes.join('\n') });
  const steps: Plan['steps'] = [];
  for (const [i, v] of pool.volumes.entries()) {
    // Each volume is wiped just before it is deleted, so a failed wipe leaves the rest of the pool as it was.
    if (algorithm) {
      steps.push({
        description: msg('pools.delete.stepWipe', { pool: pool.name, volume: v.name, path: v.path, algorithm }),
        argv: virshArgv(uri, virsh.volWipe(pool.name, v.name, algorithm)),
        destructive: true,
        ...(i ? { partialNote: msg('pools.delete.partialWipe', p) } : {}),
      });
    }
    steps.push(...volumeDeleteSteps(uri, pool, v));
  }
  steps.push(
    { description: msg('pools.delete.stepStop', p), argv: virshArgv(uri, virsh.poolDestroy(pool.name)), ...(steps.length ? { partialNote: msg('pools.delete.partialVolumes', p) } : {}) },
    { description: msg('pools.delete.stepDelete', { ...p, where: pool.targetPath ?? pool.sourceDescription ?? pool.name }), argv: virshArgv(uri, virsh.poolDelete(pool.name)), destructive: true },
    { description: msg('pools.delete.stepUndefine', p), argv: virshArgv(uri, virsh.poolUndefine(pool.name)) },
  );
  const warnings: Plan['warnings'] = volumes.length ? [msg('pools.delete.removes', { ...p, count: volumes.length, volumes: joinTexts(volumes) })] : [];
  if (algorithm && volumes.length) {
    warnings.push(msg('pools.delete.wipes', { ...p, count: volumes.length, volumes: joinTexts(volumes), algorithm }));
    if (algorithm !== 'zero' && algorithm !== 'trim') warnings.push(msg('pools.delete.wipeScrub', { algorithm }));
  }
  return { title: msg('pools.delete.title', { ...p, count: volumes.length }), steps, warnings };
}

/** The algorithm each volume is wiped with (none without wipe): one the pool type's back-end has. */
function wipeAlgorithm(pool: Pool, req: PoolDeleteRequest): string | null {
  const p = { pool: pool.name, type: pool.type };
  if (!req.wipe) {
    if (req.algorithm !== undefined) throw refuse('pools.delete.algorithmWithoutWipe', p, 'algorithm');
    return null;
  }
  if (!req.withVolumes) throw refuse('pools.delete.wipeNeedsVolumes', p, 'withVolumes');
  const algorithm = req.algorithm ?? 'zero';
  const known = capsOf(pool) ? POOL_WIPE_ALGORITHMS[pool.type as PoolType] : [];
  if (!known.length) throw refuse('pools.delete.wipeUnsupported', p, 'wipe');
  if (!known.includes(algorithm)) throw refuse('pools.delete.wipeAlgorithm', { ...p, algorithm, algorithms: joinTexts([...known]) }, 'algorithm');
  return algorithm;
}
