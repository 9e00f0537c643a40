// The stats feature's API method names, free of zod for the sandboxed preload:
// shared/contract/api-names.ts assembles them, and features/stats.ts defines
// exactly these methods (the type checker holds the two together).
export const STATS_METHOD_NAMES = [
  'stats.watch',
  'stats.unwatch',
  'iotune.get',
  'alerts.rules',
  'alerts.setRules',
  'alerts.active',
  'pool.history',
] as const;
export type StatsMethod = (typeof STATS_METHOD_NAMES)[number];
