// Unmount a filesystem inside a running guest (through its agent), and, when
// /etc/fstab mounts it, optionally remove those lines too (the old file is
// backed up first): one step, then the review and the job.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { Checkbox } from '../../platform/components/FormFields.tsx';
import { Modal } from '../../platform/components/Modal.tsx';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { useBlockDevs } from './guest-blockdevs.ts';
import { blameGuestUmount } from './wizard-steps.ts';
import { GuestAgentHelp } from './GuestAgentHelp.tsx';
import { isRunning, useDomain } from '../../platform/wizard/inventory-hooks.ts';
import { fstabEntriesFor } from './mount-form.ts';
import { tmsg } from '../../platform/i18n/msg.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

export function GuestUmountWizard({ host, vm, mountpoint, onClose }: { host: string; vm: string; mountpoint: string; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const running = isRunning(domain);
  const entry = useBlockDevs(host, vm, running);
  const [removeFstab, setRemoveFstab] = useState(false);
  const devs = entry.data?.agent === 'ok' ? entry.data : null;
  const title = t('mount.umount.title', { mountpoint, vm });
  if (!running || (entry.data && entry.data.agent !== 'ok')) {
    return (
      <Modal title={title} onClose={onClose} footer={<button type="button" className="btn" onClick={onClose}>{t('common.close')}</button>}>
        <GuestAgentHelp host={host} vm={vm} agent={running ? (entry.data?.agent ?? 'ok') : 'not-running'} />
      </Modal>
    );
  }
  const dev = devs?.devices.find((d) => d.mountpoints.includes(mountpoint));
  const lines = devs ? fstabEntriesFor(devs.fstab, null, mountpoint) : [];
  const fstab = removeFstab && lines.length > 0;
  const operation: Operation = { kind: 'guest.umount', host, request: { domain: vm, mountpoint, ...(fstab ? { fstab: true } : {}) } };
  return (
    <Wizard
      title={title}
      onClose={onClose}
      operation={operation}
      blame={blameGuestUmount}
      scriptName={`umount-${vm}-${mountpoint}`}
      runLabel={t('mount.umount.run')}
      steps={[
        {
          id: 'umount',
          label: t('mount.umount.step'),
          incomplete: devs ? null : 'mount.wizard.loadingDevices',
          content: !devs ? (
            <Spinner label={t('mount.fs.reading')} />
          ) : (
            <div className="form">
              <dl className="summary-list">
                <div className="field">
                  <dt>{t('mount.col.mountpoints')}</dt>
                  <dd className="mono">{mountpoint}</dd>
                </div>
                <div className="field">
                  <dt>{t('mount.col.device')}</dt>
                  <dd className="mono">{dev ? dev.path : t('mount.umount.notMountedNow')}</dd>
                </div>
                {dev && (
                  <div className="field">
                    <dt>{t('mount.col.fsType')}</dt>
                    <dd>
                      {dev.fsType ?? t('common.notReported')}
                      {dev.target && <span className="muted">{t('mount.wizard.listSep')}{t('mount.wizard.vmDisk', { target: dev.target })}</span>}
                    </dd>
                  </div>
                )}
                {dev?.usedBytes !== undefined && dev.totalBytes !== undefined && (
                  <div className="field">
                    <dt>{t('mount.col.used')}</dt>
                    <dd>{t('units.usedOf', { used: formatBytes(dev.usedBytes), total: formatBytes(dev.totalBytes) })}</dd>
                  </div>
                )}
              </dl>
              <p className="field-help">{tmsg({ key: 'mounts.umount.busy' })}</p>
              {lines.length > 0 ? (
                <>
                  <Checkbox name="removeFstab" label={t('mount.umount.removeFstab')} checked={removeFstab} onChange={setRemoveFstab} help={t('mount.umount.removeFstabHelp')} />
                  <pre className="stdin fstab-line" data-fstab-lines="">
                    {lines.map((e) => `${e.line}: ${e.spec} ${e.file} ${e.vfstype} ${e.options}`).join('\n')}
                  </pre>
                  {!removeFstab && <p className="field-help">{t('mount.umount.keepFstab')}</p>}
                </>
              ) : (
                <p className="field-help" data-fstab-lines="none">
                  {t(devs.fstab === null ? 'mount.fs.noFstabFile' : 'mount.umount.notInFstab', { mountpoint })}
                </p>
              )}
            </div>
          ),
        },
      ]}
    />
  );
}
