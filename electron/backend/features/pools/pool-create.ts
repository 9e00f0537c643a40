// Planning a new pool of any type Spindle creates (CREATABLE_POOL_TYPES): the
// request's source becomes the pool model's spec (libvirt/model/pool-xml.ts,
// whose per-type table says what each type takes and needs); the XML goes to
// pool-define on stdin, then pool-build when asked, pool-start and
// pool-autostart. A build that overwrites devices (fs mkfs, disk label,
// logical pvcreate/vgcreate, zfs zpool create) needs the request to list
// exactly those devices again (formatDevices; the CLI's --yes-format DEV).
// A network pool's secret can be defined by the same job (newSecret): its
// value is read at run time through the passphrase channel of ops.start,
// never part of the request or the plan. Undo: what the job made is stopped,
// removed (a VG it made) and undefined again, its secret undefined.
import { randomUUID } from 'node:crypto';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg, type MessageKey, type MsgParam, type Text } from '../../../../shared/core/messages.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { CREATABLE_POOL_TYPES, type CreatePoolField, type CreatePoolRequest, type PoolSource } from '../../../../shared/contract/features/pools.ts';
import { virsh, virshArgv } from '../../libvirt/commands.ts';
import { buildPoolXml, POOL_CAPS, POOL_TYPES, type PoolPermissions, type PoolSourceSpec, type PoolSpec, type PoolType } from '../../libvirt/model/pool-xml.ts';
import { buildPoolSecretXml } from '../../libvirt/model/secret-xml.ts';
import type { Plan, PlanStep } from '../../plan/plan.ts';
import { requireMountHelper, type ProbeSession } from './pool-traps.ts';

export type { CreatePoolRequest };

export interface CreatePoolOptions {
  /** The new secret's UUID (tests give a fixed one). */
  newUuid?: () => string;
}

function refuse(key: MessageKey, params: Record<string, MsgParam>, field: CreatePoolField, code: 'INVALID_ARGUMENT' | 'INVALID_NAME' = 'INVALID_ARGUMENT'): SpindleError {
  return SpindleError.of(code, key, params, field);
}

/** The filesystem pool-build makes when the request names none (libvirt's "auto" cannot be made). */
const DEFAULT_MKFS = 'ext4';
/** The partition table a disk build writes when the request names none. */
const DEFAULT_LABEL = 'gpt';

/** Types whose volumes are files in the target directory: two such pools on one directory see each other's volumes. */
const FILE_POOLS: readonly string[] = ['dir', 'fs', 'netfs'];
/** Types whose target is a folder of device nodes, with the folder libvirt's own tools use when none is given. */
const DEVICE_FOLDERS: Partial<Record<PoolType, string>> = { disk: '/dev', iscsi: '/dev/disk/by-path', scsi: '/dev/disk/by-path', mpath: '/dev/mapper' };
/** Builds that overwrite the source devices. */
const DESTRUCTIVE_BUILDS: readonly string[] = ['fs', 'disk', 'logical', 'zfs'];
/** Types that talk to exactly one server. */
const ONE_HOST: readonly string[] = ['netfs', 'iscsi', 'iscsi-direct', 'gluster'];

type ReqPart = keyof PoolSource;
const REQ_PARTS: readonly ReqPart[] = ['hosts', 'devices', 'dir', 'name', 'adapter', 'format', 'initiatorIqn', 'iscsiTarget', 'auth'];
const isIscsi = (t: string) => t === 'iscsi' || t === 'iscsi-direct';

/** The model's source part a request part fills (an iSCSI target IQN is libvirt's <device path>). */
function modelPart(type: PoolType, p: ReqPart): keyof PoolSourceSpec | null {
  if (p === 'iscsiTarget') return isIscsi(type) ? 'devices' : null;
  if (p === 'devices' && isIscsi(type)) return null;
  return p;
}

const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
const present = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined);
const field = (p: ReqPart): CreatePoolField => `source.${p}`;
const partName = (p: ReqPart) => msg(`pools.create.part.${p}`);

function permissionsOf(req: CreatePoolRequest): PoolPermissions | undefined {
  const perms = req.permissions && Object.values(req.permissions).some((v) => v !== undefined) ? req.permissions : undefined;
  if (!perms) return undefined;
  if (perms.mode !== undefined && !/^0?[0-7]{3}$/.test(perms.mode)) throw refuse('pools.create.mode', { mode: JSON.stringify(perms.mode) }, 'permissions');
  const out: PoolPermissions = {};
  for (const k of ['mode', 'owner', 'group'] as const) {
    const v = perms[k];
    if (v === undefined) continue;
    if (k !== 'mode' && !/^\d{1,10}$/.test(v)) throw refuse('pools.create.id', { what: msg(`pools.create.${k}`), value: JSON.stringify(v) }, 'permissions');
    out[k] = v;
  }
  return out;
}

