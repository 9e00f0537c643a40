// First contact with an SSH host: show the key fingerprint the host presented
// and let the user decide whether to trust it.
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { ErrorCallout } from '../../platform/components/ErrorCallout.tsx';
import { Icon } from '../../platform/components/Icon.tsx';

export interface FingerprintPrompt {
  address: string;
  fingerprint: string;
  keyType: string | undefined;
  error: ErrorInfo;
  /** The host presented another key than the one the user accepted a moment ago. */
  mismatch: boolean;
}

export function FingerprintStep({ prompt }: { prompt: FingerprintPrompt }) {
  const { t } = useTranslation();
  return (
    <div className="fingerprint-step" data-testid="fingerprint-step">
      <div className="fingerprint-hero">
        <Icon name="key" size={28} className="hero-icon" />
        <div>
          <h3>{t('addHost.fingerprint.title')}</h3>
          <p>{t('addHost.fingerprint.intro', { address: prompt.address })}</p>
        </div>
      </div>
      <dl className="fingerprint-box">
        <dt>{t('addHost.fingerprint.host')}</dt>
        <dd className="mono">{prompt.address}</dd>
        {prompt.keyType && (
          <>
            <dt>{t('addHost.fingerprint.keyType')}</dt>
            <dd className="mono">{prompt.keyType}</dd>
          </>
        )}
        <dt>{t('addHost.fingerprint.fingerprint')}</dt>
        <dd className="mono fingerprint" data-testid="fingerprint">
          {prompt.fingerprint}
        </dd>
      </dl>
      <p className="field-help">{t('addHost.fingerprint.verify')}</p>
      {prompt.mismatch && <ErrorCallout error={prompt.error} />}
    </div>
  );
}
