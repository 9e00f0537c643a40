// Coloured state markers. Colour is never the only signal: each badge has a
// text label (visible or as the accessible name).
import { useTranslation } from 'react-i18next';
import type { HostStatus, DomainState } from '../../../shared/contract/models.ts';

/** A dot (compact) or a dot with its label; the label is always the accessible name. */
export function StateMark({ state, label, compact, title }: { state: string; label: string; compact: boolean; title?: string | undefined }) {
  if (compact) return <span className={`dot state-${state}`} role="img" aria-label={label} title={title ?? label} />;
  return (
    <span className={`badge state-${state}`} title={title}>
      <span className="dot" aria-hidden="true" />
      {label}
    </span>
  );
}

export function DomainStateBadge({ state, compact = false }: { state: DomainState; compact?: boolean }) {
  const { t } = useTranslation();
  return <StateMark state={state} label={t(`state.domain.${state}`)} compact={compact} />;
}

export function PoolStateBadge({ active, compact = false }: { active: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const state = active ? 'active' : 'inactive';
  return <StateMark state={state} label={t(`state.pool.${state}`)} compact={compact} />;
}

export function HostStatusBadge({ status, compact = false, title }: { status: HostStatus; compact?: boolean; title?: string }) {
  const { t } = useTranslation();
  return <StateMark state={status} label={t(`state.host.${status}`)} compact={compact} title={title} />;
}

export function YesNo({ value }: { value: boolean | undefined }) {
  const { t } = useTranslation();
  if (value === undefined) return <span className="muted">{t('common.notReported')}</span>;
  return <>{value ? t('common.yes') : t('common.no')}</>;
}
