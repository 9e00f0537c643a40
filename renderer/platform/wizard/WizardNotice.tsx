// A wizard that cannot start (its VM or disk is gone, the guest agent does
// not answer, its data is still loading): the wizard's title, why, and one
// button that closes it.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState.tsx';
import { Modal } from '../components/Modal.tsx';

/** A wizard dialog's title and its way out, the same for its notice and for the Wizard. */
export interface WizardFrame {
  title: string;
  onClose(): void;
}

export function WizardNotice({ title, onClose, closeKey = 'common.close', children }: WizardFrame & { closeKey?: 'common.close' | 'common.cancel'; children: ReactNode }) {
  const { t } = useTranslation();
  const footer = (
    <button type="button" className="btn" onClick={onClose}>
      {t(closeKey)}
    </button>
  );
  return (
    <Modal title={title} onClose={onClose} footer={footer}>
      {children}
    </Modal>
  );
}

/** The wizard's VM is no longer in the inventory. */
export function VmGoneNotice({ title, vm, onClose }: WizardFrame & { vm: string }) {
  const { t } = useTranslation();
  return (
    <WizardNotice title={title} onClose={onClose}>
      <EmptyState icon="monitor" title={t('empty.vmGone', { name: vm })} />
    </WizardNotice>
  );
}
