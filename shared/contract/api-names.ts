// The names of the API's methods and the functions the desktop preload
// exposes, one per method, derived from the names. Kept free of zod so the
// sandboxed preload stays tiny; api.ts checks at compile time that the list
// is exactly its methods.
/** Every API method's name (shared/contract/api.ts checks, at compile time, that this is exactly its list). */
export const API_METHOD_NAMES = [
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
  'disk.choices',
  'host.browse',
  'host.imageInfo',
  'guest.fsinfo',
  'guest.blockdevs',
  'host.mounts',
  'host.imagePartitions',
  'domain.xml',
  'stats.watch',
  'stats.unwatch',
  'iotune.get',
  'alerts.rules',
  'alerts.setRules',
  'alerts.active',
  'settings.problems',
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
