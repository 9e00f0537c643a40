// Typed errors shared by the backend, the CLI and the renderer. Every failure a
// user can meet has a code (for logic), a message (what happened) and a hint
// (what to do about it).
import { z } from 'zod';
import { english, hasMessage, MsgSchema, renderMsg, type MessageKey, type Msg, type MsgParam } from './messages.ts';

export const ERROR_CODES = [
  'UNREACHABLE',
  'AUTH_FAILED',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_CHANGED',
  'COMMAND_NOT_FOUND',
  'LIBVIRTD_NOT_RUNNING',
  'PERMISSION_DENIED',
  'SUDO_PASSWORD_REQUIRED',
  'TIMEOUT',
  'DISCONNECTED',
  'UNKNOWN_DOMAIN',
  'UNKNOWN_POOL',
  'UNKNOWN_VOLUME',
  'UNKNOWN_HOST',
  'INVALID_NAME',
  'INVALID_ARGUMENT',
  'CONFIG_CORRUPT',
  'COMMAND_FAILED',
  'CANCELLED',
  'GUEST_BUSY',
  'AGENT_UNAVAILABLE',
  'CONFIG_UNWRITABLE',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorInfoSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  hint: z.string().optional(),
  details: z.record(z.string(), z.string()).optional(),
  /** The message as data (catalog key and parameters): what the UI translates. The hint is the key + "Hint". */
  msg: MsgSchema.optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;

export class SpindleError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, string> | undefined;
  readonly msg: Msg | undefined;

  /**
   * A refusal or failure as data: message (and hint, under key + "Hint", when
   * the catalog has one) rendered in English from the catalog; `field` names
   * the request field at fault, so a wizard returns to the step that asks it.
   */
  static of(code: ErrorCode, key: MessageKey, params?: Record<string, MsgParam>, field?: string, details?: Record<string, string>): SpindleError {
    const m: Msg = params ? { key, params } : { key };
    const hintKey = `${key}Hint`;
    const hint = hasMessage(hintKey) ? renderMsg({ key: hintKey as MessageKey, ...(params ? { params } : {}) }) : undefined;
    const d = field !== undefined ? { ...details, field } : details;
    const e = new SpindleError(code, english(m), hint, d);
    (e as { msg: Msg | undefined }).msg = m;
    return e;
  }

  constructor(code: ErrorCode, message: string, hint?: string, details?: Record<string, string>) {
    super(message);
    this.name = 'SpindleError';
    this.code = code;
    this.hint = hint;
    this.details = details;
    this.msg = undefined;
  }

  toJSON(): ErrorInfo {
    const info: ErrorInfo = { code: this.code, message: this.message };
    if (this.hint !== undefined) info.hint = this.hint;
    if (this.details !== undefined) info.details = this.details;
    if (this.msg !== undefined) info.msg = this.msg;
    return info;
  }
}

export function isSpindleError(e: unknown): e is SpindleError {
  return e instanceof SpindleError;
}

/** Wraps anything thrown into a SpindleError so callers only ever see typed errors. */
export function toSpindleError(e: unknown): SpindleError {
  if (e instanceof SpindleError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new SpindleError('COMMAND_FAILED', message);
}
