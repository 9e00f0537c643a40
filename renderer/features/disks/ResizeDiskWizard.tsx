// Grow a disk: the new size (the backend refuses shrinking, with its reason,
// shown on this step), review, run; then, for a running VM whose guest has a
// filesystem on the disk, offer to grow that filesystem too.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Job, Operation } from '../../../shared/contract/ops.ts';
import { formatBytes, parseSize } from '../../../shared/core/units.ts';
import { EmptyState, Spinner } from '../../platform/components/EmptyState.tsx';
import { TextField } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { Modal } from '../../platform/components/Modal.tsx';
import { openDialog } from '../../platform/store/dialogs.ts';
import { volumeOfDisk } from '../../../shared/contract/disk-facts.ts';
import { isActive } from '../../../shared/core/domain-rules.ts';
import { filesystemsOn } from '../mounts/index.ts';
import { useGuestFs } from '../mounts/index.ts';
import { useDomain, usePools } from '../../platform/wizard/inventory-hooks.ts';
import { sizeText } from '../../platform/wizard/size-text.ts';
import { blameResize } from './wizard-steps.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

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
    <div className="callout info" role="note" data-grow-offer="">
      <Icon name="info" className="callout-icon" />
      <div className="callout-body">
        <div className="callout-title">{t('wizard.resize.growTitle')}</div>
        <p className="callout-message">{t('wizard.resize.growBody', { mountpoints: on.map((f) => `${f.mountpoint} (${f.type})`).join(', ') })}</p>
        <div className="button-row">
          <button type="button" className="btn primary" onClick={() => openDialog({ kind: 'grow-fs', host, vm, target })}>
            <Icon name="resize" />
            {t('wizard.resize.growButton')}
          </button>
        </div>
      </div>
    </div>
  );
}

export function ResizeDiskWizard({ host, vm, target, onClose }: { host: string; vm: string; target: string; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const pools = usePools(host);
  const disk = domain?.disks.find((k) => k.target === target);
  const [size, setSize] = useState(() => (disk?.capacity ? sizeText(disk.capacity * 2) : ''));
  if (!domain || !disk) {
    return (
      <Modal title={t('wizard.resize.title', { target, vm })} onClose={onClose} footer={<button type="button" className="btn" onClick={onClose}>{t('common.close')}</button>}>
        <EmptyState icon="disk" title={t('wizard.resize.gone', { target, vm })} />
      </Modal>
    );
  }
  const volume = volumeOfDisk(pools, disk);
  const pool = volume ? pools.find((p) => p.name === volume.pool) : undefined;
  const bytes = parseSize(size);
  const valid = Number.isSafeInteger(bytes) && bytes > 0;
  const operation: Operation | null = valid ? { kind: 'disk.resize', host, request: { domain: vm, target, newSizeBytes: bytes } } : null;
  const growth = valid && disk.capacity !== undefined ? bytes - disk.capacity : null;
  const running = isActive(domain.state);

  return (
    <Wizard
      title={t('wizard.resize.title', { target, vm })}
      onClose={onClose}
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
              <dl className="summary-list">
                <div className="field">
                  <dt>{t('fields.sourceLabel')}</dt>
                  <dd className="mono">{disk.sourceLabel}</dd>
                </div>
                <div className="field">
                  <dt>{t('wizard.resize.current')}</dt>
                  <dd>{disk.capacity !== undefined ? t('wizard.resize.sizeExact', { size: formatBytes(disk.capacity), bytes: exact.format(disk.capacity) }) : t('common.notReported')}</dd>
                </div>
                <div className="field">
                  <dt>{t('wizard.resize.poolFree')}</dt>
                  <dd>{pool ? t('wizard.volume.poolFree', { free: formatBytes(pool.available), total: formatBytes(pool.capacity) }) : t('wizard.resize.notInPool')}</dd>
                </div>
                <div className="field">
                  <dt>{t('wizard.resize.how')}</dt>
                  <dd>{t(running ? 'wizard.resize.howLive' : 'wizard.resize.howOffline')}</dd>
                </div>
              </dl>
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
