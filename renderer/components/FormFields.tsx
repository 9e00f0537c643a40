// Labelled inputs with their validation message wired up for screen readers.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange(v: string): void;
  /** i18n key of the problem, if any. */
  error?: string | undefined;
  /** Marks the field without a message (the backend blamed it). */
  flagged?: boolean;
  help?: string;
  type?: 'text' | 'password' | 'number';
  placeholder?: string;
  mono?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text';
  name: string;
  autoFocus?: boolean;
  className?: string;
}

export function TextField({ label, value, onChange, error, flagged, help, type = 'text', placeholder, mono, autoComplete = 'off', inputMode, name, autoFocus, className }: TextFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const invalid = Boolean(error) || Boolean(flagged);
  const describedBy = [error ? `${id}-err` : null, help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${invalid ? ' invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        placeholder={placeholder}
        className={mono ? 'mono' : undefined}
        autoComplete={autoComplete}
        spellCheck={false}
        inputMode={inputMode}
        autoFocus={autoFocus}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
        <span id={`${id}-err`} className="field-error">
          {t(error)}
        </span>
      )}
      {help && !error && (
        <span id={`${id}-help`} className="field-help">
          {help}
        </span>
      )}
    </div>
  );
}

export function Segmented<V extends string>({ label, value, options, onChange, name }: { label: string; value: V; options: { value: V; label: string }[]; onChange(v: V): void; name: string }) {
  return (
    <fieldset className="segmented-field">
      <legend>{label}</legend>
      <div className="segmented" role="radiogroup" aria-label={label}>
        {options.map((o) => (
          <label key={o.value} className={o.value === value ? 'segment active' : 'segment'}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function Checkbox({ label, checked, onChange, help, name }: { label: string; checked: boolean; onChange(v: boolean): void; help?: ReactNode; name: string }) {
  const id = useId();
  return (
    <div className="form-field checkbox-field">
      <label className="check" htmlFor={id}>
        <input id={id} name={name} type="checkbox" checked={checked} aria-describedby={help ? `${id}-help` : undefined} onChange={(e) => onChange(e.target.checked)} />
        {label}
      </label>
      {help && (
        <span id={`${id}-help`} className="field-help">
          {help}
        </span>
      )}
    </div>
  );
}
