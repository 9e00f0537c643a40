// Labelled inputs with their validation message wired up for screen readers.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface TextFieldProps {
  label: string;
  value: string;
  onChange(v: string): void;
  /** i18n key of the problem, if any. */
  error?: string | undefined;
  /** The problem as text already translated (with its values); wins over `error`. */
  errorText?: ReactNode;
  /** Marks the field without a message (the backend blamed it). */
  flagged?: boolean;
  help?: ReactNode;
  type?: 'text' | 'password' | 'number';
  placeholder?: string;
  mono?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text';
  name: string;
  autoFocus?: boolean;
  className?: string;
  disabled?: boolean;
}

export function TextField({ label, value, onChange, error, errorText, flagged, help, type = 'text', placeholder, mono, autoComplete = 'off', inputMode, name, autoFocus, className, disabled }: TextFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const problem = errorText ?? (error ? t(error) : null);
  const invalid = Boolean(problem) || Boolean(flagged);
  const describedBy = [problem ? `${id}-err` : null, help && !problem ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
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
        disabled={disabled}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem && (
        <span id={`${id}-err`} className="field-error">
          {problem}
        </span>
      )}
      {help && !problem && (
        <span id={`${id}-help`} className="field-help">
          {help}
        </span>
      )}
    </div>
  );
}

export interface SegmentOption<V extends string> {
  value: V;
  label: string;
  disabled?: boolean;
  /** Why it is disabled (hover text and accessible description). */
  title?: string | undefined;
}

export function Segmented<V extends string>({ label, value, options, onChange, name, help }: { label: string; value: V; options: SegmentOption<V>[]; onChange(v: V): void; name: string; help?: ReactNode }) {
  const id = useId();
  return (
    <fieldset className="segmented-field" aria-describedby={help ? `${id}-help` : undefined}>
      <legend>{label}</legend>
      <div className="segmented" role="radiogroup" aria-label={label}>
        {options.map((o) => (
          <label key={o.value} className={`segment${o.value === value ? ' active' : ''}${o.disabled ? ' disabled' : ''}`} title={o.title}>
            <input type="radio" name={name} value={o.value} checked={o.value === value} disabled={o.disabled} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {help && (
        <span id={`${id}-help`} className="field-help segmented-help">
          {help}
        </span>
      )}
    </fieldset>
  );
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export function SelectField({ label, value, options, onChange, name, help, error, disabled, mono }: { label: string; value: string; options: SelectOption[]; onChange(v: string): void; name: string; help?: ReactNode; error?: string | undefined; disabled?: boolean; mono?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const describedBy = [error ? `${id}-err` : null, help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} value={value} disabled={disabled} className={mono ? 'mono' : undefined} aria-invalid={Boolean(error) || undefined} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
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

export function Checkbox({ label, checked, onChange, help, name, disabled }: { label: string; checked: boolean; onChange(v: boolean): void; help?: ReactNode; name: string; disabled?: boolean }) {
  const id = useId();
  return (
    <div className="form-field checkbox-field">
      <label className="check" htmlFor={id}>
        <input id={id} name={name} type="checkbox" checked={checked} disabled={disabled} aria-describedby={help ? `${id}-help` : undefined} onChange={(e) => onChange(e.target.checked)} />
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
