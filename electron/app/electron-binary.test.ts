// Finding the Electron binary without the electron package's require (which
// fetches, or throws a stack trace), and the one line shown of a failure.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { findElectron, reasonLine } from './electron-binary.ts';

test('the binary is found as the electron package finds it, or said missing / not installed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spindle-electron-'));
  try {
    const pkg = path.join(dir, 'electron');
    assert.deepEqual(findElectron(pkg, {}), { kind: 'not-installed' });
    mkdirSync(pkg);
    writeFileSync(path.join(pkg, 'package.json'), '{}');
    assert.deepEqual(findElectron(pkg, {}), { kind: 'missing' }, 'no path.txt: never fetched');
    writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    assert.deepEqual(findElectron(pkg, {}), { kind: 'missing' }, 'path.txt but no dist/');
    mkdirSync(path.join(pkg, 'dist'));
    writeFileSync(path.join(pkg, 'dist', 'electron'), '');
    assert.deepEqual(findElectron(pkg, {}), { kind: 'found', path: path.join(pkg, 'dist', 'electron') });
    // ELECTRON_OVERRIDE_DIST_PATH wins, as in the package.
    const other = path.join(dir, 'other');
    assert.deepEqual(findElectron(pkg, { ELECTRON_OVERRIDE_DIST_PATH: other }), { kind: 'missing' });
    mkdirSync(other);
    writeFileSync(path.join(other, 'electron'), '');
    assert.deepEqual(findElectron(path.join(dir, 'none'), { ELECTRON_OVERRIDE_DIST_PATH: other }), { kind: 'found', path: path.join(other, 'electron') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the reason shown is one line: no stack frames, no Chromium log prefix, no error class', () => {
  assert.equal(reasonLine('TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download (file:///x.js:46:30)\n'), 'fetch failed');
  assert.equal(reasonLine('\n[4242:1201/071811.123456:ERROR:ozone_platform_x11.cc(240)] Missing X server or $DISPLAY\n[4242:1201:ERROR:env.cc(257)] The platform failed to initialize.  Exiting.\n'), 'Missing X server or $DISPLAY');
  assert.equal(reasonLine('/x/electron: error while loading shared libraries: libnss3.so: cannot open shared object file'), '/x/electron: error while loading shared libraries: libnss3.so: cannot open shared object file');
  assert.equal(reasonLine('   \n\n'), null);
  assert.equal(reasonLine('x'.repeat(500))?.length, 200);
});
