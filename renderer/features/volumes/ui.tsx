// The volumes feature in the shell: the new-volume wizard and where it is offered.
import { defineUiFeature, type NodeAction } from '../../platform/contributions.ts';
import { openDialog } from '../../platform/store/dialogs.ts';
import { CreateVolumeWizard } from './CreateVolumeWizard.tsx';

declare module '../../platform/store/dialogs.ts' {
  interface DialogParams {
    /** New volume; `pool` preselected when opened from a pool. */
    'create-volume': { host: string; pool?: string | undefined };
  }
}

export const volumesUi = defineUiFeature<'create-volume'>({
  id: 'volumes',
  dialogs: {
    'create-volume': (d, close) => <CreateVolumeWizard key={`${d.host}|${d.pool ?? ''}`} host={d.host} pool={d.pool} onClose={close} />,
  },
  actions(r, ref) {
    const host = ref.host;
    const out: NodeAction[] = [];
    if (r.kind === 'host' && (ref.kind === 'pools' || ref.kind === 'host')) out.push({ id: 'new-volume', order: 10, labelKey: 'actions.newVolume', icon: 'plus', run: () => openDialog({ kind: 'create-volume', host }) });
    if (r.kind === 'pool' || r.kind === 'volume') {
      const pool = r.pool.name;
      out.push({ id: 'new-volume', order: 10, labelKey: 'actions.newVolume', icon: 'plus', disabled: !r.pool.active, run: () => openDialog({ kind: 'create-volume', host, pool }) });
    }
    return out;
  },
});
