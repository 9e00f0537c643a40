// The second step of New storage pool: the name, where libvirt keeps it,
// and the source parts the chosen type takes (asks() reads them from the
// type's row of the per-type table), then build and autostart.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PoolTypeInfo } from '../../../shared/contract/features/pools.ts';
import { Checkbox, formBinding, Segmented, SelectField, TextField } from '../../platform/components/FormFields.tsx';
import type { ReadState } from '../../platform/api/use-read.ts';
import type { BlockDevice } from '../../../shared/contract/features/pools.ts';
import { DevicePicker } from './DevicePicker.tsx';
import { SourceFinder } from './SourceFinder.tsx';
import { asks, formatChoices, type AuthType, type PoolErrors, type PoolForm } from './pool-form.ts';

interface StepProps {
  host: string;
  /** The host's block devices (pool.devices), read once the picker is first opened. */
  devices: ReadState<BlockDevice[]>;
  form: PoolForm;
  info: PoolTypeInfo;
  errors: PoolErrors;
  onChange(patch: Partial<PoolForm>): void;
}

/** A key under pool.create.source.* that depends on the type, with its "other" fallback. */
const byType = (base: string, type: string, known: readonly string[]) => `${base}.${known.includes(type) ? type : 'other'}`;

/** libvirt's default target, with the source name it is made of ("/dev/<source name>" for logical: the VG, or the pool's name). */
function defaultTarget(info: PoolTypeInfo, form: PoolForm): string {
  return (info.defaults.target ?? '').replace('<source name>', form.sourceName.trim() || form.name);
}

function targetHelp(info: PoolTypeInfo, form: PoolForm, t: (k: string, v?: Record<string, string>) => string): string {
  const d = defaultTarget(info, form);
  if (info.target === 'optional') return t('pool.create.targetHelp.optional', { path: d });
  if (info.type === 'dir') return t('pool.create.targetHelp.dir');
  if (info.type === 'fs' || info.type === 'netfs') return t('pool.create.targetHelp.mount');
  return t('pool.create.targetHelp.devices', { path: d || '/dev' });
}

/** Rows of one text each (devices, servers): a row per entry, one more to add. */
function RowsField({ name, label, help, values, many, error, browse, onChange }: { name: string; label: string; help: string; values: string[]; many: boolean; error?: string | undefined; browse?: ((i: number) => void) | undefined; onChange(v: string[]): void }) {
  const { t } = useTranslation();
  const set = (i: number, v: string) => onChange(values.map((x, j) => (j === i ? v : x)));
  return (
    <div className="rows-field" data-field={name}>
      {values.map((v, i) => (
        <div className="form-row" key={i}>
          <TextField className="grow" name={`${name}-${i}`} label={i === 0 ? label : ''} value={v} mono onChange={(x) => set(i, x)} error={i === 0 ? error : undefined} help={i === values.length - 1 ? help : undefined} />
          {browse && (
            <button type="button" className="btn row-button" onClick={() => browse(i)}>
              {t('pool.create.source.browse')}
            </button>
          )}
          {many && values.length > 1 && (
            <button type="button" className="btn row-button" aria-label={t('common.remove')} onClick={() => onChange(values.filter((_, j) => j !== i))}>
              −
            </button>
          )}
        </div>
      ))}
      {many && (
        <button type="button" className="link-btn" onClick={() => onChange([...values, ''])}>
          {t('common.add')}
        </button>
      )}
    </div>
  );
}