/** Checks the request's source against what the type takes, needs and allows; returns the model's source. */
function sourceOf(type: PoolType, req: CreatePoolRequest): PoolSourceSpec {
  const caps = POOL_CAPS[type];
  const src = req.source ?? {};
  for (const p of REQ_PARTS) {
    if (!present(src[p])) continue;
    const m = modelPart(type, p);
    if (m === null || !caps.source.includes(m)) throw refuse('pools.create.notTaken', { type, part: partName(p) }, field(p));
  }
  for (const m of caps.required) {
    const p: ReqPart = m === 'devices' && isIscsi(type) ? 'iscsiTarget' : (m as ReqPart);
    if (!present(src[p])) throw refuse('pools.create.needs', { type, part: partName(p), how: msg(`pools.create.how.${p}`) }, field(p));
  }
  const devices = src.devices ?? [];
  if ((type === 'fs' || type === 'disk') && devices.length !== 1) throw refuse('pools.create.oneDevice', { type, count: devices.length }, 'source.devices');
  if (new Set(devices).size !== devices.length) throw refuse('pools.create.deviceTwice', { devices: devices.join(', ') }, 'source.devices');
  const hosts = src.hosts ?? [];
  if (ONE_HOST.includes(type) && hosts.length > 1) throw refuse('pools.create.oneHost', { type, count: hosts.length }, 'source.hosts');
  for (const h of hosts) if (!/^[A-Za-z0-9.:_[\]-]+$/.test(h.name)) throw refuse('pools.create.hostName', { host: JSON.stringify(h.name) }, 'source.hosts');
  if (src.auth) {
    const want = type === 'rbd' ? 'ceph' : 'chap';
    if (src.auth.type !== want) throw refuse('pools.create.authType', { type, want, given: src.auth.type }, 'source.auth');
  }
  const out: PoolSourceSpec = {};
  if (hosts.length) out.hosts = hosts.map((h) => ({ name: h.name, ...(h.port !== undefined ? { port: h.port } : {}) }));
  if (src.iscsiTarget !== undefined) out.devices = [{ path: src.iscsiTarget }];
  else if (devices.length) out.devices = devices.map((path) => ({ path }));
  if (src.dir !== undefined) out.dir = src.dir;
  if (src.adapter !== undefined) out.adapter = { type: 'scsi_host', name: src.adapter };
  if (src.name !== undefined) out.name = src.name;
  if (src.initiatorIqn !== undefined) out.initiatorIqn = src.initiatorIqn;
  if (src.auth) out.auth = { type: src.auth.type, username: src.auth.username, secret: { usage: src.auth.secretUsage } };
  // What a build makes when the request names nothing: a real filesystem or label, never libvirt's "auto"/"unknown".
  const format = src.format ?? (req.build && type === 'fs' ? DEFAULT_MKFS : req.build && type === 'disk' ? DEFAULT_LABEL : type === 'fs' ? 'auto' : undefined);
  if (req.build && type === 'fs' && format === 'auto') throw refuse('pools.create.buildNeedsFormat', {}, 'source.format');
  if (req.build && type === 'disk' && format === 'unknown') throw refuse('pools.create.buildNeedsLabel', {}, 'source.format');
  if (format !== undefined) out.format = format;
  return out;
}

/** Where the pool's storage is, for titles and steps (paths, hosts and names: no language). */
function whereOf(type: PoolType, s: PoolSourceSpec, target: string | undefined, pool: string): string {
  const host = (s.hosts ?? []).map((h) => (h.port !== undefined ? `${h.name}:${h.port}` : h.name)).join(',');
  const devs = (s.devices ?? []).map((d) => d.path).join(', ');
  const on = (x: string) => (target !== undefined && FILE_POOLS.includes(type) ? `${x} → ${target}` : x);
  switch (type) {
    case 'dir':
    case 'mpath':
      return target ?? '';
    case 'fs':
    case 'disk':
      return on(devs);
    case 'netfs':
      return on(`${host}:${s.dir ?? ''}`);
    case 'logical':
      return `${s.name ?? pool}${devs ? ` (${devs})` : ''}`;
    case 'zfs':
      return `${s.name ?? pool}${devs ? ` (${devs})` : ''}`;
    case 'iscsi':
    case 'iscsi-direct':
      return `${host}/${devs}`;
    case 'rbd':
      return `${host}/${s.name ?? ''}`;
    case 'gluster':
      return `${host}/${s.name ?? ''}${s.dir ?? ''}`;
    case 'scsi':
      return s.adapter?.type === 'scsi_host' ? s.adapter.name : '';
    default:
      return target ?? s.name ?? '';
  }
}

