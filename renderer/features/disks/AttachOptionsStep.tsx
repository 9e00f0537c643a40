// Attach wizard, step 3: when the change applies (mode), and the driver
// options under "Advanced" (unset means libvirt's default, left out of the XML).
import { useTranslation } from 'react-i18next';
import type { AttachChoices } from '../../../shared/contract/features/disks.ts';
import { Checkbox, formBinding, Segmented, SelectField, TextField } from '../../platform/components/FormFields.tsx';
import { hotpluggable, type ChangeMode } from '../../../shared/core/domain-rules.ts';
import { allowedModes, CACHE_MODES, DETECT_ZEROES_MODES, DISCARD_MODES, IO_MODES, type AttachForm } from './attach-form.ts';

/**
 * Live / persistent / both, with the reason a choice is not possible. `note`,
 * when given, is the whole help (a disk on one side only: where it is says
 * everything), instead of the mode's general help and the reason.
 */
export function ModeField({ value, allowed, reason, note, onChange }: { value: ChangeMode; allowed: readonly ChangeMode[]; reason?: string | undefined; note?: string | undefined; onChange(m: ChangeMode): void }) {
  const { t } = useTranslation();
  return (
    <Segmented<ChangeMode>
      name="mode"
      label={t('wizard.mode.label')}
      value={value}
      onChange={onChange}
      options={(['both', 'live', 'persistent'] as const).map((m) => ({ value: m, label: t(`wizard.mode.${m}`), disabled: !allowed.includes(m), title: allowed.includes(m) ? undefined : reason }))}
      help={
        note !== undefined ? (
          <span className="mode-reason" data-mode-note="">
            {note}
          </span>
        ) : (
          <>
            {t(`wizard.mode.help.${value}`)}
            {reason && allowed.length < 3 && <span className="mode-reason"> {reason}</span>}
          </>
        )
      }
    />
  );
}

/** Why only some modes are possible for this VM and bus, or undefined. */
export function modeReason(t: (k: string, o?: Record<string, string>) => string, running: boolean, bus: AttachForm['bus'], persistent = true): string | undefined {
  if (!running) return t('wizard.mode.offReason');
  if (!hotpluggable(bus)) return t('wizard.mode.noHotplugReason', { bus: bus.toUpperCase() });
  if (!persistent) return t('wizard.attach.transientReason');
  return undefined;
}

export function AttachOptionsStep({ form, choices, persistent = true, change }: { form: AttachForm; choices: AttachChoices; persistent?: boolean; change(patch: Partial<AttachForm>): void }) {
  const { t } = useTranslation();
  const unset = { value: '', label: t('wizard.options.unset') };
  const choose = (list: readonly string[]) => [unset, ...list.map((v) => ({ value: v, label: v }))];
  const isCdrom = form.device === 'cdrom';
  const { field, check } = formBinding(form, change);
  return (
    <div className="form">
      <ModeField value={form.mode} allowed={allowedModes(choices.running, form.bus, persistent)} reason={modeReason(t, choices.running, form.bus, persistent)} onChange={(mode) => change({ mode })} />
      <details className="advanced" data-advanced="">
        <summary>{t('wizard.options.advanced')}</summary>
        <div className="form">
          <div className="form-grid">
            <SelectField {...field('cache')} label={t('fields.cache')} options={choose(CACHE_MODES)} help={t('wizard.options.cacheHelp')} />
            <SelectField {...field('io')} label={t('fields.io')} options={choose(IO_MODES)} help={t('wizard.options.ioHelp')} />
            <SelectField {...field('discard')} label={t('fields.discard')} options={choose(DISCARD_MODES)} help={t('wizard.options.discardHelp')} />
            <SelectField
              {...field('detectZeroes')}
              label={t('fields.detectZeroes')}
              options={choose(DETECT_ZEROES_MODES)}
              error={form.detectZeroes === 'unmap' && form.discard !== 'unmap' ? 'wizard.attach.detectZeroesNeedsUnmap' : undefined}
              help={t('wizard.options.detectZeroesHelp')}
            />
          </div>
          <Checkbox {...check('readonly')} label={t('fields.readonly')} checked={form.readonly || isCdrom} disabled={isCdrom} help={t(isCdrom ? 'wizard.options.readonlyCdrom' : 'wizard.options.readonlyHelp')} />
          <Checkbox {...check('shareable')} label={t('fields.shareable')} disabled={isCdrom} help={t('wizard.options.shareableHelp')} />
          <div className="form-grid">
            <TextField {...field('serial')} label={t('fields.serial')} help={t('wizard.options.serialHelp')} mono />
            <TextField
              {...field('bootOrder')}
              label={t('fields.bootOrder')}
              disabled={choices.osBootOrder}
              inputMode="numeric"
              error={form.bootOrder.trim() !== '' && !/^[1-9]\d{0,3}$/.test(form.bootOrder.trim()) ? 'wizard.attach.bootOrderInvalid' : undefined}
              help={t(choices.osBootOrder ? 'wizard.options.bootOrderDisabled' : 'wizard.options.bootOrderHelp')}
            />
          </div>
        </div>
      </details>
    </div>
  );
}
