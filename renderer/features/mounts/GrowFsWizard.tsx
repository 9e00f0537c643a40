// Grow the filesystem on a disk inside the guest (through the agent): no
// questions, straight to the review of what runs, then the result.
import { useTranslation } from 'react-i18next';
import { Wizard } from '../../platform/wizard/Wizard.tsx';

export function GrowFsWizard({ host, vm, target, onClose }: { host: string; vm: string; target: string; onClose(): void }) {
  const { t } = useTranslation();
  return <Wizard title={t('wizard.growfs.title', { target, vm })} onClose={onClose} operation={{ kind: 'guest.growfs', host, request: { domain: vm, target } }} scriptName={`growfs-${vm}-${target}`} runLabel={t('wizard.growfs.run')} steps={[]} />;
}