/** What a destructive build writes on the devices, for the confirmation, the step and the warning. */
function buildWrites(type: PoolType, s: PoolSourceSpec, pool: string): Text {
  if (type === 'fs') return msg('pools.create.writes.fs', { format: s.format ?? DEFAULT_MKFS });
  if (type === 'disk') return msg('pools.create.writes.disk', { format: s.format ?? DEFAULT_LABEL });
  if (type === 'logical') return msg('pools.create.writes.logical', { vg: s.name ?? pool });
  return msg('pools.create.writes.zfs', { zpool: s.name ?? pool });
}

export function planCreatePool(inv: Inventory, uri: string, req: CreatePoolRequest, opts: CreatePoolOptions = {}): Plan {
  const creatable = CREATABLE_POOL_TYPES as readonly string[];
  if (!creatable.includes(req.type)) {
    const known = (POOL_TYPES as readonly string[]).includes(req.type);
    throw refuse(known ? 'pools.create.typeLater' : 'pools.create.unknownType', { type: req.type, types: creatable.join(', '), all: POOL_TYPES.join(', ') }, 'type');
  }
  const type = req.type as PoolType;
  const caps = POOL_CAPS[type];
  const base = { pool: req.name, type };
  if (inv.pools.some((x) => x.name === req.name)) throw refuse('pools.create.nameTaken', base, 'name', 'INVALID_NAME');

  // The target: given, or the device folder libvirt's tools use, or none (libvirt derives it, or the type has none).
  if (req.target !== undefined && caps.target === 'none') throw refuse('pools.create.noTarget', { type }, 'target');
  const targetPath = req.target ?? (caps.target === 'required' ? DEVICE_FOLDERS[type] : undefined);
  if (caps.target === 'required' && targetPath === undefined) throw refuse('pools.create.needsTarget', { type }, 'target');
  if (targetPath !== undefined && !targetPath.startsWith('/')) throw refuse('pools.create.targetAbsolute', { ...base, target: targetPath }, 'target');
  if (targetPath !== undefined && FILE_POOLS.includes(type)) {
    const same = inv.pools.find((x) => x.targetPath !== undefined && FILE_POOLS.includes(x.type) && trimSlash(x.targetPath) === trimSlash(targetPath));
    if (same) throw refuse('pools.create.targetTaken', { ...base, target: targetPath, other: same.name }, 'target');
  }
  const permissions = permissionsOf(req);
  if (permissions && targetPath === undefined) throw refuse('pools.create.permissionsNoTarget', { type }, 'permissions');

  const source = sourceOf(type, req);
  if (req.build && !caps.buildable) throw refuse('pools.create.notBuildable', { type }, 'build');
  const devices = (source.devices ?? []).map((d) => d.path);
  const destructive = req.build && DESTRUCTIVE_BUILDS.includes(type);
  if (destructive && devices.length === 0) throw refuse('pools.create.buildNeedsDevices', { type }, 'source.devices');

  const spec: PoolSpec = {
    type,
    name: req.name,
    ...(Object.keys(source).length ? { source } : {}),
    ...(targetPath !== undefined ? { target: { path: targetPath, ...(permissions ? { permissions } : {}) } } : {}),
  };
  // The model's checks (the name rule, what the type takes, absolute paths) before any command is written.
  const xml = buildPoolXml(spec);
  const where = whereOf(type, source, targetPath, req.name);
  const p = { ...base, kind: msg(`pools.create.kind.${type}`), where, target: targetPath ?? '', devices: devices.join(', '), device: devices.join(', ') };

  // A destructive build's confirmation: exactly the devices it overwrites, each named again.
  const confirmed = req.formatDevices ?? [];
  if (destructive) {
    const writes = buildWrites(type, source, req.name);
    if (!confirmed.length) throw refuse('pools.create.confirmFormat', { ...p, writes, count: devices.length }, 'formatDevices');
    const missing = devices.filter((d) => !confirmed.includes(d));
    const extra = confirmed.filter((d) => !devices.includes(d));
    if (missing.length || extra.length) throw refuse('pools.create.confirmMismatch', { ...p, given: confirmed.join(', '), count: devices.length }, 'formatDevices');
  } else if (confirmed.length) throw refuse('pools.create.confirmWithoutBuild', p, 'formatDevices');

  const steps: PlanStep[] = [];
  const warnings: Text[] = [];
  if (req.newSecret) {
    const auth = req.source?.auth;
    if (!auth) throw refuse('pools.create.secretNeedsAuth', { type }, 'newSecret');
    const uuid = (opts.newUuid ?? randomUUID)();
    const usage = auth.type === 'ceph' ? ({ type: 'ceph', name: auth.secretUsage } as const) : ({ type: 'iscsi', target: auth.secretUsage } as const);
    const s = { usage: auth.secretUsage, user: auth.username, uuid };
    steps.push(
      {
        description: msg(auth.type === 'ceph' ? 'pools.create.stepSecretCeph' : 'pools.create.stepSecretChap', s),
        argv: virshArgv(uri, virsh.secretDefine()),
        // The secret's description is data for libvirt (what `virsh secret-list` shows), not UI text.
        stdin: buildPoolSecretXml(uuid, usage, `Spindle: ${auth.type === 'ceph' ? 'Ceph key' : 'CHAP password'} of ${auth.username} for ${type} pool ${req.name}`),
        undo: { description: msg('pools.create.undoSecret', s), argv: virshArgv(uri, virsh.secretUndefine(uuid)) },
      },
      {
        description: msg(auth.type === 'ceph' ? 'pools.create.stepKey' : 'pools.create.stepPassword', s),
        // A Ceph key is base64 text that virsh decodes (the secret must hold the key's bytes); a CHAP password is stored as typed.
        argv: virshArgv(uri, auth.type === 'ceph' ? virsh.secretSetValueBase64FromStdin(uuid) : virsh.secretSetValueFromStdin(uuid)),
        secretStdin: 'passphrase',
      },
    );
    warnings.push(msg('pools.create.secretKept', s));
  }

  const undefine: PlanStep = { description: msg('pools.create.undoDefine', p), argv: virshArgv(uri, virsh.poolUndefine(req.name)) };
  steps.push({ description: msg('pools.create.stepDefine', p), argv: virshArgv(uri, virsh.poolDefine()), stdin: xml, undo: undefine });
  if (req.build) {
    if (destructive) {
      const writes = buildWrites(type, source, req.name);
      // --no-overwrite: libvirt writes only on devices that carry no filesystem, partition table or LVM signature; one with data fails here, untouched.
      // (zfs's build takes no flags: zpool create itself refuses a device in use by another pool.)
      const build: PlanStep = {
        description: msg('pools.create.stepBuild', { ...p, writes }),
        argv: virshArgv(uri, virsh.poolBuild(req.name, { noOverwrite: type !== 'zfs' })),
        destructive: true,
      };
      // The VG (or zpool) the job made is removed again if a later step fails, so the devices are free for another try.
      if (type === 'logical' || type === 'zfs') build.undo = { description: msg('pools.create.undoBuild', { ...p, writes }), argv: virshArgv(uri, virsh.poolDelete(req.name)), destructive: true };
      steps.push(build);
      warnings.push(msg('pools.create.formats', { ...p, writes, count: devices.length }));
    } else steps.push({ description: msg('pools.create.stepMkdir', p), argv: virshArgv(uri, virsh.poolBuild(req.name)) });
  }
  steps.push({
    description: msg('pools.create.stepStart', p),
    argv: virshArgv(uri, virsh.poolStart(req.name)),
    undo: { description: msg('pools.create.undoStart', p), argv: virshArgv(uri, virsh.poolDestroy(req.name)) },
  });
  if (req.autostart) steps.push({ description: msg('pools.create.stepAutostart', p), argv: virshArgv(uri, virsh.poolAutostart(req.name, true)) });
  return { title: msg('pools.create.title', p), steps, warnings, result: { pool: req.name, type } };
}

/** planCreatePool, then the host checked for what the plan's pool-start needs (a netfs pool's mount helper). */
export async function planCreatePoolChecked(s: ProbeSession, inv: Inventory, req: CreatePoolRequest, opts: CreatePoolOptions = {}): Promise<Plan> {
  const plan = planCreatePool(inv, s.config.uri, req, opts);
  if (req.type === 'netfs') await requireMountHelper(s, req.name, req.source?.format, 'source.format');
  return plan;
}
