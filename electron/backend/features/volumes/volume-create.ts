// Planning a new volume: every check that can be made before anything runs
// (pool active, name free and valid, size against free space, backing volume
// present), then the one command that creates it, with its XML on stdin.
// Every refusal, step and warning is a message (shared/i18n/<lang>/volumes.json).
import { randomUUID } from 'node:crypto';
import { quoteText } from '../../../../shared/core/characters.ts';
import { SpindleError, type ErrorCode } from '../../../../shared/core/errors.ts';
import { msg, type MessageKey, type MsgParam, type Text } from '../../../../shared/core/messages.ts';
import { formatBytes } from '../../../../shared/core/units.ts';
import { validateName } from '../../../../shared/core/validation.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import type { CreateVolumeField, CreateVolumeRequest } from '../../../../shared/contract/features/volumes.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { buildVolumeSecretXml, buildVolumeXml } from '../../libvirt/model/volume-xml.ts';
import { parseVolList } from '../../libvirt/parse-text.ts';
import { findPool } from '../../plan/lookup.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import { shellJoin } from '../../transport/quote.ts';

export type Allocation = CreateVolumeRequest['allocation'];
export type { CreateVolumeRequest };

export interface VolumePlanOptions {
  /** UUID for a new LUKS secret (tests pass a fixed one). */
  newUuid?: () => string;
}

/** Pool types whose volumes are plain files in the pool's directory. */
const FILE_POOLS = new Set(['dir', 'fs', 'netfs']);

function refuse(key: MessageKey, params: Record<string, MsgParam>, field: CreateVolumeField, code: ErrorCode = 'INVALID_ARGUMENT'): SpindleError {
  return SpindleError.of(code, key, params, field);
}

export function planCreateVolume(inv: Inventory, uri: string, req: CreateVolumeRequest, opts: VolumePlanOptions = {}): Plan {
  const pool = findPool(inv, req.pool);
  const p = { pool: pool.name, name: req.name };
  // A thin volume is LVM's to make (thin-volume.ts, which reads the VG first); the attach wizard's new volume is never one.
  if (req.thinPool !== undefined) throw refuse('volumes.thin.notHere', { ...p, thinPool: req.thinPool }, 'thinPool');
  if (!pool.active) throw refuse('volumes.create.poolInactive', p, 'pool');
  validateName('volume', req.name, { field: 'name' });
  if (pool.volumes.some((v) => v.name === req.name)) throw refuse('volumes.create.nameTaken', p, 'name', 'INVALID_NAME');
  if (req.capacityBytes > Number.MAX_SAFE_INTEGER) throw refuse('volumes.create.tooLarge', p, 'capacityBytes');
  if (!Number.isSafeInteger(req.capacityBytes) || req.capacityBytes <= 0) throw refuse('volumes.create.notPositive', p, 'capacityBytes');
  if (req.allocation === 'metadata' && req.format !== 'qcow2') throw refuse('volumes.create.metadataQcow2', p, 'allocation');

  let backing: { path: string; format: string } | undefined;
  if (req.backingVolume !== undefined) {
    if (req.format !== 'qcow2') throw refuse('volumes.create.backingQcow2', p, 'backingVolume');
    const base = pool.volumes.find((v) => v.name === req.backingVolume);
    if (!base) throw refuse('volumes.create.noBacking', { ...p, volume: req.backingVolume }, 'backingVolume', 'UNKNOWN_VOLUME');
    if (req.capacityBytes < base.capacity) throw refuse('volumes.create.smallerThanBacking', { ...p, size: formatBytes(base.capacity) }, 'capacityBytes');
    // libvirt 9.0: "metadata preallocation conflicts with backing store".
    if (req.allocation === 'metadata') throw refuse('volumes.create.metadataBacking', p, 'allocation');
    backing = { path: base.path, format: base.format ?? 'raw' };
  }

  const warnings: Text[] = [];
  const preallocated = req.allocation === 'full' || req.allocation === 'falloc';
  const upFront = preallocated ? req.capacityBytes : 0;
  const sizes = { ...p, size: formatBytes(req.capacityBytes), free: formatBytes(pool.available), format: req.format };
  if (upFront > pool.available) throw refuse('volumes.create.doesNotFit', sizes, 'capacityBytes');
  if (!preallocated && req.capacityBytes > pool.available) warnings.push(msg('volumes.create.overcommit', sizes));
  const path = pool.targetPath ? `${pool.targetPath.replace(/\/+$/, '')}/${req.name}` : undefined;
  const steps: Plan['steps'] = [];

  // Writing zeros over the whole image (qemu-img preallocation=full) takes
  // time: it runs as its own command so it shows progress and can be cancelled.
  // (The test driver's pools exist only inside libvirt: it allocates them itself.)
  const writesZeros = req.allocation === 'full' && FILE_POOLS.has(pool.type) && !req.encryption && path !== undefined && !uri.startsWith('test:');
  if (req.allocation === 'full' && req.encryption) throw refuse('volumes.create.fullEncrypted', p, 'allocation');
  if (writesZeros) {
    const fmtArgs = ['-o', 'preallocation=full', ...(backing ? ['-b', backing.path, '-F', backing.format] : [])];
    steps.push(
      {
        description: msg('volumes.create.stepCheckFree', { path }),
        argv: ['test', '!', '-e', path],
        failure: { message: msg('volumes.create.exists', { path }), hint: msg('volumes.create.existsHint') },
      },
      {
        description: msg('volumes.create.stepZeros', { ...sizes, path }),
        argv: ['qemu-img', 'create', '-q', '-f', req.format, ...fmtArgs, path, String(req.capacityBytes)],
        interruptible: true,
        progress: { path, bytes: req.capacityBytes },
        undo: { description: msg('volumes.create.undoZeros', { path }), argv: ['rm', '-f', '--', path], destructive: true },
      },
      { description: msg('volumes.create.stepRefresh', p), argv: virshArgv(uri, virsh.poolRefresh(pool.name)) },
      listedCheck(inv.host, uri, pool, req.name),
    );
    return { title: msg('volumes.create.titleFull', sizes), steps, warnings };
  }

  let secretUuid: string | undefined;
  if (req.encryption) {
    if (!path) throw refuse('volumes.create.noTargetPath', p, 'encryption');
    secretUuid = (opts.newUuid ?? randomUUID)();
    steps.push(
      {
        description: msg('volumes.create.stepSecret', { path }),
        argv: virshArgv(uri, virsh.secretDefine()),
        // The secret's description is data for libvirt (what `virsh secret-list` shows), not UI text.
        stdin: buildVolumeSecretXml(secretUuid, path, `Spindle: LUKS passphrase of volume ${req.name} in pool ${pool.name}`),
        undo: { description: msg('volumes.create.undoSecret', { uuid: secretUuid }), argv: virshArgv(uri, virsh.secretUndefine(secretUuid)) },
      },
      { description: msg('volumes.create.stepPassphrase'), argv: virshArgv(uri, virsh.secretSetValueFromStdin(secretUuid)), secretStdin: 'passphrase' },
    );
    warnings.push(msg('volumes.create.secretKept', { uuid: secretUuid }));
  }

  const xml = buildVolumeXml({
    name: req.name,
    capacityBytes: req.capacityBytes,
    format: req.format,
    allocationBytes: upFront,
    ...(backing ? { backing } : {}),
    ...(secretUuid ? { encryptionSecretUuid: secretUuid } : {}),
  });
  steps.push({
    description: msg('volumes.create.stepCreate', {
      ...p,
      kind: req.encryption ? msg('volumes.create.luksKind', { format: req.format }) : req.format,
      onTop: backing ? msg('volumes.create.onTop', { path: backing.path }) : '',
    }),
    argv: virshArgv(uri, virsh.volCreate(pool.name, { preallocMetadata: req.allocation === 'metadata' })),
    stdin: xml,
    // qemu-img times its LUKS key derivation in CPU time; on a host whose CPUs
    // are saturated the first probe can measure 0 ms and qemu-img gives up.
    // libvirt removes the failed image, so running it again is safe.
    // Four more tries with growing pauses (1+2+3+4 s): on a saturated 2-core CI machine two were once not enough.
    ...(req.encryption ? { retryOn: { pattern: /Unable to get accurate CPU usage/, times: 4 } } : {}),
    undo: { description: msg('volumes.create.undoCreate', p), argv: virshArgv(uri, virsh.volDelete(pool.name, req.name)), destructive: true },
  });
  steps.push(listedCheck(inv.host, uri, pool, req.name));
  return { title: msg(req.encryption ? 'volumes.create.titleEncrypted' : 'volumes.create.title', sizes), steps, warnings };
}

