// Unmount an image Spindle mounted on the host: no questions, straight to the
// review of what runs (unmount, stop the export, remove what Spindle made),
// then the job.
import { useTranslation } from 'react-i18next';
import { baseName } from '../../platform/model/lookup.ts';
import { useHostMountsStore } from './host-mounts.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

export function HostUmountWizard({ host, id, onClose }: { host: string; id: string; onClose(): void }) {
  const { t } = useTranslation();
  const mount = useHostMountsStore((s) => s.byHost[host]?.mounts?.find((m) => m.id === id));
  return (
    <Wizard
      title={t('mount.hostUmount.title', { image: mount ? baseName(mount.image) : id, host })}
      onClose={onClose}
      operation={{ kind: 'host.umount', host, request: { id } }}
      scriptName={`host-umount-${id}`}
      runLabel={t('mount.hostUmount.run')}
      steps={[]}
    />
  );
}
