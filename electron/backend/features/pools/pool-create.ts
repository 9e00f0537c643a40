// Planning a new pool of a type this machine can run now: dir (a directory)
// and fs (a filesystem on a block device). The XML comes from the pool model
// (libvirt/model/pool-xml.ts, which checks what the type takes); then
// pool-define with it on stdin, pool-build when asked, pool-start and
// pool-autostart. Formatting a device (fs build) needs the request to repeat
// the device's name (the CLI's --yes-format DEV). Undo: what the job made is
// stopped and undefined again.
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type MessageKey, type MsgParam, type Text } from '../../../../shared/core/messages.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { CREATABLE_POOL_TYPES, type CreatePoolField, type CreatePoolRequest } from '../../../../shared/contract/features/pools.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { buildPoolXml, POOL_TYPES, type PoolPermissions, type PoolSpec } from '../../libvirt/model/pool-xml.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';

export type { CreatePoolRequest };

function refuse(key: MessageKey, params: Record<string, MsgParam>, field: CreatePoolField, code: 'INVALID_ARGUMENT' | 'INVALID_NAME' = 'INVALID_ARGUMENT'): SpindleError {
  return SpindleError.of(code, key, params, field);
}

/** The filesystem pool-build makes when the request names none (libvirt's "auto" cannot be made). */
const DEFAULT_MKFS = 'ext4';

const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

function specOf(req: CreatePoolRequest): PoolSpec {
  const perms = req.permissions && Object.values(req.permissions).some((v) => v !== undefined) ? req.permissions : undefined;
  if (perms?.mode !== undefined && !/^0?[0-7]{3}$/.test(perms.mode)) throw refuse('pools.create.mode', { mode: JSON.stringify(perms.mode) }, 'permissions');
  for (const k of ['owner', 'group'] as const) {
    const v = perms?.[k];
    if (v !== undefined && !/^\d{1,10}$/.test(v)) throw refuse('pools.create.id', { what: msg(`pools.create.${k}`), value: JSON.stringify(v) }, 'permissions');
  }
  const permissions: PoolPermissions = {};
  for (const k of ['mode', 'owner', 'group'] as const) {
    const v = perms?.[k];
    if (v !== undefined) permissions[k] = v;
  }
  const target = { path: req.target, ...(perms ? { permissions } : {}) };
  if (req.type === 'dir') {
    if (req.sourceDevice !== undefined || req.sourceFormat !== undefined) throw refuse('pools.create.dirNoSource', {}, 'sourceDevice');
    return { type: 'dir', name: req.name, target };
  }
  if (req.sourceDevice === undefined) throw refuse('pools.create.fsNeedsDevice', {}, 'sourceDevice');
  const format = req.sourceFormat ?? (req.build ? DEFAULT_MKFS : 'auto');
  if (req.build && format === 'auto') throw refuse('pools.create.buildNeedsFormat', {}, 'sourceFormat');
  return { type: 'fs', name: req.name, source: { devices: [{ path: req.sourceDevice }], format }, target };
}

export function planCreatePool(inv: Inventory, uri: string, req: CreatePoolRequest): Plan {
  const creatable = CREATABLE_POOL_TYPES as readonly string[];
  if (!creatable.includes(req.type)) {
    const known = (POOL_TYPES as readonly string[]).includes(req.type);
    throw refuse(known ? 'pools.create.typeLater' : 'pools.create.unknownType', { type: req.type, types: creatable.join(', '), all: POOL_TYPES.join(', ') }, 'type');
  }
  const p = { pool: req.name, type: req.type, target: req.target, device: req.sourceDevice ?? '' };
  if (inv.pools.some((x) => x.name === req.name)) throw refuse('pools.create.nameTaken', p, 'name', 'INVALID_NAME');
  if (!req.target.startsWith('/')) throw refuse('pools.create.targetAbsolute', p, 'target');
  const sameTarget = inv.pools.find((x) => x.targetPath !== undefined && trimSlash(x.targetPath) === trimSlash(req.target));
  if (sameTarget) throw refuse('pools.create.targetTaken', { ...p, other: sameTarget.name }, 'target');
  const spec = specOf(req);
  // The model's checks (the name rule, what the type takes, absolute paths) before any command is written.
  const xml = buildPoolXml(spec);
  const format = spec.source?.format;
  if (req.build && req.type === 'fs') {
    if (req.formatDevice === undefined) throw refuse('pools.create.confirmFormat', { ...p, format: format ?? DEFAULT_MKFS }, 'formatDevice');
    if (req.formatDevice !== req.sourceDevice) throw refuse('pools.create.confirmMismatch', { ...p, given: req.formatDevice }, 'formatDevice');
  } else if (req.formatDevice !== undefined) throw refuse('pools.create.confirmWithoutBuild', p, 'formatDevice');

  const undefine: PlanStep = { description: msg('pools.create.undoDefine', p), argv: virshArgv(uri, virsh.poolUndefine(req.name)) };
  const steps: PlanStep[] = [{ description: msg('pools.create.stepDefine', p), argv: virshArgv(uri, virsh.poolDefine()), stdin: xml, undo: undefine }];
  const warnings: Text[] = [];
  if (req.build) {
    steps.push(
      req.type === 'fs'
        ? // --no-overwrite: libvirt runs mkfs only on a device with no filesystem or partition table on it; one with data fails here, untouched.
          { description: msg('pools.create.stepMkfs', { ...p, format: format ?? DEFAULT_MKFS }), argv: virshArgv(uri, virsh.poolBuild(req.name, { noOverwrite: true })), destructive: true }
        : { description: msg('pools.create.stepMkdir', p), argv: virshArgv(uri, virsh.poolBuild(req.name)) },
    );
    if (req.type === 'fs') warnings.push(msg('pools.create.formats', { ...p, format: format ?? DEFAULT_MKFS }));
  }
  steps.push({
    description: msg('pools.create.stepStart', p),
    argv: virshArgv(uri, virsh.poolStart(req.name)),
    undo: { description: msg('pools.create.undoStart', p), argv: virshArgv(uri, virsh.poolDestroy(req.name)) },
  });
  if (req.autostart) steps.push({ description: msg('pools.create.stepAutostart', p), argv: virshArgv(uri, virsh.poolAutostart(req.name, true)) });
  return {
    title: msg(req.type === 'fs' ? 'pools.create.titleFs' : 'pools.create.titleDir', p),
    steps,
    warnings,
  };
}
