// Attach wizard, step 2: what the guest sees (device type, bus, target name).
import { useTranslation } from 'react-i18next';
import type { AttachChoices } from '../../../shared/contract/ops.ts';
import { Segmented, TextField } from '../../platform/components/FormFields.tsx';
import type { DiskDevice } from '../../../shared/core/domain-rules.ts';
import { busStates, type AttachForm } from './attach-form.ts';

export function AttachDeviceStep({ form, choices, change }: { form: AttachForm; choices: AttachChoices; change(patch: Partial<AttachForm>): void }) {
  const { t } = useTranslation();
  const states = busStates(choices, form.device);
  const next = choices.nextTargets[form.bus];
  return (
    <div className="form">
      <Segmented<DiskDevice>
        name="device"
        label={t('wizard.attach.device')}
        value={form.device}
        onChange={(device) => change({ device })}
        options={choices.devices.map((d) => ({ value: d, label: t(`wizard.attach.deviceKind.${d}`), disabled: d === 'lun' && form.sourceKind !== 'block', title: d === 'lun' && form.sourceKind !== 'block' ? t('wizard.attach.lunNeedsBlock') : undefined }))}
        help={t(`wizard.attach.deviceHelp.${form.device}`)}
      />
      <fieldset className="choice-list" aria-describedby="bus-help">
        <legend>{t('wizard.attach.bus')}</legend>
        {states.map((s) => (
          <label key={s.bus} className={`choice${form.bus === s.bus ? ' active' : ''}${s.disabled ? ' disabled' : ''}`} data-bus={s.bus}>
            <input type="radio" name="bus" value={s.bus} checked={form.bus === s.bus} disabled={s.disabled} onChange={() => change({ bus: s.bus })} />
            <span className="choice-text">
              <span className="choice-title mono">{s.bus}</span>
              <span className="choice-help">{t(`wizard.attach.busHelp.${s.bus}`)}</span>
              {s.reason && <span className={s.disabled ? 'choice-reason' : 'choice-reason warn'}>{t(s.reason)}</span>}
            </span>
          </label>
        ))}
        <span id="bus-help" className="field-help">
          {t('wizard.attach.busFromCaps')}
        </span>
      </fieldset>
      <TextField name="target" label={t('wizard.attach.target')} value={form.target} onChange={(target) => change({ target })} help={next ? t('wizard.attach.targetHelp', { next }) : undefined} mono />
    </div>
  );
}
