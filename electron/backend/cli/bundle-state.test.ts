// bin.js runs the bundle only when it is at least as new as every file it was
// built from; otherwise it builds it first (or says how, without esbuild).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
// @ts-expect-error: a plain ES module beside bin.js, no types
import { bundleState } from './bundle-state.mjs';

test('the bundle is fresh, missing, or stale when a source is newer, gone, or the list of sources is', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'spindle-bundle-'));
  try {
    const at = (f: string, s: number): void => utimesSync(path.join(root, f), s, s);
    assert.equal(bundleState(root), 'missing');
    mkdirSync(path.join(root, 'dist/cli'), { recursive: true });
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src/a.ts'), 'a');
    writeFileSync(path.join(root, 'dist/cli/spindle.mjs'), 'bundle');
    assert.equal(bundleState(root), 'stale', 'no list of sources');
    writeFileSync(path.join(root, 'dist/cli/spindle.inputs.json'), JSON.stringify({ inputs: ['src/a.ts'] }));
    at('src/a.ts', 1000);
    at('dist/cli/spindle.mjs', 2000);
    assert.equal(bundleState(root), 'fresh');
    at('src/a.ts', 3000);
    assert.equal(bundleState(root), 'stale', 'a source edited after the build');
    at('src/a.ts', 1000);
    rmSync(path.join(root, 'src/a.ts'));
    assert.equal(bundleState(root), 'stale', 'a source removed');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
