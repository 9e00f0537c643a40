// Label/value lists for the details panel. Absent optional fields are shown
// as "not reported" so every field of the model has a place.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../../shared/core/units.ts';

export function Section({ titleKey, children }: { titleKey: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="details-section">
      <h3>{t(titleKey)}</h3>
      <dl className="fields">{children}</dl>
    </section>
  );
}

export function Field({ labelKey, children, mono = false }: { labelKey: string; children: ReactNode; mono?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <dt>{t(labelKey)}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </div>
  );
}

export function Val({ v }: { v: string | number | undefined | null }) {
  const { t } = useTranslation();
  if (v === undefined || v === null || v === '') return <span className="muted">{t('common.notReported')}</span>;
  return <>{v}</>;
}

export function Bool({ v }: { v: boolean | undefined }) {
  const { t } = useTranslation();
  if (v === undefined) return <span className="muted">{t('common.notReported')}</span>;
  return <>{v ? t('common.yes') : t('common.no')}</>;
}

const exact = new Intl.NumberFormat();

export function Size({ v }: { v: number | undefined }) {
  const { t } = useTranslation();
  if (v === undefined) return <span className="muted">{t('common.notReported')}</span>;
  return (
    <>
      {formatBytes(v)} <span className="muted small">{t('units.bytesExact', { value: exact.format(v) })}</span>
    </>
  );
}
