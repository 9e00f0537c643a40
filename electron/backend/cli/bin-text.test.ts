// bin.js's own lines (building the bundle, or why it cannot) follow LANG as
// the CLI does, from the same catalog.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { languageFromEnv } from '../../../shared/core/messages.ts';
// @ts-expect-error: a plain ES module beside bin.js, no types
import { binLanguage, binText } from './bin-text.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

test("bin.js picks the CLI's language by the same rule and says its lines from the catalog", () => {
  const envs = [{}, { LANG: 'zh_CN.UTF-8' }, { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' }, { LC_MESSAGES: 'zh_TW' }, { LANG: 'de_DE.UTF-8' }, { LC_ALL: '', LANG: 'zh' }];
  for (const env of envs) assert.equal(binLanguage(env), languageFromEnv(env), JSON.stringify(env));
  assert.equal(binText(ROOT, {}, 'missing', { bundle: '/x/spindle.mjs' }), 'spindle: the CLI is not built (/x/spindle.mjs is missing).\nBuild it with "npm run build:cli" (it needs the dev dependencies: npm ci).');
  assert.equal(binText(ROOT, { LANG: 'zh_CN.UTF-8' }, 'buildFailed', { error: 'boom' }), 'spindle：无法用此检出的源文件构建 CLI：\nboom');
  for (const key of ['building', 'rebuilding']) assert.match(binText(ROOT, { LANG: 'zh_CN.UTF-8' }, key), /^spindle：.*构建 CLI/);
});
