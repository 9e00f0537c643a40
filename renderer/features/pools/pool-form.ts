// The new-pool form: its answers, which of them the chosen type asks (from
// the type's row of the per-type table, sent by pool.types), live
// validation as catalog keys, and the CreatePoolRequest it makes. The secret's
// value stays in the component's state and goes to ops.start only.
import type { Pool } from '../../../shared/contract/models.ts';
import type { CreatePoolRequest, PoolTypeInfo } from '../../../shared/contract/features/pools.ts';
import { nameProblemKey } from '../hosts/index.ts';

export type AuthType = 'none' | 'chap' | 'ceph';

export interface PoolForm {
  type: string;
  name: string;
  target: string;
  /** The target follows the name (the user has not typed one). */
  targetAuto: boolean;
  mode: string;
  owner: string;
  group: string;
  /** Device paths, one per row (fs and disk take one); empty rows are ignored. */
  devices: string[];
  /** host[:port], one per row. */
  hosts: string[];
  dir: string;
  sourceName: string;
  format: string;
  adapter: string;
  initiatorIqn: string;
  iscsiTarget: string;
  authType: AuthType;
  authUser: string;
  secretUsage: string;
  newSecret: boolean;
  secretValue: string;
  build: boolean;
  /** What the user typed to confirm each device that the build erases. */
  confirm: Readonly<Record<string, string>>;
  autostart: boolean;
}

export type PoolField =
  | 'type' | 'name' | 'target' | 'mode' | 'owner' | 'group' | 'devices' | 'hosts' | 'dir' | 'sourceName' | 'format'
  | 'adapter' | 'initiatorIqn' | 'iscsiTarget' | 'authUser' | 'secretUsage' | 'secretValue' | 'build' | 'confirm';
export type PoolErrors = Partial<Record<PoolField, string>>;

export const TYPE_FIELDS: readonly PoolField[] = ['type'];
export const CONFIRM_FIELDS: readonly PoolField[] = ['confirm'];
export const SETTINGS_FIELDS: readonly PoolField[] = ['name', 'target', 'mode', 'owner', 'group', 'devices', 'hosts', 'dir', 'sourceName', 'format', 'adapter', 'initiatorIqn', 'iscsiTarget', 'authUser', 'secretUsage', 'secretValue', 'build'];

export function emptyPoolForm(type = 'dir', name = 'pool'): PoolForm {
  return {
    type, name, target: '', targetAuto: true, mode: '', owner: '', group: '', devices: [''], hosts: [''], dir: '', sourceName: '', format: '',
    adapter: '', initiatorIqn: '', iscsiTarget: '', authType: 'none', authUser: '', secretUsage: '', newSecret: false,
    secretValue: '', build: false, confirm: {}, autostart: true,
  };
}

/** The types whose build erases the devices it is given (mkfs, a partition table, pvcreate, zpool create). */
const ERASING_BUILDS: ReadonlySet<string> = new Set(['fs', 'disk', 'logical', 'zfs']);

const rows = (xs: readonly string[]): string[] => xs.map((l) => l.trim()).filter((l) => l !== '');

export function deviceList(f: Pick<PoolForm, 'devices'>): string[] {
  return rows(f.devices);
}

/** What the chosen type asks, from its row of the per-type table. */
export interface PoolTypeAsks {
  hosts: boolean;
  /** Local block devices (not iSCSI's target, which is `iscsiTarget`). */
  devices: boolean;
  manyDevices: boolean;
  dir: boolean;
  sourceName: boolean;
  format: boolean;
  adapter: boolean;
  initiatorIqn: boolean;
  iscsiTarget: boolean;
  auth: AuthType[];
  target: PoolTypeInfo['target'];
  permissions: boolean;
  build: boolean;
}

export function asks(info: PoolTypeInfo): PoolTypeAsks {
  const has = (p: string) => info.sourceFields.includes(p);
  const iscsi = info.type === 'iscsi' || info.type === 'iscsi-direct';
  return {
    hosts: has('hosts'),
    devices: has('devices') && !iscsi,
    manyDevices: info.type === 'logical' || info.type === 'zfs',
    dir: has('dir'),
    sourceName: has('name'),
    format: has('format') && info.sourceFormats.length > 0,
    adapter: has('adapter'),
    initiatorIqn: has('initiatorIqn'),
    iscsiTarget: iscsi && has('devices'),
    auth: has('auth') ? (info.type === 'rbd' ? ['none', 'ceph'] : iscsi ? ['none', 'chap'] : ['none', 'chap', 'ceph']) : ['none'],
    target: info.target,
    // Libvirt applies permissions to the directory it makes or mounts on.
    permissions: info.type === 'dir' || info.type === 'fs' || info.type === 'netfs',
    build: info.buildable,
  };
}

