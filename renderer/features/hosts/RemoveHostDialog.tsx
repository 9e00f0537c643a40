// Confirms removing a saved host. Nothing on the host itself is touched.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../platform/components/Icon.tsx';
import { Modal } from '../../platform/components/Modal.tsx';
import { removeHost } from '../../platform/store/actions.ts';

export function RemoveHostDialog({ host, onClose }: { host: string; onClose(): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    await removeHost(host);
    setBusy(false);
    onClose();
  };
  return (
    <Modal
      title={t('remove.title', { host })}
      onClose={onClose}
      busy={busy}
      className="confirm"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose} disabled={busy} autoFocus>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn danger" onClick={() => void confirm()} disabled={busy}>
            <Icon name="trash" />
            {t('remove.confirm')}
          </button>
        </>
      }
    >
      <p>{t('remove.body', { host })}</p>
      <p className="muted small">{t('remove.untouched')}</p>
    </Modal>
  );
}
