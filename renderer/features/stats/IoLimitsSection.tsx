// A disk's I/O limits in its properties: what the running VM enforces now and
// what is saved for the next start (iotune.get), or that the disk is not in
// one of them (attached "Now only", or saved for the next start).
import { errorText } from '../../platform/i18n/msg.ts';
import { useTranslation } from 'react-i18next';
import { limitsSideText, useIoTune } from './iotune.ts';
import { Field, Section } from '../../platform/components/Fields.tsx';

export function IoLimitsSection({ host, vm, target, running }: { host: string; vm: string; target: string; running: boolean }) {
  const { t } = useTranslation();
  const io = useIoTune(host, vm, target, running ? 'running' : 'off');
  return (
    <Section titleKey="details.ioLimits">
      <Field labelKey="iotune.live">
        <span data-iotune="live">{limitsSideText(t, io, 'live', running)}</span>
      </Field>
      <Field labelKey="iotune.saved">
        <span data-iotune="config">{limitsSideText(t, io, 'config', running)}</span>
      </Field>
      {io.error && (
        <Field labelKey="iotune.why">
          <span className="muted small">{errorText(io.error)}</span>
        </Field>
      )}
    </Section>
  );
}
