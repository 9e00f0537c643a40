// Coloured state markers. Colour is never the only signal: each badge has a
// text label (visible or as the accessible name).
import { useTranslation } from 'react-i18next';
import type { HostStatus, DomainState } from '../../shared/models.ts';

export function DomainStateBadge({ state, compact = false }: { state: DomainState; compact?: boolean }) {
  const { t } = useTranslation();
  const label = t(`state.domain.${state}`);
  if (compact) return <span className={`dot state-${state}`} role="img" aria-label={label} title={label} />;
  return (
    <span className={`badge state-${state}`}>
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function PoolStateBadge({ active, compact = false }: { active: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const state = active ? 'active' : 'inactive';
  const label = t(`state.pool.${state}`);
  if (compact) return <span className={`dot state-${state}`} role="img" aria-label={label} title={label} />;
  return (
    <span className={`badge state-${state}`}>
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function HostStatusBadge({ status, compact = false, title }: { status: HostStatus; compact?: boolean; title?: string }) {
  const { t } = useTranslation();
  const label = t(`state.host.${status}`);
  if (compact) return <span className={`dot state-${status}`} role="img" aria-label={label} title={title ?? label} />;
  return (
    <span className={`badge state-${status}`} title={title}>
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function YesNo({ value }: { value: boolean | undefined }) {
  const { t } = useTranslation();
  if (value === undefined) return <span className="muted">{t('common.notReported')}</span>;
  return <>{value ? t('common.yes') : t('common.no')}</>;
}
