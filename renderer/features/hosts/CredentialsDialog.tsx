// Asks for the password (or key passphrase) of a saved SSH host before
// connecting it. Secrets go to the backend's memory only, never to disk.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { api } from '../../platform/api/instance.ts';
import { Spinner } from '../../platform/components/EmptyState.tsx';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { TextField } from '../../platform/components/FormFields.tsx';
import { Icon } from '../../platform/components/Icon.tsx';
import { Modal } from '../../platform/components/Modal.tsx';
import { useHostsStore } from '../../platform/store/hosts.ts';

export function CredentialsDialog({ host, need, onClose }: { host: string; need: 'password' | 'passphrase'; onClose(): void }) {
  const { t } = useTranslation();
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);

  const connect = async () => {
    if (!secret) return;
    setBusy(true);
    setError(null);
    const out = await api().call('hosts.connect', { name: host, secrets: need === 'password' ? { password: secret } : { passphrase: secret } });
    setBusy(false);
    if (out.ok) {
      useHostsStore.getState().upsertHost(out.result);
      onClose();
    } else setError(out.error);
  };

  return (
    <Modal
      title={t('credentials.title', { host })}
      onClose={onClose}
      busy={busy}
      footer={
        <>
          {busy && <Spinner label={t('credentials.connecting')} />}
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn primary" onClick={() => void connect()} disabled={busy || !secret}>
            <Icon name="plug" />
            {t('menu.connect')}
          </button>
        </>
      }
    >
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void connect();
        }}
      >
        <p>{t(need === 'password' ? 'credentials.passwordIntro' : 'credentials.passphraseIntro', { host })}</p>
        <TextField name="secret" type="password" label={t(need === 'password' ? 'addHost.password' : 'addHost.passphrase')} value={secret} onChange={setSecret} help={t('addHost.secretHelp')} autoFocus />
        {error && <ErrorCallout error={error} />}
      </form>
    </Modal>
  );
}
