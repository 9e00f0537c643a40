// New LVM thin pool in a logical pool's volume group (volume.createThinPool):
// its name, data size and optional metadata size, with the VG's free space
// and its thin pools as pool.usage reads them; then the review of the
// lvcreate --type thin-pool and pool-refresh commands, and the job.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import type { CreateThinPoolField, CreateThinPoolRequest } from '../../../shared/contract/features/volumes.ts';
import { formatBytes, parseSize } from '../../../shared/core/units.ts';
import { formBinding, SelectField, TextField } from '../../platform/components/FormFields.tsx';
import { useRead } from '../../platform/api/use-read.ts';
import { blameBy } from '../../platform/wizard/blame.ts';
import { usePools } from '../../platform/wizard/inventory-hooks.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { errorText } from '../../platform/i18n/msg.ts';
import { nameProblemKey } from '../hosts/index.ts';

/** Every field of the request is asked on the one step. */
const STEPS: Readonly<Record<CreateThinPoolField, 'thin-pool'>> = { pool: 'thin-pool', name: 'thin-pool', sizeBytes: 'thin-pool', metadataBytes: 'thin-pool' };
export const blameCreateThinPool = blameBy(STEPS, { UNKNOWN_POOL: 'thin-pool', INVALID_NAME: 'thin-pool' });

interface ThinPoolForm {
  pool: string;
  name: string;
  size: string;
  /** '' lets LVM pick it. */
  metadata: string;
}
type Errors = Partial<Record<keyof ThinPoolForm, string>>;

/** LVM's name characters (the backend checks its reserved names too). */
const LV_NAME = /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]*$/;

export function validateThinPoolForm(f: ThinPoolForm): Errors {
  const e: Errors = {};
  if (f.pool === '') e.pool = 'validation.required';
  const nameKey = nameProblemKey(f.name);
  if (nameKey) e.name = nameKey;
  else if (!LV_NAME.test(f.name)) e.name = 'wizard.thinPool.nameLvm';
  const size = parseSize(f.size);
  if (f.size.trim() === '') e.size = 'validation.required';
  else if (!Number.isSafeInteger(size) || size <= 0) e.size = 'wizard.volume.capacityInvalid';
  if (f.metadata.trim() !== '' && !(Number.isSafeInteger(parseSize(f.metadata)) && parseSize(f.metadata) > 0)) e.metadata = 'wizard.volume.capacityInvalid';
  return e;
}

export function toThinPoolRequest(f: ThinPoolForm): CreateThinPoolRequest {
  return { pool: f.pool, name: f.name, sizeBytes: parseSize(f.size), ...(f.metadata.trim() !== '' ? { metadataBytes: parseSize(f.metadata) } : {}) };
}

export function CreateThinPoolWizard({ host, pool: initialPool, onClose }: { host: string; pool?: string | undefined; onClose(): void }) {
  const { t } = useTranslation();
  const logical = usePools(host).filter((p) => p.type === 'logical' && p.active);
  const [form, setForm] = useState<ThinPoolForm>(() => ({ pool: logical.find((p) => p.name === initialPool)?.name ?? logical[0]?.name ?? '', name: 'thinpool', size: '1G', metadata: '' }));
  const { field } = formBinding(form, (patch: Partial<ThinPoolForm>) => setForm((f) => ({ ...f, ...patch })));
  const usage = useRead('pool.usage', { host, pool: form.pool }, form.pool ? `${host}|${form.pool}` : '');
  const errors = validateThinPoolForm(form);
  const operation: Operation | null = Object.keys(errors).length === 0 ? { kind: 'volume.createThinPool', host, request: toThinPoolRequest(form) } : null;
  const lvm = usage.data?.lvm;
  const vgLine = usage.error
    ? errorText(usage.error)
    : lvm
      ? t('wizard.thinPool.vgFree', { vg: lvm.vg.name, free: formatBytes(lvm.vg.freeBytes), size: formatBytes(lvm.vg.sizeBytes), count: lvm.thinPools.length, names: lvm.thinPools.map((p) => p.name).join(', ') })
      : usage.loading
        ? t('wizard.volume.thinLoading')
        : null;
  const sizeBytes = parseSize(form.size);
  return (
    <Wizard
      title={t('wizard.thinPool.title', { host })}
      onClose={onClose}
      operation={operation}
      blame={blameCreateThinPool}
      scriptName={`thin-pool-${form.name}`}
      steps={[
        {
          id: 'thin-pool',
          label: t('wizard.thinPool.step'),
          incomplete: Object.keys(errors).length ? 'wizard.fixProblems' : null,
          content: (
            <div className="form">
              <SelectField
                {...field('pool')}
                label={t('wizard.volume.pool')}
                error={errors.pool}
                options={logical.length ? logical.map((p) => ({ value: p.name, label: p.name })) : [{ value: '', label: t('wizard.thinPool.noLogical'), disabled: true }]}
                help={vgLine}
              />
              <TextField {...field('name')} name="thinPoolName" label={t('wizard.thinPool.name')} error={form.name === '' ? undefined : errors.name} help={t('wizard.thinPool.nameHelp')} mono />
              <TextField {...field('size')} label={t('wizard.thinPool.size')} error={errors.size} help={Number.isFinite(sizeBytes) && sizeBytes > 0 ? t('wizard.thinPool.sizeIs', { size: formatBytes(sizeBytes) }) : t('wizard.volume.capacityHelp')} placeholder="1G" mono />
              <TextField {...field('metadata')} label={t('wizard.thinPool.metadata')} error={errors.metadata} help={t('wizard.thinPool.metadataHelp')} placeholder={t('wizard.thinPool.metadataAuto')} mono />
            </div>
          ),
        },
      ]}
    />
  );
}
