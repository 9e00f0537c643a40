// Unmount an image Spindle mounted on the host: no questions, straight to the
// review of what runs (unmount, stop the export, remove what Spindle made),
// then the job.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { baseName } from '../../platform/model/lookup.ts';
import { useHostMountsStore } from './host-mounts.ts';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

export function HostUmountWizard({ host, id, onClose }: { host: string; id: string; onClose(): void }) {
  const { t } = useTranslation();
  const mount = useHostMountsStore((s) => s.byHost[host]?.mounts?.find((m) => m.id === id));
  // The job's end takes the mount off the list: the title keeps the image it named.
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    if (mount) setImage(baseName(mount.image));
  }, [mount]);
  return (
    <Wizard
      title={t('mount.hostUmount.title', { image: mount ? baseName(mount.image) : (image ?? id), host })}
      onClose={onClose}
      operation={{ kind: 'host.umount', host, request: { id } }}
      scriptName={`host-umount-${id}`}
      runLabel={t('mount.hostUmount.run')}
      steps={[]}
    />
  );
}
