// Labelled inputs with their validation message wired up for screen readers,
// and formBinding, which ties them to the answers of a form.
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type KeysOf<F, V> = { [K in keyof F]-?: F[K] extends V ? K : never }[keyof F] & string;

/**
 * The props that tie a field to one answer of a form: its name, its value and
 * a change of that answer alone. `field('mountpoint')` for a text, select or
 * segmented field, `check('ro')` for a checkbox; props written after the
 * spread win (a name of its own, an onChange that changes more).
 */
export function formBinding<F extends object>(form: F, change: (patch: Partial<F>) => void) {
  const patch = <K extends keyof F>(name: K, v: F[K]) => change({ [name]: v } as unknown as Partial<F>);
  return {
    field: <K extends keyof F & string>(name: K) => ({ name, value: form[name], onChange: (v: F[K]) => patch(name, v) }),
    check: <K extends KeysOf<F, boolean>>(name: K) => ({ name, checked: form[name] as boolean, onChange: (v: boolean) => patch(name, v as F[K]) }),
  };
}

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
      <FieldNotes id={id} problem={problem} help={help} />
    </div>
  );
}

/** Under a field: what is wrong with it (`<id>-err`), else its help (`<id>-help`). */
function FieldNotes({ id, problem, help }: { id: string; problem: ReactNode; help: ReactNode }) {
  if (problem)
    return (
      <span id={`${id}-err`} className="field-error">
        {problem}
      </span>
    );
  if (!help) return null;
  return (
    <span id={`${id}-help`} className="field-help">
      {help}
    </span>
  );
}

export interface SegmentOption<V extends string> {
  value: V;
  label: string;
  disabled?: boolean;
  /** Why it is disabled (hover text and accessible description). */
  title?: string | undefined;
}

/** Options from value -> label, in the order written; typed so that every value of V has its label. */
export function optionsOf<V extends string>(labels: Record<V, string>): SegmentOption<V>[] {
  return (Object.keys(labels) as V[]).map((value) => ({ value, label: labels[value] }));
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

/** A bare <select> (a toolbar, a one-line editor): its options are values, shown as they are or through `label`. */
export function PlainSelect<V extends string | number>({ value, values, label, onChange, ariaLabel }: { value: V; values: readonly V[]; label?: (v: V) => string; onChange(v: string): void; ariaLabel?: string | undefined }) {
  return (
    <select value={value} aria-label={ariaLabel} onChange={(e) => onChange(e.target.value)}>
      {values.map((v) => (
        <option key={v} value={v}>
          {label ? label(v) : v}
        </option>
      ))}
    </select>
  );
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
      <FieldNotes id={id} problem={error ? t(error) : null} help={help} />
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

export interface ChoiceProps {
  /** The radio group's name, and this answer's value. */
  name: string;
  value: string | number;
  checked: boolean;
  disabled?: boolean | undefined;
  onSelect(): void;
  title: ReactNode;
  mono?: boolean;
  help: ReactNode;
  /** Under the help: why it cannot be chosen, or what choosing it means. */
  children?: ReactNode;
  [data: `data-${string}`]: string | number | undefined;
}

/** One answer in a list of radio choices (a bus, a guest device, a partition), with a line of help under its title. */
export function Choice({ name, value, checked, disabled, onSelect, title, mono = false, help, children, ...data }: ChoiceProps) {
  return (
    <label className={`choice${checked ? ' active' : ''}${disabled ? ' disabled' : ''}`} {...data}>
      <input type="radio" name={name} value={value} checked={checked} disabled={disabled} onChange={onSelect} />
      <span className="choice-text">
        <span className={mono ? 'choice-title mono' : 'choice-title'}>{title}</span>
        <span className="choice-help">{help}</span>
        {children}
      </span>
    </label>
  );
}
