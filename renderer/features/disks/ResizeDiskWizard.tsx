// Grow a disk: the new size (the backend refuses shrinking, with its reason,
// shown on this step), review, run; then, for a running VM whose guest has a
// filesystem on the disk, offer to grow that filesystem too.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Job, Operation } from '../../../shared/contract/ops.ts';
import { formatBytes, parseSize } from '../../../shared/core/units.ts';
import { EmptyState, Spinner } from '../../platform/components/EmptyState.tsx';
import { Callout } from '../../platform/components/Callout.tsx';
import { Field, SummaryList } from '../../platform/components/Fields.tsx';
import { TextField } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { openDialog } from '../../platform/store/dialogs.ts';
import { volumeOfDisk } from '../../../shared/contract/disk-facts.ts';
import { isActive } from '../../../shared/core/domain-rules.ts';
import { filesystemsOn } from '../mounts/index.ts';
import { useGuestFs } from '../mounts/index.ts';
import { useDomain, usePools } from '../../platform/wizard/inventory-hooks.ts';
import { sizeText } from '../../platform/wizard/size-text.ts';
import { blameResize } from './wizard-steps.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { WizardNotice } from '../../platform/wizard/WizardNotice.tsx';
import { diskAt, poolNamed } from '../../../shared/contract/inventory-lookup.ts';

const exact = new Intl.NumberFormat();

/** After the resize: is there a filesystem on the disk the guest could grow? */
function GrowOffer({ host, vm, target }: { host: string; vm: string; target: string }) {
  const { t } = useTranslation();
  const { fs, loading } = useGuestFs(host, vm, true);
  const on = filesystemsOn(fs, target);
  if (loading) return <Spinner label={t('wizard.resize.checkingFs')} />;
  if (!fs) return null;
  if (fs.agent !== 'ok') return <p className="field-help">{t(`wizard.detach.agent.${fs.agent}`)}</p>;
  if (on.length === 0) return <p className="field-help">{t('wizard.resize.noFs', { target })}</p>;
  return (
    <Callout tone="info" icon="info" role="note" data-grow-offer="" title={t('wizard.resize.growTitle')}>
      <p className="callout-message">{t('wizard.resize.growBody', { mountpoints: on.map((f) => `${f.mountpoint} (${f.type})`).join(', ') })}</p>
      <div className="button-row">
        <button type="button" className="btn primary" onClick={() => openDialog({ kind: 'grow-fs', host, vm, target })}>
          <Icon name="resize" />
          {t('wizard.resize.growButton')}
        </button>
      </div>
    </Callout>
  );
}

export function ResizeDiskWizard({ host, vm, target, onClose }: { host: string; vm: string; target: string; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const pools = usePools(host);
  const disk = diskAt(domain, target);
  const [size, setSize] = useState(() => (disk?.capacity ? sizeText(disk.capacity * 2) : ''));
  const frame = { title: t('wizard.resize.title', { target, vm }), onClose };
  if (!domain || !disk) {
    return (
      <WizardNotice {...frame}>
        <EmptyState icon="disk" title={t('wizard.resize.gone', { target, vm })} />
      </WizardNotice>
    );
  }
  const volume = volumeOfDisk(pools, disk);
  const pool = volume ? poolNamed(pools, volume.pool) : undefined;
  const bytes = parseSize(size);
  const valid = Number.isSafeInteger(bytes) && bytes > 0;
  const operation: Operation | null = valid ? { kind: 'disk.resize', host, request: { domain: vm, target, newSizeBytes: bytes } } : null;
  const growth = valid && disk.capacity !== undefined ? bytes - disk.capacity : null;
  const running = isActive(domain.state);

  return (
    <Wizard
      {...frame}
      operation={operation}
      blame={blameResize}
      scriptName={`resize-${vm}-${target}`}
      afterJob={(job: Job) => (job.state === 'succeeded' && running ? <GrowOffer host={host} vm={vm} target={target} /> : null)}
      steps={[
        {
          id: 'size',
          label: t('wizard.resize.stepSize'),
          incomplete: valid ? null : 'wizard.resize.needSize',
          content: (
            <div className="form">
              <SummaryList>
                <Field labelKey="fields.sourceLabel" mono>{disk.sourceLabel}</Field>
                <Field labelKey="wizard.resize.current">{disk.capacity !== undefined ? t('wizard.resize.sizeExact', { size: formatBytes(disk.capacity), bytes: exact.format(disk.capacity) }) : t('common.notReported')}</Field>
                <Field labelKey="wizard.resize.poolFree">{pool ? t('wizard.volume.poolFree', { free: formatBytes(pool.available), total: formatBytes(pool.capacity) }) : t('wizard.resize.notInPool')}</Field>
                <Field labelKey="wizard.resize.how">{t(running ? 'wizard.resize.howLive' : 'wizard.resize.howOffline')}</Field>
              </SummaryList>
              <TextField
                name="newSize"
                label={t('wizard.resize.newSize')}
                value={size}
                onChange={setSize}
                mono
                error={size.trim() !== '' && !valid ? 'wizard.volume.capacityInvalid' : undefined}
                help={valid ? t(growth !== null && growth > 0 ? 'wizard.resize.growBy' : 'wizard.resize.sizeIs', { size: formatBytes(bytes), bytes: exact.format(bytes), growth: formatBytes(growth ?? 0) }) : t('wizard.volume.capacityHelp')}
              />
              {pool && growth !== null && growth > pool.available && <p className="inline-warning">{t('wizard.resize.overcommit', { free: formatBytes(pool.available) })}</p>}
            </div>
          ),
        },
      ]}
    />
  );
}