/** The build erases devices: they must be confirmed one by one. */
export function buildErases(f: PoolForm): boolean {
  return f.build && ERASING_BUILDS.has(f.type) && deviceList(f).length > 0;
}

/** The format the build makes when none is chosen (libvirt cannot make "auto"). */
const BUILD_FORMAT: Readonly<Record<string, string>> = { fs: 'ext4', disk: 'gpt', logical: 'lvm2' };
const NON_FORMATS = new Set(['', 'auto', 'unknown']);

/** The format field's answers: the type's list, with the default first. */
export function formatChoices(info: PoolTypeInfo): string[] {
  const d = info.defaults.format;
  return d && info.sourceFormats.includes(d) ? [d, ...info.sourceFormats.filter((x) => x !== d)] : info.sourceFormats;
}

/** Where libvirt keeps the pool unless told otherwise ('' where the type has no target or its default is libvirt's). */
export function suggestedTarget(info: PoolTypeInfo | undefined, name: string): string {
  if (!info || info.target !== 'required') return '';
  if (info.type === 'dir' || info.type === 'fs' || info.type === 'netfs') return `/var/lib/libvirt/images/${name}`;
  if (info.type === 'disk') return '/dev';
  return info.defaults.target ?? '';
}

/** Applies a change and keeps the answers consistent with each other and with the type (`info`: the resulting type's). */
export function withPoolChange(f: PoolForm, patch: Partial<PoolForm>, info: PoolTypeInfo | undefined): PoolForm {
  const next = { ...f, ...patch };
  if (patch.type !== undefined && patch.type !== f.type) {
    // Another type: its own defaults (nothing of the old type's source is kept).
    const fresh = emptyPoolForm(next.type, next.name);
    Object.assign(next, { ...fresh, name: next.name, autostart: next.autostart });
  }
  if (patch.target !== undefined) next.targetAuto = false;
  if (next.targetAuto) next.target = suggestedTarget(info, next.name);
  if (patch.type !== undefined && info?.buildable && (info.type === 'dir' || info.type === 'netfs')) next.build = true;
  if (info && !info.buildable) next.build = false;
  if (patch.build === true && info && NON_FORMATS.has(next.format) && BUILD_FORMAT[next.type]) next.format = BUILD_FORMAT[next.type] ?? next.format;
  if (next.authType === 'none') Object.assign(next, { authUser: '', secretUsage: '', newSecret: false, secretValue: '' });
  if (!next.newSecret) next.secretValue = '';
  // A secret Spindle makes gets the pool's usage name unless one is typed (the CLI's default too).
  else if (next.secretUsage === '') next.secretUsage = `spindle/${next.name}`;
  // A changed device list asks again for every device.
  if (patch.devices !== undefined || patch.build === false) next.confirm = {};
  return next;
}

const HOST_RE = /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+)(?::(\d{1,5}))?$/;

export function parseHost(text: string): { name: string; port?: number } | null {
  const m = HOST_RE.exec(text);
  if (!m?.[1]) return null;
  const name = m[1].replace(/^\[(.*)\]$/, '$1');
  if (m[2] === undefined) return { name };
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { name, port } : null;
}

const IQN_RE = /^(iqn\.\d{4}-\d{2}\.[^\s]+|eui\.[0-9A-Fa-f]{16}|naa\.[0-9A-Fa-f]{16,32})$/;
const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

