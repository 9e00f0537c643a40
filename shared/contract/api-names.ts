// The names of the API's methods and the functions the desktop preload
// exposes, one per method, derived from the names. Kept free of zod so the
// sandboxed preload stays tiny: the core's names are here, each feature's in
// its features/<name>.names.ts (zod-free too); api.ts checks at compile time
// that the list is exactly its methods.
import { DISKS_METHOD_NAMES } from './features/disks.names.ts';
import { FILES_METHOD_NAMES } from './features/files.names.ts';
import { MOUNTS_METHOD_NAMES } from './features/mounts.names.ts';
import { POOLS_METHOD_NAMES } from './features/pools.names.ts';
import { BLOCKJOBS_METHOD_NAMES } from './features/blockjobs.names.ts';
import { STATS_METHOD_NAMES } from './features/stats.names.ts';
import { VOLUMES_METHOD_NAMES } from './features/volumes.names.ts';

/** The methods the service answers itself: hosts, inventory, operations and jobs, settings (api.ts's CORE_METHODS). */
export const CORE_METHOD_NAMES = [
  'hosts.list',
  'hosts.test',
  'hosts.add',
  'hosts.remove',
  'hosts.connect',
  'inventory.get',
  'inventory.refresh',
  'ops.plan',
  'ops.start',
  'jobs.list',
  'jobs.cancel',
  'jobs.undo',
  'jobs.forget',
  'settings.problems',
] as const;
export type CoreMethodName = (typeof CORE_METHOD_NAMES)[number];

/** Every API method's name, each feature's in one line (shared/contract/api.ts checks, at compile time, that this is exactly its list). */
export const API_METHOD_NAMES = [
  ...CORE_METHOD_NAMES,
  ...VOLUMES_METHOD_NAMES,
  ...DISKS_METHOD_NAMES,
  ...FILES_METHOD_NAMES,
  ...MOUNTS_METHOD_NAMES,
  ...STATS_METHOD_NAMES,
  ...POOLS_METHOD_NAMES,
  ...BLOCKJOBS_METHOD_NAMES,
] as const;
export type ApiMethodName = (typeof API_METHOD_NAMES)[number];

/** "inventory.get" -> "inventoryGet": the preload's function for a method, derived, never kept by hand. */
export type PreloadName<M extends string> = M extends `${infer A}.${infer B}` ? `${A}${Capitalize<B>}` : M;

export function preloadName<M extends ApiMethodName>(method: M): PreloadName<M> {
  const [a = '', b = ''] = method.split('.');
  return `${a}${b.charAt(0).toUpperCase()}${b.slice(1)}` as PreloadName<M>;
}

export const PRELOAD_FUNCTIONS = Object.fromEntries(API_METHOD_NAMES.map((m) => [m, preloadName(m)])) as { readonly [M in ApiMethodName]: PreloadName<M> };

export const IPC_PREFIX = 'spindle:';
export const IPC_EVENT_CHANNEL = 'spindle:event';
