// The named functions the desktop preload exposes, one per API method. Kept
// free of zod so the sandboxed preload stays tiny; a test checks it matches
// shared/api.ts exactly.
export const PRELOAD_FUNCTIONS = {
  'hosts.list': 'hostsList',
  'hosts.test': 'hostsTest',
  'hosts.add': 'hostsAdd',
  'hosts.remove': 'hostsRemove',
  'hosts.connect': 'hostsConnect',
  'inventory.get': 'inventoryGet',
  'inventory.refresh': 'inventoryRefresh',
  'ops.plan': 'opsPlan',
  'ops.start': 'opsStart',
  'jobs.list': 'jobsList',
  'jobs.cancel': 'jobsCancel',
  'jobs.undo': 'jobsUndo',
  'jobs.forget': 'jobsForget',
  'disk.choices': 'diskChoices',
  'host.browse': 'hostBrowse',
  'host.imageInfo': 'hostImageInfo',
  'guest.fsinfo': 'guestFsinfo',
  'guest.blockdevs': 'guestBlockdevs',
  'host.mounts': 'hostMounts',
  'host.imagePartitions': 'hostImagePartitions',
  'domain.xml': 'domainXml',
  'stats.watch': 'statsWatch',
  'stats.unwatch': 'statsUnwatch',
  'iotune.get': 'iotuneGet',
  'alerts.rules': 'alertsRules',
  'alerts.setRules': 'alertsSetRules',
  'alerts.active': 'alertsActive',
  'settings.problems': 'settingsProblems',
} as const;

export const IPC_PREFIX = 'spindle:';
export const IPC_EVENT_CHANNEL = 'spindle:event';
