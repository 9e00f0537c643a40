// Notices in the corner: confirmations fade, errors stay until closed.
import { errorText, errorHint } from '../platform/i18n/msg.ts';
import { useTranslation } from 'react-i18next';
import { Icon } from '../platform/components/Icon.tsx';
import { useToastStore } from '../platform/store/toasts.ts';

export function Toasts() {
  const { t } = useTranslation();
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <div className="toasts" role="region" aria-label={t('toast.label')}>
      {toasts.map((x) => (
        <div key={x.id} className={x.error ? 'toast error' : 'toast'} role={x.error ? 'alert' : 'status'}>
          <Icon name={x.error ? 'alert' : 'check'} className="toast-icon" />
          <div className="toast-body">
            <div className="toast-title">{t(x.titleKey, x.values)}</div>
            {x.error && (
              <>
                <div className="toast-message">{errorText(x.error)}</div>
                {errorHint(x.error) && <div className="toast-hint">{errorHint(x.error)}</div>}
              </>
            )}
          </div>
          <button type="button" className="icon-btn" aria-label={t('common.dismiss')} title={t('common.dismiss')} onClick={() => dismiss(x.id)}>
            <Icon name="close" size={12} />
          </button>
        </div>
      ))}
    </div>
  );
}
