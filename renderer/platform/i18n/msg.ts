// Text from the backend in the user's language: a message (catalog key and
// parameters, shared/i18n) is translated; text the backend sent only in
// English is shown as it is.
import i18n from 'i18next';
import type { Msg, MsgParam } from '../../../shared/core/messages.ts';

function params(m: Msg): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params ?? {})) out[k] = typeof v === 'object' ? tmsg(v) : v;
  return out;
}

/** The message in the current language (i18next's "msg" namespace). */
export function tmsg(m: Msg): string {
  return i18n.t(m.key, { ns: 'msg', ...params(m), defaultValue: m.key });
}

/** The hint of a message (key + "Hint"), or undefined when the catalog has none. */
export function tmsgHint(m: Msg): string | undefined {
  const key = `${m.key}Hint`;
  return i18n.exists(key, { ns: 'msg' }) ? i18n.t(key, { ns: 'msg', ...params(m) }) : undefined;
}

/** Either the message, translated, or the English text the backend sent with it. */
export function text(english: string, m: Msg | null | undefined): string {
  return m ? tmsg(m) : english;
}

export type { Msg, MsgParam };

interface ErrorLike {
  message: string;
  hint?: string | undefined;
  msg?: Msg | undefined;
}

/** A backend error's message in the current language. */
export function errorText(e: ErrorLike): string {
  return text(e.message, e.msg);
}

/** A backend error's hint in the current language (the catalog's, when it sent a message). */
export function errorHint(e: ErrorLike): string | undefined {
  return e.msg ? tmsgHint(e.msg) : e.hint;
}
