// The fields of a new volume: where and what (pool, name, format, size), and
// how (allocation, backing volume, LUKS encryption).
import { useTranslation } from 'react-i18next';
import type { Pool } from '../../../shared/contract/models.ts';
import { ALLOCATIONS } from '../../../shared/contract/features/volumes.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { Checkbox, formBinding, optionsOf, Segmented, SelectField, TextField } from '../../platform/components/FormFields.tsx';
import { nameProblemValues } from '../hosts/index.ts';
import { allocatesUpFront, allocationAllowed, capacityBytes, type VolumeErrors, type VolumeField, type VolumeForm } from './volume-form.ts';
import { poolNamed } from '../../../shared/contract/inventory-lookup.ts';

const exact = new Intl.NumberFormat();

interface Props {
  form: VolumeForm;
  pools: readonly Pool[];
  errors: VolumeErrors;
  onChange(patch: Partial<VolumeForm>): void;
}

/** Errors worth showing while typing: not "required" on a field nobody has filled yet. */
function shown(errors: VolumeErrors, form: VolumeForm, f: VolumeField): string | undefined {
  const e = errors[f];
  if (e === 'validation.required' && (form as unknown as Record<string, unknown>)[f] === '') return undefined;
  return e;
}

export function PoolFreeSpace({ pool }: { pool: Pool | undefined }) {
  const { t } = useTranslation();
  if (!pool) return null;
  return <>{t('wizard.volume.poolFree', { free: formatBytes(pool.available), total: formatBytes(pool.capacity) })}</>;
}

export function VolumeBasicsFields({ form, pools, errors, onChange }: Props) {
  const { t } = useTranslation();
  const pool = poolNamed(pools, form.pool);
  const bytes = capacityBytes(form);
  const sizeHelp = Number.isFinite(bytes) && bytes > 0 ? t('wizard.volume.capacityIs', { size: formatBytes(bytes), bytes: exact.format(bytes) }) : t('wizard.volume.capacityHelp');
  const overcommit = pool && Number.isFinite(bytes) && !allocatesUpFront(form.allocation) && bytes > pool.available;
  const nameError = shown(errors, form, 'name');
  const { field } = formBinding(form, onChange);
  return (
    <div className="form">
      <SelectField
        {...field('pool')}
        label={t('wizard.volume.pool')}
        error={shown(errors, form, 'pool')}
        options={[
          ...(form.pool === '' ? [{ value: '', label: t('wizard.volume.choosePool'), disabled: true }] : []),
          ...pools.map((p) => ({ value: p.name, label: p.active ? t('wizard.volume.poolOption', { pool: p.name, free: formatBytes(p.available) }) : t('wizard.volume.poolOptionInactive', { pool: p.name }), disabled: !p.active })),
        ]}
        help={<PoolFreeSpace pool={pool} />}
      />
      <TextField {...field('name')} name="volumeName" label={t('wizard.volume.name')} errorText={nameError ? t(nameError, nameProblemValues(form.name)) : undefined} help={t('wizard.volume.nameHelp')} mono />
      <Segmented
        {...field('format')}
        label={t('wizard.volume.format')}
        options={optionsOf({ qcow2: 'qcow2', raw: 'raw' })}
        help={t(`wizard.volume.formatHelp.${form.format}`)}
      />
      <TextField {...field('capacity')} label={t('wizard.volume.capacity')} error={shown(errors, form, 'capacity')} help={sizeHelp} placeholder="10G" mono />
      {overcommit && !errors.capacity && (
        <p className="inline-warning" role="note">
          {t('wizard.volume.overcommit', { free: formatBytes(pool.available) })}
        </p>
      )}
    </div>
  );
}

export function VolumeOptionsFields({ form, pools, errors, onChange }: Props) {
  const { t } = useTranslation();
  const pool = poolNamed(pools, form.pool);
  const candidates = (pool?.volumes ?? []).filter((v) => v.name !== form.name);
  const { field, check } = formBinding(form, onChange);
  return (
    <div className="form">
      <Segmented
        {...field('allocation')}
        label={t('wizard.volume.allocation')}
        options={ALLOCATIONS.map((a) => ({
          value: a,
          label: t(`wizard.volume.alloc.${a}`),
          disabled: !allocationAllowed(a, form),
          title: allocationAllowed(a, form) ? undefined : t(form.format === 'qcow2' ? 'wizard.volume.metadataNoBacking' : 'wizard.volume.metadataQcow2Only'),
        }))}
        help={t(`wizard.volume.allocHelp.${form.allocation}`)}
      />
      {form.format === 'qcow2' ? (
        <SelectField
          {...field('backing')}
          label={t('wizard.volume.backing')}
          error={shown(errors, form, 'backing')}
          options={[{ value: '', label: t('wizard.volume.noBacking') }, ...candidates.map((v) => ({ value: v.name, label: t('wizard.volume.backingOption', { name: v.name, format: v.format ?? 'raw', size: formatBytes(v.capacity) }) }))]}
          help={t('wizard.volume.backingHelp')}
        />
      ) : (
        <p className="field-help">{t('wizard.volume.backingQcow2Only')}</p>
      )}
      <Checkbox {...check('encrypt')} label={t('wizard.volume.encrypt')} help={t('wizard.volume.encryptHelp')} />
      {form.encrypt && (
        <div className="form-row">
          <TextField {...field('passphrase')} className="grow" type="password" label={t('wizard.volume.passphrase')} error={shown(errors, form, 'passphrase')} autoComplete="new-password" />
          <TextField {...field('confirm')} name="confirmPassphrase" className="grow" type="password" label={t('wizard.volume.confirm')} error={form.confirm === '' ? undefined : errors.confirm} autoComplete="new-password" />
        </div>
      )}
      {form.encrypt && <p className="field-help">{t('wizard.volume.passphraseNote')}</p>}
    </div>
  );
}
