// The stats feature in the shell: the Performance tab, a disk's I/O limits,
// alert rules and marks, and the live samples and alerts the backend pushes.
import { defineUiFeature, type NodeAction } from '../../platform/contributions.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { AlertMark } from './AlertMark.tsx';
import { AlertRulesDialog } from './AlertRulesDialog.tsx';
import { IoLimitsSection } from './IoLimitsSection.tsx';
import { IoLimitsWizard } from './IoLimitsWizard.tsx';
import { loadIoTune, useIoTuneStore } from './iotune.ts';
import { PerfTab } from './PerfPanel.tsx';
import { useAlertsStore } from './store-alerts.ts';
import { applyStatsTick } from './store-stats.ts';
import type { AlertScope } from '../../../shared/contract/features/stats.ts';

declare module '../../platform/store/dialogs.ts' {
  interface DialogParams {
    /** A disk's I/O limits (blkdeviotune). */
    'io-limits': { host: string; vm: string; target: string };
    /** The alert rules; `scope` starts a new rule for that disk, VM or pool. */
    'alert-rules': { scope?: AlertScope | undefined };
  }
}

export const statsUi = defineUiFeature<'io-limits' | 'alert-rules'>({
  id: 'stats',
  dialogs: {
    'io-limits': (d, close) => <IoLimitsWizard key={`${d.host}|${d.vm}|${d.target}`} host={d.host} vm={d.vm} target={d.target} onClose={close} />,
    'alert-rules': (d, close) => <AlertRulesDialog key={JSON.stringify(d.scope ?? null)} scope={d.scope} onClose={close} />,
  },
  actions(r, ref) {
    const host = ref.host;
    const out: NodeAction[] = [];
    // Alert rules stay offered on an offline host (they are Spindle's own settings).
    const rules = (scope: AlertScope): NodeAction => ({ id: 'alert-rules', order: 90, labelKey: 'actions.alertRules', icon: 'bell', menuOnly: true, run: () => openDialog({ kind: 'alert-rules', scope }) });
    if (r.kind === 'pool') out.push(rules({ kind: 'pool', host, pool: r.pool.name }));
    if (r.kind === 'vm') out.push(rules({ kind: 'vm', host, domain: r.domain.name }));
    if (r.kind === 'disk') {
      const vm = r.domain.name;
      const target = r.disk.target;
      if (r.disk.device !== 'cdrom') out.push({ id: 'io-limits', order: 20, labelKey: 'actions.ioLimits', icon: 'gauge', run: () => openDialog({ kind: 'io-limits', host, vm, target }) });
      out.push(rules({ kind: 'disk', host, domain: vm, target }));
    }
    return out;
  },
  detailsTabs: [
    {
      tab: 'performance',
      render: (n, key) =>
        n.kind === 'host' ? (
          <PerfTab key={key} subject={{ kind: 'host', host: n.host }} />
        ) : n.kind === 'vm' ? (
          <PerfTab key={key} subject={{ kind: 'vm', host: n.host, vm: n.domain.name, running: n.running }} />
        ) : n.kind === 'disk' ? (
          <PerfTab key={key} subject={{ kind: 'disk', host: n.host, vm: n.domain.name, target: n.disk.target, running: n.running }} />
        ) : null,
    },
  ],
  propertySections: [
    {
      order: 10,
      render: (n) => (n.kind === 'disk' && n.disk.device !== 'cdrom' ? <IoLimitsSection host={n.host} vm={n.domain.name} target={n.disk.target} running={n.running} /> : null),
    },
  ],
  nodeMark: AlertMark,
  onEvent(_client, msg) {
    if (msg.event === 'stats') applyStatsTick(msg.payload);
    if (msg.event === 'alerts') useAlertsStore.getState().setActive(msg.payload.active);
  },
  onJobEnded(job) {
    // New limits: re-read those of that host's disks on screen.
    if (job.kind !== 'iotune.set') return;
    for (const key of Object.keys(useIoTuneStore.getState().byDisk)) {
      const [host, domain, target] = JSON.parse(key) as [string, string, string];
      if (host === job.host) void loadIoTune(host, domain, target);
    }
  },
});
