// Browser mode: the token and the Origin check keep everyone else out; the
// API and its events work for the page that has both.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import { startWebServer, type WebServer } from './server.ts';

async function withServer(fn: (s: WebServer, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-web-'));
  const staticDir = path.join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Spindle</title>');
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  const s = await startWebServer({ configDir: path.join(dir, 'cfg'), staticDir, addLocalHost: false, knownHostsFiles: [] });
  try {
    await fn(s, dir);
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function open(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

test('a connection without the token, with a wrong token or from another origin is refused', async () => {
  await withServer(async (s) => {
    const base = `ws://127.0.0.1:${s.port}/api`;
    const origin = `http://127.0.0.1:${s.port}`;
    await assert.rejects(open(base, origin), /HTTP 401/);
    await assert.rejects(open(`${base}?token=wrong`, origin), /HTTP 401/);
    await assert.rejects(open(`${base}?token=${s.token}x`, origin), /HTTP 401/);
    await assert.rejects(open(`${base}?token=${s.token}`, 'http://evil.example'), /HTTP 403/);
    await assert.rejects(open(`${base}?token=${s.token}`), /HTTP 403/);
    await assert.rejects(open(`ws://127.0.0.1:${s.port}/other?token=${s.token}`, origin), /HTTP 404/);
    const ws = await open(`${base}?token=${s.token}`, origin);
    ws.close();
  });
});

test('calls, validation errors and events over the socket', async () => {
  await withServer(async (s) => {
    const ws = await open(`ws://127.0.0.1:${s.port}/api?token=${s.token}`, `http://127.0.0.1:${s.port}`);
    const replies = new Map<number, unknown>();
    const events: Array<{ event: string }> = [];
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as { id?: number; event?: string };
      if (m.event) events.push(m as { event: string });
      else replies.set(m.id ?? -1, m);
    });
    const call = async (id: number, method: string, params: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string } }> => {
      ws.send(JSON.stringify({ id, method, params }));
      for (let i = 0; i < 200 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 10));
      return replies.get(id) as { ok: boolean; result?: unknown; error?: { code: string } };
    };
    const list = await call(1, 'hosts.list', {});
    assert.equal(list.ok, true);
    assert.equal((list.result as Array<{ config: { name: string } }>)[0]?.config.name, 'Demo');
    assert.equal((await call(2, 'hosts.remove', { name: 7 })).error?.code, 'INVALID_ARGUMENT');
    assert.equal((await call(3, 'shell.exec', { cmd: 'id' })).error?.code, 'INVALID_ARGUMENT');
    ws.send('not json');
    for (let i = 0; i < 100 && !replies.has(-1); i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal((replies.get(-1) as { error: { code: string } }).error.code, 'INVALID_ARGUMENT');
    // Refreshing the Demo host pushes an inventory event to the page.
    assert.equal((await call(4, 'inventory.refresh', { host: 'Demo' })).ok, true);
    for (let i = 0; i < 200 && !events.some((e) => e.event === 'inventory'); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(events.some((e) => e.event === 'inventory'));
    ws.close();
  });
});

test('static files: the renderer only, with a CSP, nothing outside it', async () => {
  await withServer(async (s) => {
    const r = await fetch(`http://127.0.0.1:${s.port}/`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    assert.match(await r.text(), /Spindle/);
    const esc = await fetch(`http://127.0.0.1:${s.port}/..%2fsecret.txt`);
    assert.notEqual(await esc.text(), 'do not serve');
    const post = await fetch(`http://127.0.0.1:${s.port}/`, { method: 'POST' });
    assert.equal(post.status, 405);
  });
});

test('the page can ask whether its token is still valid (after a server restart it is not)', async () => {
  await withServer(async (s) => {
    assert.equal((await fetch(`http://127.0.0.1:${s.port}/api/session?token=${s.token}`)).status, 204);
    assert.equal((await fetch(`http://127.0.0.1:${s.port}/api/session?token=old`)).status, 401);
    assert.equal((await fetch(`http://127.0.0.1:${s.port}/api/session`)).status, 401);
  });
});
