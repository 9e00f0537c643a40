// The volumes feature in the shell: the new-volume and new-thin-pool wizards and where they are offered.
import { defineUiFeature, type NodeAction } from '../../platform/contributions.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { CreateThinPoolWizard } from './CreateThinPoolWizard.tsx';
import { CreateVolumeWizard } from './CreateVolumeWizard.tsx';

declare module '../../platform/store/dialogs.ts' {
  interface DialogParams {
    /** New volume; `pool` preselected when opened from a pool. */
    'create-volume': { host: string; pool?: string | undefined };
    /** New LVM thin pool in a logical pool's volume group. */
    'create-thin-pool': { host: string; pool: string };
  }
}

export const volumesUi = defineUiFeature<'create-volume' | 'create-thin-pool'>({
  id: 'volumes',
  dialogs: {
    'create-volume': (d, close) => <CreateVolumeWizard key={`${d.host}|${d.pool ?? ''}`} host={d.host} pool={d.pool} onClose={close} />,
    'create-thin-pool': (d, close) => <CreateThinPoolWizard key={`${d.host}|${d.pool}`} host={d.host} pool={d.pool} onClose={close} />,
  },
  actions(r, ref) {
    const host = ref.host;
    const out: NodeAction[] = [];
    if (r.kind === 'host' && (ref.kind === 'pools' || ref.kind === 'host')) out.push({ id: 'new-volume', order: 10, labelKey: 'actions.newVolume', icon: 'plus', run: () => openDialog({ kind: 'create-volume', host }) });
    if (r.kind === 'pool' || r.kind === 'volume') {
      const pool = r.pool.name;
      out.push({ id: 'new-volume', order: 10, labelKey: 'actions.newVolume', icon: 'plus', disabled: !r.pool.active, run: () => openDialog({ kind: 'create-volume', host, pool }) });
      // A logical pool's VG can hold LVM thin pools, where thin volumes go.
      if (r.kind === 'pool' && r.pool.type === 'logical') out.push({ id: 'new-thin-pool', order: 11, labelKey: 'actions.newThinPool', icon: 'plus', disabled: !r.pool.active, run: () => openDialog({ kind: 'create-thin-pool', host, pool }) });
    }
    return out;
  },
});