export function PoolSettingsStep({ host, devices, form, info, errors, onChange }: StepProps) {
  const { t } = useTranslation();
  const { field, check } = formBinding(form, onChange);
  const a = asks(info);
  const [browsing, setBrowsing] = useState<number | null>(null);
  const type = info.type;
  const formats = formatChoices(info);
  const authLabels: Record<AuthType, string> = { none: t('pool.create.source.authNone'), chap: t('pool.create.source.authChap'), ceph: t('pool.create.source.authCeph') };
  const erases = type === 'fs' || type === 'disk' || type === 'logical' || type === 'zfs';

  return (
    <div className="form" data-testid="pool-settings-step" data-pool-type={type}>
      <TextField {...field('name')} label={t('pool.create.name')} help={t('pool.create.nameHelp')} error={errors.name} autoFocus />
      {a.target !== 'none' && <TextField {...field('target')} label={t('pool.create.target')} help={targetHelp(info, form, t)} placeholder={defaultTarget(info, form)} error={errors.target} mono />}
      {a.devices && (
        <>
          <RowsField
            name="devices"
            label={a.manyDevices ? t('pool.create.source.devicesMany') : t('pool.create.source.devices')}
            help={t('pool.create.source.devicesHelp')}
            values={form.devices}
            many={a.manyDevices}
            error={errors.devices}
            browse={(i) => {
              if (!devices.data && !devices.loading) devices.reload();
              setBrowsing(browsing === i ? null : i);
            }}
            onChange={(devices) => onChange({ devices })}
          />
          {browsing !== null && (
            <DevicePicker
              devices={devices}
              selected={form.devices[browsing] ?? ''}
              onSelect={(path) => {
                onChange({ devices: form.devices.map((x, j) => (j === browsing ? path : x)) });
                setBrowsing(null);
              }}
            />
          )}
        </>
      )}
      {a.hosts && (
        <RowsField
          name="hosts"
          label={type === 'rbd' ? t('pool.create.source.hostsMany') : t('pool.create.source.hosts')}
          help={type === 'rbd' ? t('pool.create.source.hostsManyHelp') : t('pool.create.source.hostsHelp')}
          values={form.hosts}
          many={type === 'rbd' || type === 'gluster'}
          error={errors.hosts}
          onChange={(hosts) => onChange({ hosts })}
        />
      )}
      {a.initiatorIqn && <TextField {...field('initiatorIqn')} label={t('pool.create.source.initiatorIqn')} help={t('pool.create.source.initiatorHelp')} error={errors.initiatorIqn} mono />}
      <SourceFinder host={host} info={info} form={form} onChange={onChange} />
      {a.dir && <TextField {...field('dir')} label={type === 'gluster' ? t('pool.create.source.glusterDir') : t('pool.create.source.dir')} help={t('pool.create.source.dirHelp')} error={errors.dir} mono />}
      {a.iscsiTarget && <TextField {...field('iscsiTarget')} label={t('pool.create.source.iscsiTarget')} help={t('pool.create.source.iscsiTargetHelp')} error={errors.iscsiTarget} mono />}
      {a.sourceName && (
        <TextField
          {...field('sourceName')}
          label={t(byType('pool.create.source.name', type, ['logical', 'rbd', 'zfs', 'gluster']))}
          help={t(byType('pool.create.source.nameHelp', type, ['logical', 'rbd', 'zfs', 'gluster']))}
          error={errors.sourceName}
          mono
        />
      )}
      {a.adapter && <TextField {...field('adapter')} label={t('pool.create.source.adapter')} help={t('pool.create.source.adapterHelp')} error={errors.adapter} mono />}
      {a.format && (
        <SelectField
          {...field('format')}
          value={form.format || formats[0] || ''}
          label={t('pool.create.source.format')}
          help={t(byType('pool.create.source.formatHelp', type, ['fs', 'netfs', 'logical', 'disk']))}
          options={formats.map((f) => ({ value: f, label: f }))}
          error={errors.format}
          mono
        />
      )}
      {a.auth.length > 1 && (
        <>
          <Segmented name="authType" label={t('pool.create.source.auth')} value={form.authType} options={a.auth.map((v) => ({ value: v, label: authLabels[v] }))} onChange={(authType) => onChange({ authType })} />
          {form.authType !== 'none' && (
            <>
              <div className="form-row">
                <TextField {...field('authUser')} className="grow" label={t('pool.create.source.authUser')} error={errors.authUser} mono />
                <TextField {...field('secretUsage')} className="grow" label={t('pool.create.source.authUsage')} help={t('pool.create.source.authUsageHelp')} error={errors.secretUsage} mono />
              </div>
              <Checkbox {...check('newSecret')} label={t('pool.create.source.newSecret')} help={t('pool.create.source.newSecretHelp')} />
              {form.newSecret && (
                <TextField {...field('secretValue')} type="password" label={t('pool.create.source.secretValue')} help={t(`pool.create.source.secretValueHelp.${form.authType}`)} error={errors.secretValue} mono />
              )}
            </>
          )}
        </>
      )}
      {a.permissions && (
        <fieldset className="form-group">
          <legend>{t('pool.create.permissions')}</legend>
          <div className="form-row">
            <TextField {...field('mode')} label={t('pool.create.mode')} placeholder="0711" error={errors.mode} mono inputMode="numeric" />
            <TextField {...field('owner')} label={t('pool.create.owner')} placeholder="0" error={errors.owner} mono inputMode="numeric" />
            <TextField {...field('group')} label={t('pool.create.group')} placeholder="0" error={errors.group} mono inputMode="numeric" />
          </div>
          <span className="field-help">{t('pool.create.permissionsHelp')}</span>
        </fieldset>
      )}
      {a.build && (
        <Checkbox
          {...check('build')}
          label={t(byType('pool.create.build', type, ['dir', 'fs', 'netfs', 'logical', 'disk', 'zfs']))}
          help={erases ? t('pool.create.build.help.destructive') : t('pool.create.build.help.dir')}
        />
      )}
      <Checkbox {...check('autostart')} label={t('pool.create.autostart')} help={t('pool.create.autostartHelp')} />
    </div>
  );
}
