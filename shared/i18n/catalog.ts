// The catalogs of every message the backend sends (refusals, hints, plan
// titles, steps and warnings), one fragment per area, in English and Chinese.
// The renderer loads them as the i18next namespace "msg"; the CLI and the
// backend render them with shared/core/messages.ts. A new area is a file per
// language in en/ and zh-CN/ and its lines here.
import coreEn from './en/core.json' with { type: 'json' };
import coreZh from './zh-CN/core.json' with { type: 'json' };
import transportEn from './en/transport.json' with { type: 'json' };
import transportZh from './zh-CN/transport.json' with { type: 'json' };
import sessionEn from './en/session.json' with { type: 'json' };
import sessionZh from './zh-CN/session.json' with { type: 'json' };
import configEn from './en/config.json' with { type: 'json' };
import configZh from './zh-CN/config.json' with { type: 'json' };
import serviceEn from './en/service.json' with { type: 'json' };
import serviceZh from './zh-CN/service.json' with { type: 'json' };
import planEn from './en/plan.json' with { type: 'json' };
import planZh from './zh-CN/plan.json' with { type: 'json' };
import cliEn from './en/cli.json' with { type: 'json' };
import cliZh from './zh-CN/cli.json' with { type: 'json' };
import hostsEn from './en/hosts.json' with { type: 'json' };
import hostsZh from './zh-CN/hosts.json' with { type: 'json' };
import volumesEn from './en/volumes.json' with { type: 'json' };
import volumesZh from './zh-CN/volumes.json' with { type: 'json' };
import poolsEn from './en/pools.json' with { type: 'json' };
import blockjobsEn from './en/blockjobs.json' with { type: 'json' };
import blockjobsZh from './zh-CN/blockjobs.json' with { type: 'json' };
import poolsZh from './zh-CN/pools.json' with { type: 'json' };
import snapshotsEn from './en/snapshots.json' with { type: 'json' };
import snapshotsZh from './zh-CN/snapshots.json' with { type: 'json' };
import disksEn from './en/disks.json' with { type: 'json' };
import disksZh from './zh-CN/disks.json' with { type: 'json' };
import filesEn from './en/files.json' with { type: 'json' };
import filesZh from './zh-CN/files.json' with { type: 'json' };
import mountsEn from './en/mounts.json' with { type: 'json' };
import mountsZh from './zh-CN/mounts.json' with { type: 'json' };
import statsEn from './en/stats.json' with { type: 'json' };
import statsZh from './zh-CN/stats.json' with { type: 'json' };
import appEn from './en/app.json' with { type: 'json' };
import appZh from './zh-CN/app.json' with { type: 'json' };

export const CATALOG_LANGUAGES = ['en', 'zh-CN'] as const;
export type CatalogLanguage = (typeof CATALOG_LANGUAGES)[number];

const en = {
  core: coreEn,
  transport: transportEn,
  session: sessionEn,
  config: configEn,
  service: serviceEn,
  plan: planEn,
  cli: cliEn,
  hosts: hostsEn,
  volumes: volumesEn,
  pools: poolsEn,
  snapshots: snapshotsEn,
  blockjobs: blockjobsEn,
  disks: disksEn,
  files: filesEn,
  mounts: mountsEn,
  stats: statsEn,
  app: appEn,
};

// Same areas; key parity (plural forms aside) is checked by catalog.test.ts.
const zhCN: Record<keyof typeof en, unknown> = {
  core: coreZh,
  transport: transportZh,
  session: sessionZh,
  config: configZh,
  service: serviceZh,
  plan: planZh,
  cli: cliZh,
  hosts: hostsZh,
  volumes: volumesZh,
  pools: poolsZh,
  snapshots: snapshotsZh,
  blockjobs: blockjobsZh,
  disks: disksZh,
  files: filesZh,
  mounts: mountsZh,
  stats: statsZh,
  app: appZh,
};

export const CATALOGS: Record<CatalogLanguage, Record<string, unknown>> = { en, 'zh-CN': zhCN };

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Strip i18next's plural suffixes so "x_one"/"x_other" are used as "x". */
type Base<K extends string> = K extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : K;

/** Every key of the English catalog: a typo in a key is a type error. */
export type MessageKey = Base<Leaves<typeof en>>;
