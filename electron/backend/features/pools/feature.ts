// The pools feature in the service: the pool types a host runs, the block
// devices and sources a new pool can use, a pool's usage, and the planners
// of a new pool and of a pool's life.
import { defineFeature } from '../feature.ts';
import { planCreatePoolChecked } from './pool-create.ts';
import { planPoolAutostart, planPoolDelete, planPoolRefresh, planPoolStartChecked, planPoolStop, planPoolUndefine } from './pool-lifecycle.ts';
import { readBlockDevices, readPoolSources } from './pool-discovery.ts';
import { readPoolTypes } from './pool-types.ts';
import { readPoolUsage } from './pool-usage.ts';
import type { PoolsMethod, PoolsOperationKind } from '../../../../shared/contract/features/pools.ts';

export const poolsFeature = defineFeature<PoolsMethod, PoolsOperationKind>('pools', (host) => ({
  handlers: {
    'pool.types': async ({ host: name }) => readPoolTypes(host.session(name).virsh),
    'pool.devices': async ({ host: name }) => {
      const { session, inv } = await host.loaded(name);
      return readBlockDevices(session, inv);
    },
    'pool.sources': async ({ host: name, ...req }) => readPoolSources(host.session(name), req),
    'pool.usage': async ({ host: name, pool }) => {
      const { session, inv } = await host.loaded(name);
      // Fresh numbers: the pool and its volumes read now (libvirt sends no event when a volume is made or fills).
      await session.refreshPool(pool);
      return readPoolUsage(session, session.getInventory() ?? inv, pool);
    },
  },
  planners: {
    'pool.create': (session, inv, req) => planCreatePoolChecked(session, inv, req),
    'pool.start': (session, inv, req) => planPoolStartChecked(session, inv, req),
    'pool.stop': (session, inv, req) => planPoolStop(inv, session.config.uri, req),
    'pool.refresh': (session, inv, req) => planPoolRefresh(inv, session.config.uri, req),
    'pool.autostart': (session, inv, req) => planPoolAutostart(inv, session.config.uri, req),
    'pool.undefine': (session, inv, req) => planPoolUndefine(inv, session.config.uri, req),
    'pool.delete': (session, inv, req) => planPoolDelete(inv, session.config.uri, req),
  },
}));
