// The stats feature in the service: live I/O sampling (one domstats per host
// and tick, only while someone watches or an alert rule needs it), alert
// rules and their state, and each disk's I/O limits.
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { StatsMethod, StatsOperationKind, StatsTick } from '../../../../shared/contract/features/stats.ts';
import { defineFeature } from '../feature.ts';
import { AlertEngine } from './alerts.ts';
import { planIoTune, readIoTune } from './iotune.ts';
import { StatsHub } from './stats-hub.ts';

export const statsFeature = defineFeature<StatsMethod, StatsOperationKind>('stats', (host) => {
  const stats = new StatsHub((name) => host.sessions().get(name)?.virsh);
  const alerts = new AlertEngine(host.configDir);
  alerts.onChange = (active) => host.emit('alerts', { active });
  stats.on('tick', (tick: StatsTick) => {
    host.emit('stats', tick);
    alerts.onTick(tick);
  });
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
        stats.setNeeded(alerts.hostsNeedingStats());
        allPools();
        return saved;
      },
      'alerts.active': async () => alerts.activeList(),
    },
    planners: {
      'iotune.set': (session, inv, req) => planIoTune(inv, session.config.uri, req),
    },
    init: async () => {
      await alerts.load().catch((e: unknown) => host.problem(e));
      stats.setNeeded(alerts.hostsNeedingStats());
    },
    hostUp: (name) => stats.hostUp(name),
    hostRemoved: (name) => stats.drop(name),
    poolsChanged: (name, pools) => alerts.onPools(name, pools),
    close: async () => stats.close(),
  };
});
