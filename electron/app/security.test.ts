// The desktop window's security settings and the IPC surface.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { API_METHODS } from '../../shared/contract/api.ts';
import { PRELOAD_FUNCTIONS } from '../../shared/contract/api-names.ts';
import { DESKTOP_CSP, isTrustedSender, WEB_PREFERENCES } from './security.ts';

test('context isolation and sandbox on, no Node in the renderer', () => {
  assert.equal(WEB_PREFERENCES.contextIsolation, true);
  assert.equal(WEB_PREFERENCES.sandbox, true);
  assert.equal(WEB_PREFERENCES.nodeIntegration, false);
  assert.equal(WEB_PREFERENCES.nodeIntegrationInWorker, false);
  assert.equal(WEB_PREFERENCES.webviewTag, false);
  assert.equal(WEB_PREFERENCES.webSecurity, true);
});

test('a strict CSP: own scripts only, no network, no plugins', () => {
  assert.match(DESKTOP_CSP, /default-src 'self'/);
  assert.match(DESKTOP_CSP, /script-src 'self'(;|$)/);
  assert.doesNotMatch(DESKTOP_CSP, /unsafe-eval/);
  assert.match(DESKTOP_CSP, /connect-src 'none'/);
  assert.match(DESKTOP_CSP, /object-src 'none'/);
});

test('the preload exposes exactly one named function per API method, and no generic invoke', () => {
  assert.deepEqual(Object.keys(PRELOAD_FUNCTIONS).sort(), [...API_METHODS].sort());
  const src = readFileSync(new URL('./preload.ts', import.meta.url), 'utf8');
  assert.doesNotMatch(src, /exposeInMainWorld\([^)]*ipcRenderer\b/);
  assert.doesNotMatch(src, /invoke\((channel|name|ch)\b/);
});

test('only the app page in the main frame of the app window may call the API', () => {
  const expected = { url: 'file:///opt/spindle/dist/renderer/index.html', webContentsId: 1 };
  const ok = { frameUrl: 'file:///opt/spindle/dist/renderer/index.html#/hosts', isMainFrame: true, webContentsId: 1 };
  assert.equal(isTrustedSender(ok, expected), true);
  assert.equal(isTrustedSender({ ...ok, isMainFrame: false }, expected), false);
  assert.equal(isTrustedSender({ ...ok, webContentsId: 2 }, expected), false);
  assert.equal(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' }, expected), false);
  assert.equal(isTrustedSender({ ...ok, frameUrl: 'file:///tmp/index.html' }, expected), false);
  assert.equal(isTrustedSender({ ...ok, frameUrl: undefined }, expected), false);
});
