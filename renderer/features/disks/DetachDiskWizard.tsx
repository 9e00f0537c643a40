// Detach a disk: when (mode), whether the guest still has it mounted (with
// an offer to unmount first), and optionally delete the one volume behind
// it; the review's warning names the exact file.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import { Checkbox } from '../../platform/components/FormFields.tsx';
import { EmptyState } from '../../platform/components/EmptyState.tsx';
import { Modal } from '../../platform/components/Modal.tsx';
import { ModeField } from './AttachOptionsStep.tsx';
import { busOf, volumeOfDisk } from '../../../shared/contract/disk-facts.ts';
import { isActive } from '../../../shared/core/domain-rules.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { detachModes } from './disk-lookup.ts';
import { GuestMounts } from '../mounts/index.ts';
import { useDomain, usePools } from '../../platform/wizard/inventory-hooks.ts';
import { blameDetach } from './wizard-steps.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

export function DetachDiskWizard({ host, vm, target, onClose }: { host: string; vm: string; target: string; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const pools = usePools(host);
  const disk = domain?.disks.find((k) => k.target === target);
  const modes = domain ? detachModes(domain, target, disk) : null;
  const [mode, setMode] = useState(modes?.initial ?? 'persistent');
  const [deleteVolume, setDeleteVolume] = useState(false);
  if (!domain || !modes) {
    return (
      <Modal title={t('wizard.detach.title', { target, vm })} onClose={onClose} footer={<button type="button" className="btn" onClick={onClose}>{t('common.close')}</button>}>
        <EmptyState icon="monitor" title={t('empty.vmGone', { name: vm })} />
      </Modal>
    );
  }
  const volume = disk ? volumeOfDisk(pools, disk) : undefined;
  const running = isActive(domain.state);
  const operation: Operation = { kind: 'disk.detach', host, request: { domain: vm, target, mode, ...(deleteVolume ? { deleteVolume: true } : {}) } };
  const reason = modes.reasonKey ? t(modes.reasonKey, { bus: busOf(disk).toUpperCase(), target }) : undefined;

  return (
    <Wizard
      title={t('wizard.detach.title', { target, vm })}
      onClose={onClose}
      operation={operation}
      blame={blameDetach}
      // The disk is gone: whatever showed it (tree node or table row) shows its VM instead.
      onJobEnd={(job) => job.state === 'succeeded' && useSelectionStore.getState().forget({ kind: 'disk', host, vm, disk: target })}
      scriptName={`detach-${vm}-${target}`}
      runLabel={deleteVolume ? t('wizard.detach.runDelete') : t('wizard.detach.run')}
      steps={[
        {
          id: 'disk',
          label: t('wizard.detach.stepDisk'),
          content: (
            <div className="form">
              <dl className="summary-list">
                <div className="field">
                  <dt>{t('fields.target')}</dt>
                  <dd className="mono">{target}</dd>
                </div>
                <div className="field">
                  <dt>{t('fields.sourceLabel')}</dt>
                  <dd className="mono">{disk?.sourceLabel ?? t('common.notReported')}</dd>
                </div>
                <div className="field">
                  <dt>{t('fields.bus')}</dt>
                  <dd>{disk?.bus ?? t('common.notReported')}</dd>
                </div>
              </dl>
              {running && <GuestMounts host={host} vm={vm} target={target} />}
              <ModeField value={mode} allowed={modes.allowed} reason={reason} note={modes.reasonIsHelp ? reason : undefined} onChange={setMode} />
              <Checkbox
                name="deleteVolume"
                label={t('wizard.detach.deleteVolume')}
                checked={deleteVolume}
                disabled={!volume}
                onChange={setDeleteVolume}
                help={volume ? t('wizard.detach.deleteHelp', { path: volume.path, pool: volume.pool }) : t('wizard.detach.deleteNotVolume')}
              />
            </div>
          ),
        },
      ]}
    />
  );
}
