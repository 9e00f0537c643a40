// The pools feature in the shell: New storage pool on a host, a pool's life
// (start, stop, refresh, autostart, remove from libvirt, delete) in its
// menus, the toolbar and its details header, and its usage in its details.
import { defineUiFeature, type NodeAction } from '../../platform/contributions.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { CreatePoolWizard } from './CreatePoolWizard.tsx';
import { DeletePoolWizard } from './DeletePoolWizard.tsx';
import { PoolActionWizard, type PoolAction } from './PoolActionWizard.tsx';
import { PoolUsageSection } from './PoolUsageSection.tsx';

declare module '../../platform/store/dialogs.ts' {
  interface DialogParams {
    'create-pool': { host: string };
    'pool-action': { host: string; pool: string; action: PoolAction };
    'delete-pool': { host: string; pool: string };
  }
}

export const poolsUi = defineUiFeature<'create-pool' | 'pool-action' | 'delete-pool'>({
  id: 'pools',
  dialogs: {
    'create-pool': (d, close) => <CreatePoolWizard key={d.host} host={d.host} onClose={close} />,
    'pool-action': (d, close) => <PoolActionWizard key={`${d.host}|${d.pool}|${d.action}`} host={d.host} pool={d.pool} action={d.action} onClose={close} />,
    'delete-pool': (d, close) => <DeletePoolWizard key={`${d.host}|${d.pool}`} host={d.host} pool={d.pool} onClose={close} />,
  },
  propertySections: [{ order: 10, render: (node) => (node.kind === 'pool' ? <PoolUsageSection key={`${node.host}|${node.pool.name}`} host={node.host} pool={node.pool} /> : null) }],
  actions(r, ref) {
    const host = ref.host;
    const out: NodeAction[] = [];
    if (r.kind === 'host' && (ref.kind === 'pools' || ref.kind === 'host')) {
      out.push({ id: 'new-pool', order: 11, labelKey: 'actions.newPool', icon: 'database', run: () => openDialog({ kind: 'create-pool', host }) });
    }
    if (r.kind === 'pool' && ref.kind === 'pool') {
      const { name: pool, active, autostart } = r.pool;
      const act = (action: PoolAction) => () => openDialog({ kind: 'pool-action', host, pool, action });
      if (active) {
        out.push({ id: 'pool-stop', order: 21, labelKey: 'actions.poolStop', icon: 'pause', run: act('stop') });
        // Menus and details only: the toolbar has the host's own Refresh.
        out.push({ id: 'pool-refresh', order: 22, labelKey: 'actions.poolRefresh', icon: 'refresh', menuOnly: true, run: act('refresh') });
      } else {
        out.push({ id: 'pool-start', order: 21, labelKey: 'actions.poolStart', icon: 'play', run: act('start') });
      }
      out.push(
        autostart
          ? { id: 'pool-autostart', order: 23, labelKey: 'actions.poolAutostartOff', icon: 'power', menuOnly: true, run: act('autostartOff') }
          : { id: 'pool-autostart', order: 23, labelKey: 'actions.poolAutostartOn', icon: 'power', menuOnly: true, run: act('autostartOn') },
      );
      if (!active) out.push({ id: 'pool-undefine', order: 24, labelKey: 'actions.poolUndefine', icon: 'close', menuOnly: true, run: act('undefine') });
      out.push({ id: 'pool-delete', order: 25, labelKey: 'actions.poolDelete', icon: 'trash', danger: true, menuOnly: true, run: () => openDialog({ kind: 'delete-pool', host, pool }) });
    }
    return out;
  },
});
