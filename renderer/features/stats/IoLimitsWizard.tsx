// "I/O limits…" on a disk: total/read/write bytes and IOPS per second with
// their bursts, typed the way people write them ("50 MB/s", "2k"), checked
// here, then the review page (ops.plan, operation iotune.set) and the job.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IOTUNE_FIELDS, type IoTuneField } from '../../../shared/contract/stats.ts';
import type { Operation } from '../../../shared/contract/ops.ts';
import { EmptyState, Spinner } from '../../platform/components/EmptyState.tsx';
import { Segmented } from '../../platform/components/FormFields.tsx';
import { Modal } from '../../platform/components/Modal.tsx';
import { loadIoTune, useIoTune } from './iotune.ts';
import { describeLimits } from './limits-text.ts';
import { isRunning, useDomain } from '../../platform/wizard/inventory-hooks.ts';
import { checkIoTune, ioTuneText, isBytesField, type IoTuneText } from './iotune-form.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

type Mode = 'live' | 'persistent' | 'both';
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
  const running = isRunning(domain);
  const io = useIoTune(host, vm, target, running ? 'running' : 'off');
  const disk = domain?.disks.find((k) => k.target === target);
  if (!domain || !disk) {
    return (
      <Modal title={t('iotune.title', { target, vm })} onClose={onClose} footer={<button type="button" className="btn" onClick={onClose}>{t('common.close')}</button>}>
        <EmptyState icon="disk" title={t('wizard.resize.gone', { target, vm })} />
      </Modal>
    );
  }
  if (!io.config && !io.error) {
    return (
      <Modal title={t('iotune.title', { target, vm })} onClose={onClose} footer={<button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>}>
        <Spinner label={t('iotune.loading')} />
      </Modal>
    );
  }
  return <IoLimitsEditor key={running ? 'on' : 'off'} host={host} vm={vm} target={target} running={running} io={io} onClose={onClose} />;
}

function IoLimitsEditor({ host, vm, target, running, io, onClose }: { host: string; vm: string; target: string; running: boolean; io: ReturnType<typeof useIoTune>; onClose(): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState<IoTuneText>(() => ioTuneText(running && io.live ? io.live : io.config));
  const [mode, setMode] = useState<Mode>(running ? 'both' : 'persistent');
  const check = checkIoTune(text);
  const operation: Operation | null = check.limits ? { kind: 'iotune.set', host, request: { domain: vm, target, limits: check.limits, mode } } : null;
  const allClear = IOTUNE_FIELDS.every((f) => text[f].trim() === '' || text[f].trim() === '0');
  return (
    <Wizard
      title={t('iotune.title', { target, vm })}
      onClose={onClose}
      operation={operation}
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
              <dl className="summary-list">
                <div className="field">
                  <dt>{t('iotune.live')}</dt>
                  <dd data-iotune="live">{running ? (io.error ? t('iotune.unknown') : describeLimits(io.live, t)) : t('iotune.notRunningShort')}</dd>
                </div>
                <div className="field">
                  <dt>{t('iotune.saved')}</dt>
                  <dd data-iotune="config">{io.error ? t('iotune.unknown') : describeLimits(io.config, t)}</dd>
                </div>
              </dl>
              <p className="field-help">{t('iotune.help')}</p>
              <LimitsForm text={text} setText={setText} errors={check.errors} />
              {allClear && <p className="field-help" data-clears="">{t('iotune.clearsAll')}</p>}
              <Segmented<Mode>
                name="mode"
                label={t('iotune.mode')}
                value={mode}
                onChange={setMode}
                options={[
                  { value: 'live', label: t('iotune.modes.live'), disabled: !running, title: running ? undefined : t('iotune.needsRunning') },
                  { value: 'persistent', label: t('iotune.modes.persistent') },
                  { value: 'both', label: t('iotune.modes.both'), disabled: !running, title: running ? undefined : t('iotune.needsRunning') },
                ]}
                help={t(`iotune.modeHelp.${mode}`)}
              />
            </div>
          ),
        },
      ]}
    />
  );
}
