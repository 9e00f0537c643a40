// The image chain of a disk or volume, top image first, each backed by the next.
import { useTranslation } from 'react-i18next';
import type { BackingStore } from '../../../shared/contract/models.ts';

export function BackingChain({ top, topFormat, chain }: { top: string; topFormat: string | undefined; chain: BackingStore[] }) {
  const { t } = useTranslation();
  return (
    <section className="details-section wide">
      <h3>{t('details.backingChain')}</h3>
      {chain.length === 0 ? (
        <p className="muted small">{t('details.noBacking')}</p>
      ) : (
        <ol className="chain" aria-label={t('details.backingChain')}>
          <li className="chain-item top">
            <span className="chain-format">{topFormat ?? t('common.dash')}</span>
            <span className="mono">{top}</span>
            <span className="chain-role">{t('details.chainTop')}</span>
          </li>
          {chain.map((b, i) => (
            <li key={i} className="chain-item">
              <span className="chain-format">{b.format ?? t('common.dash')}</span>
              <span className="mono">{b.path ?? t('common.notReported')}</span>
              <span className="chain-role">{t('details.chainType', { type: b.type })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