export function validatePool(f: PoolForm, info: PoolTypeInfo | undefined, pools: readonly Pool[]): PoolErrors {
  const e: PoolErrors = {};
  if (!info) return { type: 'validation.required' };
  if (!info.supported) e.type = 'pool.create.missing';
  else if (!info.creatable) e.type = 'pool.create.notYet';
  const a = asks(info);
  const nameKey = nameProblemKey(f.name);
  if (nameKey) e.name = nameKey;
  else if (pools.some((p) => p.name === f.name)) e.name = 'pool.create.nameTaken';
  const target = f.target.trim();
  if (a.target === 'required' && target === '') e.target = 'pool.create.targetRequired';
  else if (a.target !== 'none' && target !== '') {
    if (!target.startsWith('/')) e.target = 'pool.create.targetAbsolute';
    else if (pools.some((p) => p.targetPath !== undefined && trimSlash(p.targetPath) === trimSlash(target))) e.target = 'pool.create.targetTaken';
  }
  if (a.permissions) {
    if (f.mode !== '' && !/^0?[0-7]{3}$/.test(f.mode)) e.mode = 'pool.create.modeInvalid';
    if (f.owner !== '' && !/^\d{1,10}$/.test(f.owner)) e.owner = 'pool.create.idInvalid';
    if (f.group !== '' && !/^\d{1,10}$/.test(f.group)) e.group = 'pool.create.idInvalid';
  }
  const req = (p: string) => info.requiredFields.includes(p);
  const devices = deviceList(f);
  if (a.devices) {
    if (devices.some((d) => !d.startsWith('/'))) e.devices = 'pool.create.targetAbsolute';
    else if (devices.length === 0 && (req('devices') || (f.build && ERASING_BUILDS.has(f.type)))) e.devices = 'pool.create.source.required';
    else if (devices.length > 1 && !a.manyDevices) e.devices = 'pool.create.source.devicesOneLine';
  }
  if (a.hosts) {
    const hosts = rows(f.hosts);
    if (hosts.length === 0 && req('hosts')) e.hosts = 'pool.create.source.required';
    else if (hosts.some((h) => parseHost(h) === null)) e.hosts = 'pool.create.source.hostInvalid';
  }
  if (a.dir && f.dir.trim() === '' && req('dir')) e.dir = 'pool.create.source.required';
  if (a.sourceName && f.sourceName.trim() === '' && (req('name') || (f.type === 'logical' && devices.length === 0))) e.sourceName = 'pool.create.source.required';
  if (a.adapter && f.adapter.trim() === '' && req('adapter')) e.adapter = 'pool.create.source.required';
  if (a.iscsiTarget) {
    if (f.iscsiTarget.trim() === '') e.iscsiTarget = 'pool.create.source.required';
    else if (!IQN_RE.test(f.iscsiTarget.trim())) e.iscsiTarget = 'pool.create.source.iqnInvalid';
  }
  if (a.initiatorIqn) {
    if (f.initiatorIqn.trim() === '' && req('initiatorIqn')) e.initiatorIqn = 'pool.create.source.required';
    else if (f.initiatorIqn.trim() !== '' && !IQN_RE.test(f.initiatorIqn.trim())) e.initiatorIqn = 'pool.create.source.iqnInvalid';
  }
  if (f.authType !== 'none') {
    if (f.authUser.trim() === '') e.authUser = 'validation.required';
    if (f.secretUsage.trim() === '') e.secretUsage = 'validation.required';
    if (f.newSecret && f.secretValue === '') e.secretValue = 'validation.required';
  }
  if (f.build && BUILD_FORMAT[f.type] && NON_FORMATS.has(f.format)) e.format = 'pool.create.buildNeedsFormat';
  if (buildErases(f) && devices.some((d) => (f.confirm[d] ?? '') !== d)) e.confirm = 'pool.create.confirm.mismatch';
  return e;
}

export function pickErrors(e: PoolErrors, fields: readonly PoolField[]): PoolErrors {
  const out: PoolErrors = {};
  for (const k of fields) if (e[k]) out[k] = e[k];
  return out;
}

const opt = <K extends string, V>(k: K, v: V | undefined | '' | false): Partial<Record<K, V>> => (v === undefined || v === '' || v === false ? {} : ({ [k]: v } as Record<K, V>));

export function toCreateRequest(f: PoolForm, info: PoolTypeInfo): CreatePoolRequest {
  const a = asks(info);
  const devices = a.devices ? deviceList(f) : [];
  const hosts = a.hosts ? rows(f.hosts).map((h) => parseHost(h)).filter((h) => h !== null) : [];
  const source: NonNullable<CreatePoolRequest['source']> = {
    ...(hosts.length ? { hosts } : {}),
    ...(devices.length ? { devices } : {}),
    ...opt('dir', a.dir ? f.dir.trim() : ''),
    ...opt('name', a.sourceName ? f.sourceName.trim() : ''),
    ...opt('format', a.format ? f.format : ''),
    ...opt('adapter', a.adapter ? f.adapter.trim() : ''),
    ...opt('initiatorIqn', a.initiatorIqn ? f.initiatorIqn.trim() : ''),
    ...opt('iscsiTarget', a.iscsiTarget ? f.iscsiTarget.trim() : ''),
    ...(f.authType !== 'none' ? { auth: { type: f.authType, username: f.authUser.trim(), secretUsage: f.secretUsage.trim() } } : {}),
  };
  const perms = a.permissions ? { ...opt('mode', f.mode), ...opt('owner', f.owner), ...opt('group', f.group) } : {};
  return {
    name: f.name,
    type: f.type,
    ...opt('target', a.target === 'none' ? '' : f.target.trim()),
    ...(Object.keys(perms).length ? { permissions: perms } : {}),
    ...(Object.keys(source).length ? { source } : {}),
    build: f.build,
    ...(buildErases(f) ? { formatDevices: devices } : {}),
    ...(f.authType !== 'none' && f.newSecret ? { newSecret: true } : {}),
    autostart: f.autostart,
  };
}

/** A pool name not used yet on the host: "<base>", "<base>-2", ... */
export function freePoolName(pools: readonly Pool[], base: string): string {
  const taken = new Set(pools.map((p) => p.name));
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!taken.has(name)) return name;
  }
}
