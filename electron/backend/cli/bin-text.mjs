// What bin.js says before the bundle runs (building it, or why it cannot), in
// the user's language from the same catalog (shared/i18n/<lang>/cli.json,
// "bin"), read only when there is something to say. The language rule is
// shared/core/messages.ts's languageFromEnv (bin-text.test.ts checks they agree).
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** 'zh-CN' for a zh_* LC_ALL, LC_MESSAGES or LANG (the first one set), else 'en'. */
export function binLanguage(env) {
  return /^zh/i.test(env.LC_ALL || env.LC_MESSAGES || env.LANG || '') ? 'zh-CN' : 'en';
}

/** The text of cli.bin.<key> with its {{params}}. */
export function binText(root, env, key, params = {}) {
  const catalog = JSON.parse(readFileSync(path.join(root, 'shared/i18n', binLanguage(env), 'cli.json'), 'utf8'));
  return String(catalog.bin[key]).replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => String(params[name] ?? ''));
}
