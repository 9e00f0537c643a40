// The stats feature in the service: live I/O sampling (one domstats per host
// and tick, only while someone watches or an alert rule needs it), pool
// fullness history (pool.history: inventory reads plus a sample a minute
// while watched or needed by a pool rule), alert rules and their state, and
// each disk's I/O limits.
import { SpindleError } from '../../../../shared/core/errors.ts';
import { POOL_HISTORY, type StatsMethod, type StatsOperationKind, type StatsTick } from '../../../../shared/contract/features/stats.ts';
import { findPool } from '../../plan/lookup.ts';
import { defineFeature } from '../feature.ts';
import { AlertEngine } from './alerts.ts';
import { planIoTune, readIoTune } from './iotune.ts';
import { PoolHistoryStore } from './pool-history.ts';
import { PoolSampler } from './pool-sampler.ts';
import { StatsHub } from './stats-hub.ts';

/** pool.history takes a new sample first when the newest is older than this. */
const FRESH_MS = 10_000;

export const statsFeature = defineFeature<StatsMethod, StatsOperationKind>('stats', (host) => {
  const stats = new StatsHub((name) => host.sessions().get(name)?.virsh);
  const alerts = new AlertEngine(host.configDir);
  alerts.onChange = (active) => host.emit('alerts', { active });
  stats.on('tick', (tick: StatsTick) => {
    host.emit('stats', tick);
    alerts.onTick(tick);
  });
  const history = new PoolHistoryStore();
  const poolSampler = new PoolSampler(
    (name) => host.sessions().get(name),
    (name, samples) => {
      for (const { pool, point, vg } of samples) {
        history.record(name, pool, point);
        alerts.onPoolSample(name, pool, { ...point, vg });
      }
    },
  );
  const needed = () => {
    stats.setNeeded(alerts.hostsNeedingStats());
    poolSampler.setNeeded(alerts.hostsNeedingPoolSamples());
  };
  const allPools = () => {
    for (const [name, s] of host.sessions()) {
      const inv = s.getInventory();
      if (inv) alerts.onPools(name, inv.pools);
    }
  };
  return {
    handlers: {
      'stats.watch': async ({ host: name, intervalS, since }) => {
        host.session(name);
        return stats.watch(name, intervalS, since);
      },
      'stats.unwatch': async ({ host: name }) => ({ sampling: stats.unwatch(name) }),
      'iotune.get': async ({ host: name, domain, target }) => {
        const { session, inv } = await host.loaded(name);
        return readIoTune(session.virsh, inv, domain, target);
      },
      'alerts.rules': async () => alerts.list(),
      'alerts.setRules': async ({ rules }) => {
        let saved;
        try {
          saved = await alerts.setRules(rules);
        } catch (e) {
          // The rule's refusals and a settings folder that cannot be written say so themselves.
          if (e instanceof SpindleError) throw e;
          throw SpindleError.of('INVALID_ARGUMENT', 'stats.alerts.notSaved', { error: e instanceof Error ? e.message : String(e) }, 'rules');
        }
        needed();
        allPools();
        return saved;
      },
      'alerts.active': async () => alerts.activeList(),
      'pool.history': async ({ host: name, pool, sinceMs }) => {
        const { inv } = await host.loaded(name);
        // Refused, as pool.usage is, for a pool the host does not have.
        findPool(inv, pool);
        poolSampler.watch(name);
        await poolSampler.fresh(name, FRESH_MS);
        return { host: name, pool, stepS: POOL_HISTORY.stepS, keepS: POOL_HISTORY.keepS, points: history.points(name, pool, sinceMs) };
      },
    },
    planners: {
      'iotune.set': (session, inv, req) => planIoTune(inv, session.config.uri, req),
    },
    init: async () => {
      await alerts.load().catch((e: unknown) => host.problem(e));
      needed();
    },
    hostUp: (name) => {
      stats.hostUp(name);
      if (poolSampler.isSampling(name)) void poolSampler.sample(name);
    },
    hostRemoved: (name) => {
      stats.drop(name);
      poolSampler.dropHost(name);
      history.dropHost(name);
    },
    poolsChanged: (name, pools) => {
      history.fromInventory(name, pools, Date.now());
      const sampled = poolSampler.isSampling(name);
      alerts.onPools(name, pools, { sampled });
      // A pool changed (a volume made or deleted, a refresh): a sample soon, at most one per 10 s.
      if (sampled) void poolSampler.fresh(name, FRESH_MS);
    },
    close: async () => {
      stats.close();
      poolSampler.close();
    },
  };
});
