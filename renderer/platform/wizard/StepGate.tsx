// A wizard step that needs something read first (the choices a VM offers,
// the guest's devices): its content once the read is there, else the failure
// with Retry, else a spinner in the middle of the page.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { Spinner } from '../components/EmptyState.tsx';
import { ErrorCallout, RetryRow } from '../components/ErrorCallout.tsx';

export interface StepGateProps<T> {
  value: T | null | undefined;
  error: ErrorInfo | null | undefined;
  retry(): void;
  /** The headline of the failure, and the spinner's label. */
  failedKey: string;
  loadingKey: string;
  children: (value: T) => ReactNode;
}

export function StepGate<T>({ value, error, retry, failedKey, loadingKey, children }: StepGateProps<T>) {
  const { t } = useTranslation();
  if (value !== null && value !== undefined) return <>{children(value)}</>;
  if (error)
    return (
      <div className="form">
        <ErrorCallout error={error} titleKey={failedKey} />
        <RetryRow onRetry={retry} />
      </div>
    );
  return (
    <div className="wizard-page centered">
      <Spinner label={t(loadingKey)} />
    </div>
  );
}
