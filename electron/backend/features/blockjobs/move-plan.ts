// Moving a disk to another pool. A running VM: a new volume, a block copy
// into it (no pivot: the step ends when the mirror is ready; Cancel aborts it
// and the new volume is deleted), the pivot, then the saved definition pointed
// at the new file (libvirt 9.0 already updates it at the pivot of a
// transient-job copy; the define makes it so on any version). A shut-off VM:
// qemu-img convert into the new volume, then the define. Once the VM uses the
// new file no undo may delete it: the steps after the pivot carry partialNotes.
import path from 'node:path';
import type { MoveDiskRequest } from '../../../../shared/contract/features/blockjobs.ts';
import type { Inventory, Pool, Volume } from '../../../../shared/contract/models.ts';
import { volumeOfDisk } from '../../../../shared/contract/disk-facts.ts';
import { isActive } from '../../../../shared/core/domain-rules.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type Text } from '../../../../shared/core/messages.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { buildVolumeXml } from '../../libvirt/model/volume-xml.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import { diskFile, findDisk, type ChainSession } from './chain.ts';
import { chainForJob, defineStep } from './chain-plans.ts';

/** Who else reads `file`: other disks (as their source or in their chain) and volumes whose chain reaches it. */
export function usersOf(inv: Inventory, file: string, except: { domain: string; target: string }): string[] {
  const users: string[] = [];
  for (const d of inv.domains) {
    for (const disk of d.disks) {
      if (d.name === except.domain && disk.target === except.target) continue;
      const src = disk.source.file ?? disk.source.dev;
      if (src === file || disk.backingChain.some((b) => b.path === file)) users.push(`${d.name} (${disk.target})`);
    }
  }
  for (const p of inv.pools) for (const v of p.volumes) if (v.path !== file && v.backingChain.some((b) => b.path === file)) users.push(`${p.name}/${v.name}`);
  return users;
}

const ABORTED = /does not have an active block job|no active block job/i;

export async function planMove(session: ChainSession, inv: Inventory, req: MoveDiskRequest): Promise<Plan> {
  const { dom, disk } = findDisk(inv, req.domain, req.target);
  const file = diskFile(req.domain, disk);
  const pool: Pool | undefined = inv.pools.find((x) => x.name === req.pool);
  if (!pool) throw SpindleError.of('UNKNOWN_POOL', 'blockjobs.move.noPool', { pool: req.pool, pools: inv.pools.map((x) => x.name).join(', ') || '-' }, 'pool');
  if (!pool.active) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.move.poolInactive', { pool: pool.name }, 'pool');
  if (!pool.targetPath) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.move.noTargetPath', { pool: pool.name, type: pool.type }, 'pool');
  const old: Volume | undefined = volumeOfDisk(inv, disk);
  if (old?.pool === pool.name) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.move.samePool', { pool: pool.name, domain: req.domain, target: req.target }, 'pool');
  const name = req.name ?? old?.name ?? path.posix.basename(file);
  if (pool.volumes.some((v) => v.name === name)) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.move.nameTaken', { pool: pool.name, name }, 'name');
  const chain = await chainForJob(session, inv, req.domain, req.target);
  const capacity = chain.layers[0]?.virtualBytes ?? disk.capacity ?? 0;
  if (capacity <= 0) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.move.noCapacity', { domain: req.domain, target: req.target }, 'target');
  // The data the copy writes: what the chain holds, at most the disk's size.
  const needed = Math.min(capacity, chain.layers.reduce((n, l) => n + (l.sizeBytes ?? l.virtualBytes ?? 0), 0));
  if (pool.available < needed) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.move.noSpace', { pool: pool.name, needed: formatBytes(needed), available: formatBytes(pool.available) }, 'pool');
  const format = req.format ?? 'qcow2';
  const dest = path.posix.join(pool.targetPath, name);
  const running = isActive(dom.state);

  let deleteOld: PlanStep[] = [];
  if (req.deleteOld) {
    if (!old) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.move.oldNotVolume', { file }, 'deleteOld');
    const users = usersOf(inv, file, { domain: req.domain, target: req.target });
    if (users.length) throw SpindleError.of('INVALID_ARGUMENT', 'blockjobs.move.oldInUse', { file, users: users.join(', ') }, 'deleteOld');
    const p = { pool: old.pool, volume: old.name, file, dest };
    deleteOld = [{ description: msg('blockjobs.move.stepDeleteOld', p), argv: virshArgv(session.config.uri, virsh.volDelete(old.pool, old.name)), destructive: true, partialNote: msg('blockjobs.move.partialDeleteOld', p) }];
  }

  const p = { domain: req.domain, target: req.target, file, dest, pool: pool.name, name, format, size: formatBytes(capacity) };
  const uri = session.config.uri;
  const deleteNew: PlanStep = { description: msg('blockjobs.move.undoCreate', p), argv: virshArgv(uri, virsh.volDelete(pool.name, name)), destructive: true };
  const create: PlanStep = { description: msg('blockjobs.move.stepCreate', p), argv: virshArgv(uri, virsh.volCreate(pool.name)), stdin: buildVolumeXml({ name, capacityBytes: capacity, format }), undo: deleteNew };
  const warnings: Text[] = [];
  if (chain.layers.length > 1) warnings.push(msg('blockjobs.move.flattens', { ...p, layers: chain.layers.map((l) => l.path).join(' <- ') }));
  warnings.push(req.deleteOld ? msg('blockjobs.move.oldDeleted', p) : msg('blockjobs.move.oldKept', p));
  const define = dom.persistent
    ? [await defineStep(session, req.domain, req.target, dest, format, msg('blockjobs.move.stepDefine', p), msg('blockjobs.move.partialDefine', p))]
    : [];
  const title = msg('blockjobs.move.title', p);
  if (running) {
    const copy: PlanStep = {
      description: msg('blockjobs.move.stepCopy', p),
      argv: virshArgv(uri, virsh.blockcopy(req.domain, req.target, dest, format, req.bandwidthMiBs)),
      blockJob: { domain: req.domain, target: req.target },
      // Newest first: the mirror stops before its file is deleted.
      undo: { description: msg('blockjobs.move.undoCopy', p), argv: virshArgv(uri, virsh.blockjobAbort(req.domain, req.target)), alreadyDone: ABORTED },
    };
    const pivot: PlanStep = { description: msg('blockjobs.move.stepPivot', p), argv: virshArgv(uri, virsh.blockjobPivot(req.domain, req.target)) };
    return { title, steps: [create, copy, pivot, ...define, ...deleteOld], warnings };
  }
  const convert: PlanStep = {
    description: msg('blockjobs.move.stepConvert', p),
    argv: ['qemu-img', 'convert', '-n', '-f', chain.layers[0]?.format ?? 'raw', '-O', format, file, dest],
    interruptible: true,
    progress: { path: dest, bytes: Math.max(1, needed) },
  };
  return { title, steps: [create, convert, ...define, ...deleteOld], warnings };
}
