// The layering rule is enforced by ESLint; prove the rule really fires.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = new URL('../..', import.meta.url).pathname;

async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [r] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (r?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

test('renderer and shared may not import electron/', async () => {
  const m1 = await lintAs('renderer/x.ts', "import { LocalRunner } from '../electron/backend/transport/local-runner.ts';\nexport const r = LocalRunner;\n");
  assert.ok(m1.some((m) => m.startsWith('no-restricted-imports')), m1.join('\n'));
  const m2 = await lintAs('shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n");
  assert.ok(m2.some((m) => m.startsWith('no-restricted-imports')), m2.join('\n'));
});

test('the backend may not import Electron', async () => {
  const m = await lintAs('electron/backend/x.ts', "import { BrowserWindow } from 'electron';\nexport const w = BrowserWindow;\n");
  assert.ok(m.some((x) => x.startsWith('no-restricted-imports')), m.join('\n'));
  const ok = await lintAs('electron/backend/y.ts', "import { SpindleError } from './errors.ts';\nexport const e = SpindleError;\n");
  assert.deepEqual(ok, []);
});
