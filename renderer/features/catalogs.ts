// The UI message catalogs of every feature, one line per feature and
// language; platform/i18n merges them with its own (shell and platform keys).
import blockjobsEn from './blockjobs/i18n/en.json' with { type: 'json' };
import blockjobsZh from './blockjobs/i18n/zh-CN.json' with { type: 'json' };
import disksEn from './disks/i18n/en.json' with { type: 'json' };
import disksZh from './disks/i18n/zh-CN.json' with { type: 'json' };
import hostsEn from './hosts/i18n/en.json' with { type: 'json' };
import hostsZh from './hosts/i18n/zh-CN.json' with { type: 'json' };
import mountsEn from './mounts/i18n/en.json' with { type: 'json' };
import mountsZh from './mounts/i18n/zh-CN.json' with { type: 'json' };
import poolsEn from './pools/i18n/en.json' with { type: 'json' };
import poolsZh from './pools/i18n/zh-CN.json' with { type: 'json' };
import snapshotsEn from './snapshots/i18n/en.json' with { type: 'json' };
import snapshotsZh from './snapshots/i18n/zh-CN.json' with { type: 'json' };
import statsEn from './stats/i18n/en.json' with { type: 'json' };
import statsZh from './stats/i18n/zh-CN.json' with { type: 'json' };
import volumesEn from './volumes/i18n/en.json' with { type: 'json' };
import volumesZh from './volumes/i18n/zh-CN.json' with { type: 'json' };

export const FEATURE_CATALOGS: { en: object[]; 'zh-CN': object[] } = {
  en: [blockjobsEn, disksEn, hostsEn, mountsEn, poolsEn, snapshotsEn, statsEn, volumesEn],
  'zh-CN': [blockjobsZh, disksZh, hostsZh, mountsZh, poolsZh, snapshotsZh, statsZh, volumesZh],
};
