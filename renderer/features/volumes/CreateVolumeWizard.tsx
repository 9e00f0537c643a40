// New volume in a storage pool: where and what, then how (allocation,
// backing file, encryption; in a logical pool also "thin, in thin pool X",
// from the thin pools pool.usage reads), then the review of the commands
// (vol-create, or lvcreate -V -T and pool-refresh for a thin volume).
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import { blameCreateVolume } from './wizard-steps.ts';
import { defaultPool, usePools } from '../../platform/wizard/inventory-hooks.ts';
import { BASIC_FIELDS, emptyVolumeForm, freeVolumeName, OPTION_FIELDS, pickErrors, toCreateRequest, validateVolume, withVolumeChange, type VolumeErrors, type VolumeForm } from './volume-form.ts';
import { VolumeBasicsFields, VolumeOptionsFields, type ThinOffer } from './VolumeFields.tsx';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { useRead } from '../../platform/api/use-read.ts';
import { errorText, tmsg } from '../../platform/i18n/msg.ts';
import type { PoolUsage } from '../../../shared/contract/features/pools.usage.ts';
import type { ErrorInfo } from '../../../shared/core/errors.ts';

/** The thin pools of a logical pool's VG as pool.usage said them, and why none could be read. */
function thinOffer(data: PoolUsage | null, error: ErrorInfo | null, loading: boolean): ThinOffer {
  // "inactive" is about the libvirt pool (the wizard offers active pools only); any other problem says why the VG or its LVs are unknown.
  const problem = error ? errorText(error) : (data?.problems.find((m) => m.key !== 'pools.usage.inactive') ?? null);
  return { vg: data?.lvm?.vg.name ?? null, thinPools: data?.lvm?.thinPools ?? [], loading: loading || (!data && !error), problem: typeof problem === 'string' || problem === null ? problem : tmsg(problem) };
}

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
  const chosenPool = pools.find((p) => p.name === form.pool);
  const logical = chosenPool?.type === 'logical' && chosenPool.active;
  const usage = useRead('pool.usage', { host, pool: form.pool }, logical ? `${host}|${form.pool}` : '');
  const thin = logical ? thinOffer(usage.data, usage.error, usage.loading) : undefined;
  const thinPools = thin && !thin.loading ? thin.thinPools : undefined;
  const errors = useMemo(() => validateVolume(form, pools, thinPools), [form, pools, thinPools]);
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
        { id: 'options', label: t('wizard.volume.stepOptions'), content: <VolumeOptionsFields form={form} pools={pools} errors={errors} onChange={change} thin={thin} />, incomplete: firstProblem(pickErrors(errors, OPTION_FIELDS)) },
      ]}
    />
  );
}
