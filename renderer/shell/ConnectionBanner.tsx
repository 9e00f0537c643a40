// A strip under the toolbar while browser mode has no live connection: what
// the window shows may be out of date, and without a token nothing loads.
import { useTranslation } from 'react-i18next';
import { Icon } from '../platform/components/Icon.tsx';
import { useConnectionStore } from '../platform/store/connection.ts';

export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnectionStore((s) => s.carrier.status);
  if (status !== 'reconnecting' && status !== 'no-token' && status !== 'expired') return null;
  return (
    <div className="banner" role="alert">
      <Icon name="alert" />
      <span>{t(status === 'no-token' ? 'banner.noToken' : status === 'expired' ? 'banner.expired' : 'banner.stale')}</span>
    </div>
  );
}
