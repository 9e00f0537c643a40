// Label/value lists: the details panel's sections and the summaries at the
// top of a wizard's step. Absent optional values are shown as "not
// reported" so every field of the model has a place.
import type { HTMLAttributes, ReactNode } from 'react';
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

/** Attributes for the value's element (the data-* a test or a style looks for). */
type ValueProps = HTMLAttributes<HTMLElement> & Record<`data-${string}`, string>;

/** What a field shows: its children, or a value, a yes/no or a size shown the one way each is shown. */
export type FieldValue = { children: ReactNode } | { v: string | number | undefined | null } | { bool: boolean | undefined } | { size: number | undefined };

export function Field(props: { labelKey: string; mono?: boolean; valueProps?: ValueProps } & FieldValue) {
  const { t } = useTranslation();
  const { labelKey, mono = false, valueProps } = props;
  const value = 'children' in props ? props.children : 'bool' in props ? <Bool v={props.bool} /> : 'size' in props ? <Size v={props.size} /> : <Val v={props.v} />;
  return (
    <div className="field">
      <dt>{t(labelKey)}</dt>
      <dd className={mono ? 'mono' : undefined} {...valueProps}>
        {value}
      </dd>
    </div>
  );
}

/** A wizard's summary of what the step is about (the disk, the device...). */
export function SummaryList({ children, ...rest }: { children: ReactNode } & Record<`data-${string}`, string>) {
  return (
    <dl className="summary-list" {...rest}>
      {children}
    </dl>
  );
}

function NotReported() {
  const { t } = useTranslation();
  return <span className="muted">{t('common.notReported')}</span>;
}

export function Val({ v }: { v: string | number | undefined | null }) {
  if (v === undefined || v === null || v === '') return <NotReported />;
  return <>{v}</>;
}

export function Bool({ v }: { v: boolean | undefined }) {
  const { t } = useTranslation();
  if (v === undefined) return <NotReported />;
  return <>{v ? t('common.yes') : t('common.no')}</>;
}

const exact = new Intl.NumberFormat();

export function Size({ v }: { v: number | undefined }) {
  const { t } = useTranslation();
  if (v === undefined) return <NotReported />;
  return (
    <>
      {formatBytes(v)} <span className="muted small">{t('units.bytesExact', { value: exact.format(v) })}</span>
    </>
  );
}
