// "I/O limits…" on a disk: total/read/write bytes and IOPS per second with
// their bursts, typed the way people write them ("50 MB/s", "2k"), checked
// here, then the review page (ops.plan, operation iotune.set) and the job.
// Only the modes the disk can take are offered (a disk attached "Now only"
// has no saved configuration to put limits in), the first of them chosen.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangeMode } from '../../../shared/core/domain-rules.ts';
import { diskPresence, IOTUNE_FIELDS, type IoTuneField } from '../../../shared/contract/features/stats.ts';
import type { Operation } from '../../../shared/contract/ops.ts';
import { EmptyState, Spinner } from '../../platform/components/EmptyState.tsx';
import { Segmented } from '../../platform/components/FormFields.tsx';
import { Field, SummaryList } from '../../platform/components/Fields.tsx';
import { limitsSideText, loadIoTune, useIoTune } from './iotune.ts';
import { useDomain } from '../../platform/wizard/inventory-hooks.ts';
import { blameIoTune, checkIoTune, ioTuneModes, ioTuneText, isBytesField, startingLimits, type IoTuneModes, type IoTuneText } from './iotune-form.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { WizardNotice, type WizardFrame } from '../../platform/wizard/WizardNotice.tsx';

/** The order the modes are shown in (the default is the first the disk can take). */
const MODE_ORDER: readonly ChangeMode[] = ['live', 'persistent', 'both'];
const WHO = ['total', 'read', 'write'] as const;
const COLUMNS = [
  ['BytesSec', 'bytes'],
  ['BytesSecMax', 'bytesBurst'],
  ['IopsSec', 'iops'],
  ['IopsSecMax', 'iopsBurst'],
] as const;

function LimitInput({ field, value, error, onChange }: { field: IoTuneField; value: string; error: string | undefined; onChange(v: string): void }) {
  const { t } = useTranslation();
  const id = `iotune-${field}`;
  return (
    <div className={`limit-cell${error ? ' invalid' : ''}`}>
      <input
        id={id}
        name={field}
        className="mono"
        value={value}
        placeholder={field.startsWith('total') && !field.endsWith('Max') ? (isBytesField(field) ? t('iotune.placeholderBytes') : t('iotune.placeholderIops')) : undefined}
        aria-label={t(`iotune.field.${field}`)}
        aria-invalid={Boolean(error) || undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={`${id}-err`} className="field-error">
          {t(error)}
        </span>
      )}
    </div>
  );
}

function LimitsForm({ text, setText, errors }: { text: IoTuneText; setText(t: IoTuneText): void; errors: Partial<Record<IoTuneField, string>> }) {
  const { t } = useTranslation();
  return (
    <div className="limits-grid" role="group" aria-label={t('iotune.gridLabel')}>
      <span />
      {COLUMNS.map(([, col]) => (
        <span key={col} className="limits-col-head">
          {t(`iotune.col.${col}`)}
        </span>
      ))}
      {WHO.map((who) => (
        <div key={who} className="limits-row" role="group" aria-label={t(`iotune.row.${who}`)}>
          <span className="limits-row-head">{t(`iotune.row.${who}`)}</span>
          {COLUMNS.map(([suffix]) => {
            const field = `${who}${suffix}` as IoTuneField;
            return <LimitInput key={field} field={field} value={text[field]} error={errors[field]} onChange={(v) => setText({ ...text, [field]: v })} />;
          })}
        </div>
      ))}
    </div>
  );
}

export function IoLimitsWizard({ host, vm, target, onClose }: { host: string; vm: string; target: string; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const presence = domain ? diskPresence(domain, target) : null;
  const modes = presence ? ioTuneModes(presence) : null;
  const modesKey = modes ? modes.modes.join(',') : '';
  const io = useIoTune(host, vm, target);
  const frame = { title: t('iotune.title', { target, vm }), onClose };
  if (!modes || modes.modes.length === 0) {
    return (
      <WizardNotice {...frame}>
        <EmptyState icon="disk" title={t('wizard.resize.gone', { target, vm })} />
      </WizardNotice>
    );
  }
  if (!io.loaded) {
    return (
      <WizardNotice {...frame} closeKey="common.cancel">
        <Spinner label={t('iotune.loading')} />
      </WizardNotice>
    );
  }
  // A new set of modes (the VM started or stopped, the disk was saved) starts the form again.
  return <IoLimitsEditor key={modesKey} frame={frame} host={host} vm={vm} target={target} running={presence?.active ?? false} modes={modes} io={io} />;
}

function IoLimitsEditor({ frame, host, vm, target, running, modes, io }: { frame: WizardFrame; host: string; vm: string; target: string; running: boolean; modes: IoTuneModes; io: ReturnType<typeof useIoTune> }) {
  const { t } = useTranslation();
  const offered = MODE_ORDER.filter((m) => modes.modes.includes(m));
  const [mode, setMode] = useState<ChangeMode>(() => modes.modes[0] ?? 'persistent');
  const [text, setText] = useState<IoTuneText>(() => ioTuneText(startingLimits(io, mode)));
  const check = checkIoTune(text);
  const operation: Operation | null = check.limits ? { kind: 'iotune.set', host, request: { domain: vm, target, limits: check.limits, mode } } : null;
  const allClear = IOTUNE_FIELDS.every((f) => text[f].trim() === '' || text[f].trim() === '0');
  return (
    <Wizard
      {...frame}
      operation={operation}
      blame={blameIoTune}
      scriptName={`iotune-${vm}-${target}`}
      className="io-limits"
      onJobEnd={() => void loadIoTune(host, vm, target)}
      steps={[
        {
          id: 'limits',
          label: t('iotune.stepLimits'),
          incomplete: check.limits ? null : 'iotune.fixErrors',
          content: (
            <div className="form">
              <SummaryList>
                <Field labelKey="iotune.live" valueProps={{ 'data-iotune': 'live' }}>{limitsSideText(t, io, 'live', running)}</Field>
                <Field labelKey="iotune.saved" valueProps={{ 'data-iotune': 'config' }}>{limitsSideText(t, io, 'config', running)}</Field>
              </SummaryList>
              <p className="field-help">{t('iotune.help')}</p>
              <LimitsForm text={text} setText={setText} errors={check.errors} />
              {allClear && <p className="field-help" data-clears="">{t('iotune.clearsAll')}</p>}
              <Segmented<ChangeMode>
                name="mode"
                label={t('iotune.mode')}
                value={mode}
                onChange={setMode}
                options={offered.map((m) => ({ value: m, label: t(`iotune.modes.${m}`) }))}
                help={
                  <>
                    {t(`iotune.modeHelp.${mode}`)}
                    {modes.reasonKey && (
                      <span className="mode-reason" data-mode-reason={modes.reasonKey.split('.').pop()}>
                        {' '}
                        {t(modes.reasonKey, { target, vm })}
                      </span>
                    )}
                  </>
                }
              />
            </div>
          ),
        },
      ]}
    />
  );
}
