// Cell renderers shared by the tables. Small and pure: they run for every
// visible row on every scroll frame.
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../../shared/core/units.ts';

const exact = new Intl.NumberFormat();

export function BytesCell({ value }: { value: number | undefined }) {
  const { t } = useTranslation();
  if (value === undefined) return <span className="muted">{t('common.dash')}</span>;
  return <span title={t('units.bytesExact', { value: exact.format(value) })}>{formatBytes(value)}</span>;
}

export function TextCell({ value, mono = false }: { value: string | number | undefined; mono?: boolean }) {
  const { t } = useTranslation();
  if (value === undefined || value === '') return <span className="muted">{t('common.dash')}</span>;
  return (
    <span className={mono ? 'mono truncate' : 'truncate'} title={String(value)}>
      {value}
    </span>
  );
}

export function UsageBar({ used, total }: { used: number; total: number }) {
  const { t } = useTranslation();
  const pct = total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
  const level = pct >= 90 ? 'high' : pct >= 75 ? 'mid' : 'low';
  return (
    <span className="usage" title={t('units.usedOf', { used: formatBytes(used), total: formatBytes(total) })}>
      <span className="usage-track" aria-hidden="true">
        <span className={`usage-fill ${level}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="usage-pct">{t('units.percent', { value: pct })}</span>
    </span>
  );
}
