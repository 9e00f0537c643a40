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

test('features are reached only through their face; lower layers never import upper ones', async () => {
  const inside = await lintAs('renderer/shell/x.ts', "import { AttachDiskWizard } from '../features/disks/AttachDiskWizard.tsx';\nexport const w = AttachDiskWizard;\n");
  assert.ok(inside.some((m) => m.startsWith('spindle/layering') && m.includes('index.ts')), inside.join('\n'));
  const face = await lintAs('renderer/shell/y.ts', "import { disksUi } from '../features/disks/ui.tsx';\nexport const f = disksUi;\n");
  assert.ok(face.some((m) => m.startsWith('spindle/layering')), 'ui.tsx is an inside too: only the registry imports it');
  const viaFace = await lintAs('renderer/features/mounts/z.ts', "import { volumeUsage } from '../volumes/index.ts';\nexport const v = volumeUsage;\n");
  assert.deepEqual(viaFace.filter((m) => m.startsWith('spindle/layering')), []);
  const across = await lintAs('electron/backend/features/disks/z.ts', "import { planCreateVolume } from '../volumes/volume-create.ts';\nexport const p = planCreateVolume;\n");
  assert.ok(across.some((m) => m.startsWith('spindle/layering')), across.join('\n'));
  const up = await lintAs('electron/backend/plan/z.ts', "import { guestFsInfo } from '../features/mounts/index.ts';\nexport const g = guestFsInfo;\n");
  assert.ok(up.some((m) => m.startsWith('spindle/layering') && m.includes('plan/')), up.join('\n'));
  const platformUp = await lintAs('renderer/platform/z.ts', "import { DialogHost } from '../shell/DialogHost.tsx';\nexport const d = DialogHost;\n");
  assert.ok(platformUp.some((m) => m.startsWith('spindle/layering')), platformUp.join('\n'));
  const registry = await lintAs('renderer/features/index.ts', "import { disksUi } from './disks/ui.tsx';\nexport const f = disksUi;\n");
  assert.deepEqual(registry.filter((m) => m.startsWith('spindle/layering')), [], 'the registry assembles the features');
});
