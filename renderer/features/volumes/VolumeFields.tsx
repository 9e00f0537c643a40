// The fields of a new volume: where and what (pool, name, format, size), and
// how (allocation, backing volume, LUKS encryption).
import { useTranslation } from 'react-i18next';
import type { Pool } from '../../../shared/contract/models.ts';
import { ALLOCATIONS } from '../../../shared/contract/features/volumes.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { Checkbox, formBinding, optionsOf, Segmented, SelectField, TextField } from '../../platform/components/FormFields.tsx';
import { nameProblemValues } from '../hosts/index.ts';
import type { ThinPoolUsage } from '../../../shared/contract/features/pools.usage.ts';
import { DEFAULT_ALERT_LEVELS } from '../../../shared/core/fill-levels.ts';
import { allocatesUpFront, allocationAllowed, capacityBytes, thinPoolTakesVolumes, type FormAllocation, type VolumeErrors, type VolumeField, type VolumeForm } from './volume-form.ts';
import { poolNamed } from '../../../shared/contract/inventory-lookup.ts';

const exact = new Intl.NumberFormat();

interface Props {
  form: VolumeForm;
  pools: readonly Pool[];
  errors: VolumeErrors;
  onChange(patch: Partial<VolumeForm>): void;
}

/** What a logical pool offers for thin volumes: its VG's thin pools as pool.usage read them. */
export interface ThinOffer {
  vg: string | null;
  thinPools: readonly ThinPoolUsage[];
  loading: boolean;
  /** Why the thin pools could not be read, in the user's language. */
  problem: string | null;
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

const CRITICAL = Math.round(DEFAULT_ALERT_LEVELS.critical * 100);
const pct = (n: number | null): string => (n === null ? '?' : String(Math.round(n * 10) / 10));

/** Why no thin volume can be made (null: it can): still reading, unreadable, no thin pool, every one too full. */
function whyNoThin(t: (k: string, o?: Record<string, unknown>) => string, thin: ThinOffer): string | null {
  if (thin.loading) return t('wizard.volume.thinLoading');
  if (thin.problem && thin.thinPools.length === 0) return t('wizard.volume.thinUnreadable', { problem: thin.problem });
  if (thin.thinPools.length === 0) return t('wizard.volume.thinNone', { vg: thin.vg ?? '?' });
  if (!thin.thinPools.some(thinPoolTakesVolumes)) return t('wizard.volume.thinAllFull', { critical: CRITICAL });
  return null;
}

/** The thin pool to choose: the one a thin volume goes in, with its data and metadata fill and how far it is committed. */
function ThinPoolField({ form, errors, thin, onChange }: Pick<Props, 'form' | 'errors' | 'onChange'> & { thin: ThinOffer }) {
  const { t } = useTranslation();
  const { field } = formBinding(form, onChange);
  const chosen = thin.thinPools.find((p) => p.name === form.thinPool);
  const bytes = capacityBytes(form);
  const after = chosen && Number.isFinite(bytes) ? chosen.virtualBytes + bytes : null;
  return (
    <>
      <SelectField
        {...field('thinPool')}
        label={t('wizard.volume.thinPool')}
        error={shown(errors, form, 'allocation')}
        mono
        options={[
          ...(form.thinPool === '' ? [{ value: '', label: t('wizard.volume.thinChooseOption'), disabled: true }] : []),
          ...thin.thinPools.map((p) => ({
            value: p.name,
            label: p.active
              ? t('wizard.volume.thinOption', { name: p.name, size: formatBytes(p.sizeBytes), data: pct(p.dataPercent), metadata: pct(p.metadataPercent) })
              : t('wizard.volume.thinOptionInactive', { name: p.name, size: formatBytes(p.sizeBytes) }),
            disabled: !thinPoolTakesVolumes(p),
          })),
        ]}
        help={t('wizard.volume.thinHelp', { vg: thin.vg ?? '?', critical: CRITICAL })}
      />
      {chosen && after !== null && chosen.sizeBytes > 0 && after > chosen.sizeBytes && (
        <p className="inline-warning" role="note">
          {t('wizard.volume.thinOvercommit', { name: chosen.name, size: formatBytes(chosen.sizeBytes), virtual: formatBytes(after), percent: Math.round((after / chosen.sizeBytes) * 100) })}
        </p>
      )}
      {chosen?.level === 'warning' && (
        <p className="inline-warning" role="note">
          {t(`wizard.volume.thinWarning.${chosen.levelPart ?? 'data'}`, { name: chosen.name, percent: pct(chosen.levelPart === 'metadata' ? chosen.metadataPercent : chosen.dataPercent) })}
        </p>
      )}
    </>
  );
}

/** `thin`: given for a logical pool (the New volume wizard), which then offers "thin, in thin pool X". */
export function VolumeOptionsFields({ form, pools, errors, onChange, thin }: Props & { thin?: ThinOffer | undefined }) {
  const { t } = useTranslation();
  const pool = poolNamed(pools, form.pool);
  const candidates = (pool?.volumes ?? []).filter((v) => v.name !== form.name);
  const { field, check } = formBinding(form, onChange);
  const noThin = thin ? whyNoThin(t, thin) : null;
  const choices: readonly FormAllocation[] = thin ? [...ALLOCATIONS, 'thin'] : ALLOCATIONS;
  const choose = (a: FormAllocation) => {
    if (a !== 'thin') return onChange({ allocation: a });
    // The first thin pool that takes a volume, unless one was chosen before.
    onChange({ allocation: 'thin', thinPool: form.thinPool || (thin?.thinPools.find(thinPoolTakesVolumes)?.name ?? '') });
  };
  return (
    <div className="form">
      <Segmented
        {...field('allocation')}
        onChange={choose}
        label={t('wizard.volume.allocation')}
        options={choices.map((a) => {
          const why = a === 'thin' ? noThin : allocationAllowed(a, form) ? null : t(form.format === 'qcow2' ? 'wizard.volume.metadataNoBacking' : 'wizard.volume.metadataQcow2Only');
          return { value: a, label: t(`wizard.volume.alloc.${a}`), disabled: why !== null, title: why ?? undefined };
        })}
        help={t(`wizard.volume.allocHelp.${form.allocation}`)}
      />
      {thin && noThin && (
        <p className="field-help" data-testid="thin-unavailable">
          {noThin}
        </p>
      )}
      {thin && form.allocation === 'thin' && <ThinPoolField form={form} errors={errors} thin={thin} onChange={onChange} />}
      {form.allocation === 'thin' ? (
        <p className="field-help">{t('wizard.volume.thinNoExtras')}</p>
      ) : form.format === 'qcow2' ? (
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
      {form.allocation !== 'thin' && <Checkbox {...check('encrypt')} label={t('wizard.volume.encrypt')} help={t('wizard.volume.encryptHelp')} />}
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
