// Attach wizard, step 2: what the guest sees (device type, bus, target name).
import { useTranslation } from 'react-i18next';
import type { AttachChoices } from '../../../shared/contract/features/disks.ts';
import { Choice, formBinding, Segmented, TextField } from '../../platform/components/FormFields.tsx';
import type { DiskDevice } from '../../../shared/core/domain-rules.ts';
import { busStates, type AttachForm } from './attach-form.ts';

export function AttachDeviceStep({ form, choices, change }: { form: AttachForm; choices: AttachChoices; change(patch: Partial<AttachForm>): void }) {
  const { t } = useTranslation();
  const { field } = formBinding(form, change);
  const states = busStates(choices, form.device);
  const next = choices.nextTargets[form.bus];
  return (
    <div className="form">
      <Segmented<DiskDevice>
        {...field('device')}
        label={t('wizard.attach.device')}
        options={choices.devices.map((d) => ({ value: d, label: t(`wizard.attach.deviceKind.${d}`), disabled: d === 'lun' && form.sourceKind !== 'block', title: d === 'lun' && form.sourceKind !== 'block' ? t('wizard.attach.lunNeedsBlock') : undefined }))}
        help={t(`wizard.attach.deviceHelp.${form.device}`)}
      />
      <fieldset className="choice-list" aria-describedby="bus-help">
        <legend>{t('wizard.attach.bus')}</legend>
        {states.map((s) => (
          <Choice key={s.bus} name="bus" value={s.bus} checked={form.bus === s.bus} disabled={s.disabled} onSelect={() => change({ bus: s.bus })} title={s.bus} mono help={t(`wizard.attach.busHelp.${s.bus}`)} data-bus={s.bus}>
            {s.reason && <span className={s.disabled ? 'choice-reason' : 'choice-reason warn'}>{t(s.reason)}</span>}
          </Choice>
        ))}
        <span id="bus-help" className="field-help">
          {t('wizard.attach.busFromCaps')}
        </span>
      </fieldset>
      <TextField {...field('target')} label={t('wizard.attach.target')} help={next ? t('wizard.attach.targetHelp', { next }) : undefined} mono />
    </div>
  );
}
