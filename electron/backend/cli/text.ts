// The CLI's words in the user's language (LC_ALL, LC_MESSAGES, LANG): its own
// sentences from shared/i18n/<lang>/cli.json, backend messages rendered from
// their catalog key, and errors with their hints. English text that is not a
// message yet prints as it is.
import { SpindleError, type ErrorInfo } from '../../../shared/core/errors.ts';
import { hasMessage, isMsg, msg, renderMsg, type MessageKey, type MsgParam, type Text } from '../../../shared/core/messages.ts';
import type { CatalogLanguage } from '../../../shared/i18n/catalog.ts';

export type CliKey = Extract<MessageKey, `cli.${string}`>;
export type CliParams = Record<string, MsgParam>;

export function cliText(lang: CatalogLanguage, key: CliKey, params?: CliParams): string {
  return renderMsg(msg(key, params), lang);
}

export function sayText(lang: CatalogLanguage, t: Text): string {
  return isMsg(t) ? renderMsg(t, lang) : t;
}

const INVALID = 'INVALID_ARGUMENT';

/** A usage error: exit status 2, and its hint (key + "Hint") points at the command's help. */
export function usageError(key: CliKey, params: CliParams = {}): SpindleError {
  return SpindleError.of(INVALID, key, params, undefined, { usage: 'true' });
}

/** An error's (or ErrorInfo's) message in the user's language: from its msg when it has one, else its English. */
export function errorMessage(err: Pick<ErrorInfo, 'message' | 'msg'>, lang: CatalogLanguage): string {
  return err.msg && lang !== 'en' ? renderMsg(err.msg, lang) : err.message;
}

/** Its hint likewise: the message's key + "Hint" from the catalog. */
export function errorHint(err: Pick<ErrorInfo, 'hint' | 'msg'>, lang: CatalogLanguage): string | undefined {
  const m = err.msg;
  const hintKey = m ? `${m.key}Hint` : '';
  if (m && lang !== 'en' && hasMessage(hintKey, lang)) return renderMsg({ key: hintKey as MessageKey, ...(m.params ? { params: m.params } : {}) }, lang);
  return err.hint;
}

/** The lines an error prints on stderr: its message and hint in the user's language. */
export function errorLines(err: SpindleError, lang: CatalogLanguage): string {
  const message = errorMessage(err, lang);
  const hint = errorHint(err, lang);
  let out = cliText(lang, 'cli.prefix.error', { text: message }) + '\n';
  if (hint) out += cliText(lang, 'cli.prefix.hint', { text: hint }) + '\n';
  return out;
}
