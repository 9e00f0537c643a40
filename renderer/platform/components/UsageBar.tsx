// A fill bar with its percentage (a pool, a thin pool's data or metadata, a
// zpool), coloured by the one fill rule (shared/core/fill-levels.ts: 80 %
// warning, 95 % critical), so a bar turns amber exactly when an alert would.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fillLevel } from '../../../shared/core/fill-levels.ts';
import { formatBytes } from '../../../shared/core/units.ts';

type T = (key: string, values?: Record<string, unknown>) => string;

const CLASS = { warning: 'mid', critical: 'high', emergency: 'high' } as const;

/** A bar for `percent` (0-100); `title` is its hover text. */
export function percentBar(percent: number, t: T, title?: string): ReactNode {
  const pct = Math.max(0, Math.min(100, Math.round(percent)));
  const level = fillLevel(percent);
  return (
    <span className="usage" title={title} data-level={level ?? 'ok'}>
      <span className="usage-track" aria-hidden="true">
        <span className={`usage-fill ${level ? CLASS[level] : 'low'}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="usage-pct">{t('units.percent', { value: pct })}</span>
    </span>
  );
}

export function usageBar(used: number, total: number, t: T): ReactNode {
  return percentBar(total > 0 ? (used / total) * 100 : 0, t, t('units.usedOf', { used: formatBytes(used), total: formatBytes(total) }));
}

/** The same bars as components, for places outside the tables. */
export function UsageBar({ used, total }: { used: number; total: number }) {
  const { t } = useTranslation();
  return usageBar(used, total, t);
}

export function PercentBar({ percent, title }: { percent: number; title?: string }) {
  const { t } = useTranslation();
  return percentBar(percent, t, title);
}
