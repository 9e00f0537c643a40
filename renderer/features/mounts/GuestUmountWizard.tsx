// Unmount a filesystem inside a running guest (through its agent), and, when
// /etc/fstab mounts it, optionally remove those lines too (the old file is
// backed up first): one step, then the review and the job.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '../../../shared/contract/ops.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { Checkbox } from '../../platform/components/FormFields.tsx';
import { Field, SummaryList } from '../../platform/components/Fields.tsx';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { useBlockDevs } from './guest-blockdevs.ts';
import { blameGuestUmount } from './wizard-steps.ts';
import { GuestAgentHelp } from './GuestAgentHelp.tsx';
import { isRunning, useDomain } from '../../platform/wizard/inventory-hooks.ts';
import { fstabEntriesFor } from './mount-form.ts';
import { tmsg } from '../../platform/i18n/msg.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';
import { WizardNotice } from '../../platform/wizard/WizardNotice.tsx';

export function GuestUmountWizard({ host, vm, mountpoint, onClose }: { host: string; vm: string; mountpoint: string; onClose(): void }) {
  const { t } = useTranslation();
  const domain = useDomain(host, vm);
  const running = isRunning(domain);
  const entry = useBlockDevs(host, vm, running);
  const [removeFstab, setRemoveFstab] = useState(false);
  const devs = entry.data?.agent === 'ok' ? entry.data : null;
  const frame = { title: t('mount.umount.title', { mountpoint, vm }), onClose };
  if (!running || (entry.data && entry.data.agent !== 'ok')) {
    return (
      <WizardNotice {...frame}>
        <GuestAgentHelp host={host} vm={vm} agent={running ? (entry.data?.agent ?? 'ok') : 'not-running'} />
      </WizardNotice>
    );
  }
  const dev = devs?.devices.find((d) => d.mountpoints.includes(mountpoint));
  const lines = devs ? fstabEntriesFor(devs.fstab, null, mountpoint) : [];
  const fstab = removeFstab && lines.length > 0;
  const operation: Operation = { kind: 'guest.umount', host, request: { domain: vm, mountpoint, ...(fstab ? { fstab: true } : {}) } };
  return (
    <Wizard
      {...frame}
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
              <SummaryList>
                <Field labelKey="mount.col.mountpoints" mono>{mountpoint}</Field>
                <Field labelKey="mount.col.device" mono>{dev ? dev.path : t('mount.umount.notMountedNow')}</Field>
                {dev && (
                  <Field labelKey="mount.col.fsType">
                    {dev.fsType ?? t('common.notReported')}
                    {dev.target && <span className="muted">{t('mount.wizard.listSep')}{t('mount.wizard.vmDisk', { target: dev.target })}</span>}
                  </Field>
                )}
                {dev?.usedBytes !== undefined && dev.totalBytes !== undefined && <Field labelKey="mount.col.used">{t('units.usedOf', { used: formatBytes(dev.usedBytes), total: formatBytes(dev.totalBytes) })}</Field>}
              </SummaryList>
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
