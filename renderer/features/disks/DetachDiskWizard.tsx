// Detach a disk: when (mode), whether the guest still has it mounted (with
// an offer to unmount first), and optionally delete the one volume behind
// it; the review's warning names the exact file.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import { Checkbox } from '../../platform/components/FormFields.tsx';
import { Field, SummaryList } from '../../platform/components/Fields.tsx';
import { ModeField } from './AttachOptionsStep.tsx';
import { busOf, volumeOfDisk } from '../../../shared/contract/disk-facts.ts';
import { isActive } from '../../../shared/core/domain-rules.ts';
import { useSelectionStore } from '../../platform/store/selection.ts';
import { detachModes } from './disk-lookup.ts';
import { GuestMounts } from '../mounts/index.ts';
import { useDomain, usePools } from '../../platform/wizard/inventory-hooks.ts';
import { blameDetach } from './wizard-steps.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { VmGoneNotice } from '../../platform/wizard/WizardNotice.tsx';
import { diskAt } from '../../../shared/contract/inventory-lookup.ts';

export function DetachDiskWizard({ host, vm, target, onClose }: { host: string; vm: string; target: string; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const pools = usePools(host);
  const disk = diskAt(domain, target);
  const modes = domain ? detachModes(domain, target, disk) : null;
  const [mode, setMode] = useState(modes?.initial ?? 'persistent');
  const [deleteVolume, setDeleteVolume] = useState(false);
  const frame = { title: t('wizard.detach.title', { target, vm }), onClose };
  if (!domain || !modes) return <VmGoneNotice {...frame} vm={vm} />;
  const volume = disk ? volumeOfDisk(pools, disk) : undefined;
  const running = isActive(domain.state);
  const operation: Operation = { kind: 'disk.detach', host, request: { domain: vm, target, mode, ...(deleteVolume ? { deleteVolume: true } : {}) } };
  const reason = modes.reasonKey ? t(modes.reasonKey, { bus: busOf(disk).toUpperCase(), target }) : undefined;

  return (
    <Wizard
      {...frame}
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
              <SummaryList>
                <Field labelKey="fields.target" mono>{target}</Field>
                <Field labelKey="fields.sourceLabel" mono>{disk?.sourceLabel ?? t('common.notReported')}</Field>
                <Field labelKey="fields.bus">{disk?.bus ?? t('common.notReported')}</Field>
              </SummaryList>
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
