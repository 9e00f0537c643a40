// A message is data: a catalog key and its parameters. The backend sends it
// beside an English rendering (for the CLI, logs and scripts); the renderer
// translates the key from the same catalogs (shared/i18n), so a refusal reads
// in the user's language without any text matching.
import { z } from 'zod';
import { CATALOGS, type CatalogLanguage, type MessageKey } from '../i18n/catalog.ts';

export type { MessageKey } from '../i18n/catalog.ts';

export type MsgParam = string | number | Msg;
export interface Msg {
  key: MessageKey;
  params?: Record<string, MsgParam>;
}

export const MsgSchema: z.ZodType<Msg> = z.lazy(() =>
  z.object({
    key: z.string() as unknown as z.ZodType<MessageKey>,
    params: z.record(z.string(), z.union([z.string(), z.number(), MsgSchema])).optional(),
  }),
);

/** Text a backend module produces: already English (being converted) or a message. */
export type Text = string | Msg;

export function msg(key: MessageKey, params?: Record<string, MsgParam>): Msg {
  return params ? { key, params } : { key };
}

export function isMsg(t: unknown): t is Msg {
  return typeof t === 'object' && t !== null && typeof (t as Msg).key === 'string';
}

type Tree = { [k: string]: string | Tree };

function lookup(lang: CatalogLanguage, key: string): string | undefined {
  let node: string | Tree | undefined = CATALOGS[lang] as Tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const plural = new Map<CatalogLanguage, Intl.PluralRules>();

/** The catalog text of a key in a language, with i18next's conventions: {{name}} and key_one/key_other when params.count is given. */
function template(lang: CatalogLanguage, key: string, count: unknown): string | undefined {
  if (typeof count === 'number') {
    let rules = plural.get(lang);
    if (!rules) plural.set(lang, (rules = new Intl.PluralRules(lang)));
    const t = lookup(lang, `${key}_${rules.select(count)}`) ?? lookup(lang, `${key}_other`);
    if (t !== undefined) return t;
  }
  return lookup(lang, key) ?? (lang === 'en' ? undefined : template('en', key, count));
}

export function hasMessage(key: string, lang: CatalogLanguage = 'en'): boolean {
  return template(lang, key, undefined) !== undefined || lookup(lang, `${key}_other`) !== undefined;
}

/** Renders a message (parameters that are messages themselves too); an unknown key renders as itself. */
export function renderMsg(m: Msg, lang: CatalogLanguage = 'en'): string {
  const params = m.params ?? {};
  const text = template(lang, m.key, params['count']) ?? m.key;
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) return `{{${name}}}`;
    return isMsg(v) ? renderMsg(v, lang) : String(v);
  });
}

/** English text of either kind of Text. */
export function english(t: Text): string {
  return typeof t === 'string' ? t : renderMsg(t, 'en');
}

/** The message of a Text, if it is one (for the API's *Msg fields). */
export function msgOf(t: Text | undefined): Msg | undefined {
  return t !== undefined && typeof t !== 'string' ? t : undefined;
}

/** The CLI's language from the environment (LC_ALL, LC_MESSAGES, LANG, as gettext reads them). */
export function languageFromEnv(env: Record<string, string | undefined>): CatalogLanguage {
  const v = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^zh/i.test(v) ? 'zh-CN' : 'en';
}

/** Texts as one, "a; b; c" in the reader's language ("none" when empty). */
export function joinTexts(items: readonly Text[]): Text {
  const [first, ...rest] = items;
  if (first === undefined) return msg('core.none');
  if (rest.length === 0) return first;
  return msg('core.list', { first, rest: joinTexts(rest) });
}
