// New volume in a storage pool: where and what, then how (allocation,
// backing file, encryption), then the review of the one vol-create command.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import { blameCreateVolume } from './wizard-steps.ts';
import { defaultPool, usePools } from '../../platform/wizard/inventory-hooks.ts';
import { BASIC_FIELDS, emptyVolumeForm, freeVolumeName, OPTION_FIELDS, pickErrors, toCreateRequest, validateVolume, withVolumeChange, type VolumeErrors, type VolumeForm } from './volume-form.ts';
import { VolumeBasicsFields, VolumeOptionsFields } from './VolumeFields.tsx';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

/** The catalog key of the first problem, for the footer. */
export function firstProblem(e: VolumeErrors): string | null {
  const k = Object.values(e)[0];
  return k ? 'wizard.fixProblems' : null;
}

export function CreateVolumeWizard({ host, pool: initialPool, onClose }: { host: string; pool?: string | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const pools = usePools(host);
  const [form, setForm] = useState<VolumeForm>(() => {
    const p = pools.find((x) => x.name === initialPool && x.active) ?? defaultPool(pools);
    return emptyVolumeForm(p?.name ?? '', freeVolumeName(p, 'volume', 'qcow2'));
  });
  const change = (patch: Partial<VolumeForm>) => setForm((f) => withVolumeChange(f, patch));
  const errors = useMemo(() => validateVolume(form, pools), [form, pools]);
  const request = Object.keys(errors).length === 0 ? toCreateRequest(form) : null;
  const operation: Operation | null = request ? { kind: 'volume.create', host, request } : null;

  return (
    <Wizard
      title={t('wizard.volume.title', { host })}
      onClose={onClose}
      operation={operation}
      passphrase={form.encrypt ? form.passphrase : undefined}
      blame={blameCreateVolume}
      scriptName={`volume-${form.name}`}
      steps={[
        { id: 'volume', label: t('wizard.volume.stepVolume'), content: <VolumeBasicsFields form={form} pools={pools} errors={errors} onChange={change} />, incomplete: firstProblem(pickErrors(errors, BASIC_FIELDS)) },
        { id: 'options', label: t('wizard.volume.stepOptions'), content: <VolumeOptionsFields form={form} pools={pools} errors={errors} onChange={change} />, incomplete: firstProblem(pickErrors(errors, OPTION_FIELDS)) },
      ]}
    />
  );
}