/** The parameters of the "created but not listed" messages. */
function unlistedParams(host: string, uri: string, pool: { name: string; targetPath?: string | undefined }, name: string): { params: Record<string, MsgParam>; path: string | undefined } {
  const path = pool.targetPath ? `${pool.targetPath.replace(/\/+$/, '')}/${name}` : undefined;
  return {
    path,
    params: {
      name: quoteText(name),
      pool: pool.name,
      host,
      where: path ? msg('volumes.create.unlistedWhere', { path: quoteText(path) }) : '',
      command: shellJoin(virshArgv(uri, virsh.volDelete(pool.name, name))),
    },
  };
}

/**
 * The last step of a create: libvirt lists the new volume under its name. A
 * character newer than the host's C library passes the name rule (Node knows
 * newer Unicode than glibc 2.36) but virsh prints it as \xff; then the job
 * fails here and its undo deletes the volume again, instead of leaving one
 * that nothing can show or attach.
 */
export function listedCheck(host: string, uri: string, pool: { name: string; targetPath?: string | undefined }, name: string): PlanStep {
  return {
    description: msg('volumes.create.stepListed', { pool: pool.name }),
    argv: virshArgv(uri, virsh.volList(pool.name)),
    verify: {
      check: (out) => (parseVolList(out, pool.targetPath).some((v) => v.name === name) ? null : msg('volumes.create.unlistedDeleted', unlistedParams(host, uri, pool, name).params)),
      hint: msg('volumes.create.unlistedDeletedHint'),
    },
  };
}

/**
 * The volume was created, but the pool does not list it under its name: the
 * host's virsh printed some character of it as \xff (one newer than its C
 * library knows). Nothing in Spindle can reach it by that name.
 */
export function unlistedVolumeError(host: string, uri: string, pool: { name: string; targetPath?: string | undefined }, name: string): SpindleError {
  const { params, path } = unlistedParams(host, uri, pool, name);
  return SpindleError.of('COMMAND_FAILED', 'volumes.create.unlisted', params, 'name', { pool: pool.name, volume: name, ...(path ? { path } : {}), created: 'true' });
}
