// A disk's I/O limits in its properties: what the running VM enforces now and
// what is saved for the next start (iotune.get).
import { errorText } from '../../platform/i18n/msg.ts';
import { useTranslation } from 'react-i18next';
import { useIoTune } from './iotune.ts';
import { describeLimits } from './limits-text.ts';
import { Field, Section } from '../../shell/details/Fields.tsx';

export function IoLimitsSection({ host, vm, target, running }: { host: string; vm: string; target: string; running: boolean }) {
  const { t } = useTranslation();
  const io = useIoTune(host, vm, target, running ? 'running' : 'off');
  const pending = io.loading && !io.config;
  return (
    <Section titleKey="details.ioLimits">
      <Field labelKey="iotune.live">
        <span data-iotune="live">{pending ? t('iotune.loading') : !running ? t('iotune.notRunningShort') : io.error ? t('iotune.unknown') : describeLimits(io.live, t)}</span>
      </Field>
      <Field labelKey="iotune.saved">
        <span data-iotune="config">{pending ? t('iotune.loading') : io.error ? t('iotune.unknown') : describeLimits(io.config, t)}</span>
      </Field>
      {io.error && (
        <Field labelKey="iotune.why">
          <span className="muted small">{errorText(io.error)}</span>
        </Field>
      )}
    </Section>
  );
}
