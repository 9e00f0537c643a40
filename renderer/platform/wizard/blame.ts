// Which wizard step a refusal from ops.plan belongs to, so its message and
// hint appear next to the answers that caused it. The backend names the
// request field it refuses in `details.field`; each wizard maps the fields of
// its request to its steps (next to the wizard, in its feature folder). A
// refusal with no field is placed by its code only where the code alone says
// which answer it is about (UNKNOWN_POOL: the step that asks the pool); never
// by its text. Anything else stays on the step where Review was asked.
import type { ErrorCode, ErrorInfo } from '../../../shared/core/errors.ts';

/** details.field values the backend sends -> the id of the step that asks for them. */
export type FieldSteps<S extends string = string> = Readonly<Record<string, S>>;
/** Error codes that name an answer by themselves -> the step that asks it. */
export type CodeSteps<S extends string = string> = Readonly<Partial<Record<ErrorCode, S>>>;

export interface Blame {
  (e: ErrorInfo): string | null;
  /** The field map (for tests and for finding the step of a field). */
  readonly fields: FieldSteps;
  readonly codes: CodeSteps;
}

/**
 * A wizard's blame: the step that owns the refusal's `field`, else the step
 * its code names, else null (the Wizard keeps the current step). Type the
 * field map as Record<TheOperation'sField, Step> (shared/contract/features/<name>.ts
 * lists them) and the type checker says when a field has no step.
 */
export function blameBy<S extends string>(fields: Readonly<Record<string, S>>, codes: CodeSteps<S> = {}): Blame {
  const blame = (e: ErrorInfo): string | null => {
    const field = e.details?.field;
    if (field !== undefined && Object.prototype.hasOwnProperty.call(fields, field)) return fields[field] ?? null;
    return codes[e.code] ?? null;
  };
  return Object.assign(blame, { fields, codes });
}
