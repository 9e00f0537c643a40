// Shows a backend error: a translated headline for its code, then its message
// and hint (translated when the backend sent them as a message, else as they
// came), and any fingerprints it carries. RetryRow is the button under a read
// that failed.
import { errorHint, errorText } from '../i18n/msg.ts';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { Callout } from './Callout.tsx';
import { Icon } from './Icon.tsx';

export function ErrorCallout({ error, titleKey, compact = false }: { error: ErrorInfo; titleKey?: string; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const d = error.details ?? {};
  const message = errorText(error);
  const hint = errorHint(error);
  // Our own advice per code; in English only when the backend gave no hint (it says the same).
  const advice = t(`errorAdvice.${error.code}`, { defaultValue: '' });
  const showAdvice = advice !== '' && (!hint || (!error.msg && !i18n.language.startsWith('en')));
  return (
    <Callout tone={compact ? 'error compact' : 'error'} icon="alert" role="alert" data-error-code={error.code} title={t(titleKey ?? `errorCodes.${error.code}`, { defaultValue: t('errorCodes.generic') })}>
      <p className="callout-message">{message}</p>
      <HintLine hint={hint} />
      {showAdvice && <p className="callout-hint advice">{advice}</p>}
      {error.code === 'HOST_KEY_CHANGED' && d.oldFingerprint && d.newFingerprint && (
        <dl className="fingerprints">
          <dt>{t('errors.oldFingerprint')}</dt>
          <dd className="mono">{d.oldFingerprint}</dd>
          <dt>{t('errors.newFingerprint')}</dt>
          <dd className="mono">{d.newFingerprint}</dd>
        </dl>
      )}
      <div className="callout-code mono">{error.code}</div>
    </Callout>
  );
}

/** "Hint: ..." under a message, when there is a hint. */
export function HintLine({ hint }: { hint: string | null | undefined }) {
  const { t } = useTranslation();
  if (!hint) return null;
  return (
    <p className="callout-hint">
      <span className="label-inline">{t('errors.hintLabel')}</span> {hint}
    </p>
  );
}

/** The Retry button under a read that failed. */
export function RetryRow({ onRetry, small = false }: { onRetry(): void; small?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="button-row">
      <button type="button" className={small ? 'btn small' : 'btn'} onClick={onRetry}>
        <Icon name="refresh" />
        {t('wizard.retry')}
      </button>
    </div>
  );
}
