// One command on a pool (start, stop, refresh, autostart on/off, remove from
// libvirt): nothing to ask, so the wizard opens on the review of its plan,
// where a refusal (a running VM still uses the pool, say) is shown.
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

export const POOL_ACTIONS = ['start', 'stop', 'refresh', 'autostartOn', 'autostartOff', 'undefine'] as const;
export type PoolAction = (typeof POOL_ACTIONS)[number];

export function poolOperation(host: string, pool: string, action: PoolAction): Operation {
  switch (action) {
    case 'autostartOn':
    case 'autostartOff':
      return { kind: 'pool.autostart', host, request: { pool, on: action === 'autostartOn' } };
    default:
      return { kind: `pool.${action}`, host, request: { pool } };
  }
}

export function PoolActionWizard({ host, pool, action, onClose }: { host: string; pool: string; action: PoolAction; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Wizard
      title={t(`pool.action.${action}`, { pool })}
      onClose={onClose}
      operation={poolOperation(host, pool, action)}
      runLabel={t(`pool.action.run.${action}`)}
      scriptName={`pool-${action}-${pool}`}
      // A pool removed from libvirt is gone from the tree: whatever showed it shows its host instead.
      onJobEnd={(job) => action === 'undefine' && job.state === 'succeeded' && useSelectionStore.getState().forget({ kind: 'pool', host, pool })}
      steps={[]}
    />
  );
}
