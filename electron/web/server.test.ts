// Browser mode: the token and the Origin check keep everyone else out; the
// API and its events work for the page that has both.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import { startWebServer, type WebLimits, type WebServer } from './server.ts';
import { closeFrameOf, httpRequest, parseServerFrames, rawExchange, upgradeRequest, wsFrame } from './wire-kit.ts';

async function withServer(fn: (s: WebServer, dir: string) => Promise<void>, limits: Partial<WebLimits> = {}): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-web-'));
  const staticDir = path.join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Spindle</title>');
  writeFileSync(path.join(dir, 'secret.txt'), 'do not serve');
  const s = await startWebServer({ configDir: path.join(dir, 'cfg'), staticDir, addLocalHost: false, knownHostsFiles: [], limits });
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

test('without a renderer build the page says how to build it', async () => {
  await withServer(async (s, dir) => {
    rmSync(path.join(dir, 'static', 'index.html'));
    for (const target of ['/', '/index.html', '/some/route']) {
      const r = await fetch(`http://127.0.0.1:${s.port}${target}`);
      assert.equal(r.status, 503, target);
      assert.match(await r.text(), /npm run build:renderer/);
    }
  });
});

test('the page can ask whether its token is still valid (after a server restart it is not)', async () => {
  await withServer(async (s) => {
    assert.equal((await fetch(`http://127.0.0.1:${s.port}/api/session?token=${s.token}`)).status, 204);
    assert.equal((await fetch(`http://127.0.0.1:${s.port}/api/session?token=old`)).status, 401);
    assert.equal((await fetch(`http://127.0.0.1:${s.port}/api/session`)).status, 401);
  });
});

// ---- Nothing a client sends may end the server (hardening finding 1) ----

const get = (port: number, target: string, host = `127.0.0.1:${port}`, extra: string[] = []): Promise<number> =>
  rawExchange(port, [httpRequest('GET', target, [`Host: ${host}`, 'Connection: close', ...extra])]).then((r) => r.status);

async function assertStillServing(s: WebServer): Promise<void> {
  assert.equal(await get(s.port, '/'), 200, 'the server must still answer GET /');
}

/** A WebSocket with the token, collecting replies by id. */
async function apiClient(s: WebServer): Promise<{ ws: WebSocket; call: (id: number, method: string) => Promise<{ ok: boolean; error?: { code: string; message: string } }>; replies: Map<number, unknown> }> {
  const ws = await open(`ws://127.0.0.1:${s.port}/api?token=${s.token}`, `http://127.0.0.1:${s.port}`);
  const replies = new Map<number, unknown>();
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as { id?: number; event?: string };
    if (!m.event) replies.set(m.id ?? -1, m);
  });
  const call = async (id: number, method: string): Promise<{ ok: boolean; error?: { code: string; message: string } }> => {
    ws.send(JSON.stringify({ id, method, params: {} }));
    for (let i = 0; i < 300 && !replies.has(id); i++) await new Promise((r) => setTimeout(r, 10));
    return replies.get(id) as { ok: boolean };
  };
  return { ws, call, replies };
}

function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    ws.on('error', () => undefined); // the client side sees the same protocol error
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

test('malformed request targets are a 400, over HTTP and on the upgrade path, and the server keeps answering', async () => {
  await withServer(async (s) => {
    for (const target of ['/%E0%A4%A', '/%', '/%zz/index.html', '/%00', '/index.html%00.js', '/a%0d%0aSet-Cookie:%20x=1']) {
      assert.equal(await get(s.port, target), 400, target);
    }
    assert.equal(await get(s.port, 'http://evil.example/'), 400, 'absolute-form target');
    assert.equal((await rawExchange(s.port, [httpRequest('OPTIONS', '*', [`Host: 127.0.0.1:${s.port}`])])).status, 400, 'asterisk-form target');
    const body = (await rawExchange(s.port, [httpRequest('GET', '/%E0%A4%A', [`Host: 127.0.0.1:${s.port}`])])).rest.toString();
    assert.match(body, /malformed %-escape/);
    for (const path of ['/%E0%A4%A', '/api%00?token=x']) {
      const r = await rawExchange(s.port, [upgradeRequest({ port: s.port, path })]);
      assert.equal(r.status, 400, `upgrade ${path}`);
    }
    // '//[' is a valid path (new URL() threw on it): not the API, and over HTTP a client-side route.
    assert.equal((await rawExchange(s.port, [upgradeRequest({ port: s.port, path: '//[' })])).status, 404);
    assert.equal(await get(s.port, '//['), 200);
    await assertStillServing(s);
  });
});

test('requests under any other Host name are refused before anything is served (DNS rebinding)', async () => {
  await withServer(async (s) => {
    const other = await rawExchange(s.port, [httpRequest('GET', '/', [`Host: rebind.example:${s.port}`, 'Connection: close'])]);
    assert.equal(other.status, 421);
    assert.doesNotMatch(other.rest.toString(), /Spindle<\/title>/);
    assert.match(other.rest.toString(), new RegExp(`http://127\\.0\\.0\\.1:${s.port}/`));
    assert.equal(await get(s.port, '/', `127.0.0.1:${s.port + 1}`), 421, 'right name, wrong port');
    assert.equal(await get(s.port, '/', '127.0.0.1'), 421, 'no port');
    assert.equal(await get(s.port, '/', `127.0.0.1.:${s.port}`), 421, 'trailing dot');
    assert.equal(await get(s.port, `/api/session?token=${s.token}`, `rebind.example:${s.port}`), 421, 'even with the token');
    assert.equal(await get(s.port, '/', `localhost:${s.port}`), 200);
    assert.equal(await get(s.port, '/', `LocalHost:${s.port}`), 200, 'names are case-insensitive');
    const noHost = await rawExchange(s.port, [httpRequest('GET', '/', [], 'HTTP/1.0')]);
    assert.equal(noHost.status, 421, 'HTTP/1.0 without Host');
    assert.equal(await get(s.port, '/', `127.0.0.1:${s.port}`, [`Host: rebind.example:${s.port}`]), 400, 'two Host headers');
    const ws = await rawExchange(s.port, [upgradeRequest({ port: s.port, token: s.token, host: `rebind.example:${s.port}` })]);
    assert.equal(ws.status, 421, 'upgrade with the token and the right Origin, but another Host');
    const fine = await rawExchange(s.port, [upgradeRequest({ port: s.port, token: s.token, host: `localhost:${s.port}`, origin: `http://localhost:${s.port}` })], { timeoutMs: 500 });
    assert.equal(fine.status, 101);
  });
});

test('an oversized frame closes only that connection, with 1009 and a reason', async () => {
  await withServer(async (s) => {
    const victim = await apiClient(s);
    const bystander = await apiClient(s);
    const done = closed(victim.ws);
    victim.ws.send('x'.repeat((1 << 20) + 1));
    const { code, reason } = await done;
    assert.equal(code, 1009);
    assert.match(reason, /too big.*1 MiB/);
    assert.equal((await bystander.call(1, 'hosts.list')).ok, true, 'the other connection still works');
    bystander.ws.close();
    await assertStillServing(s);
  });
});

test('binary, non-JSON, invalid UTF-8 and unmasked frames get an error reply or a clean close', async () => {
  await withServer(async (s) => {
    const c = await apiClient(s);
    c.ws.send(Buffer.from(JSON.stringify({ id: 5, method: 'hosts.list', params: {} })), { binary: true });
    for (let i = 0; i < 200 && !c.replies.has(-1); i++) await new Promise((r) => setTimeout(r, 10));
    const binary = c.replies.get(-1) as { ok: boolean; error: { code: string; message: string } };
    assert.equal(binary.error.code, 'INVALID_ARGUMENT');
    assert.match(binary.error.message, /binary frames/);
    c.replies.clear();
    c.ws.send('{"id": 6, "method": ');
    for (let i = 0; i < 200 && !c.replies.has(-1); i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal((c.replies.get(-1) as { error: { code: string } }).error.code, 'INVALID_ARGUMENT');
    assert.equal((await c.call(7, 'hosts.list')).ok, true, 'the connection survives bad frames it can answer');

    const done = closed(c.ws);
    c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }); // a text frame that is not UTF-8
    const bad = await done;
    assert.equal(bad.code, 1007);
    assert.match(bad.reason, /UTF-8/);

    const unmasked = await rawExchange(s.port, [upgradeRequest({ port: s.port, token: s.token })], {
      timeoutMs: 2000,
      onHead: (sock) => sock.write(wsFrame({ opcode: 1, payload: '{}', mask: false })),
    });
    assert.equal(unmasked.status, 101);
    const close = closeFrameOf(parseServerFrames(unmasked.rest));
    assert.equal(close?.code, 1002);
    assert.match(close?.reason ?? '', /[Pp]rotocol/);
    await assertStillServing(s);
  });
});

test('slow trickles and idle sockets are cut off, and the connection cap holds', async () => {
  const limits = { headersTimeoutMs: 400, requestTimeoutMs: 600, idleTimeoutMs: 700, checkIntervalMs: 100, maxConnections: 6 };
  await withServer(async (s) => {
    const trickle = ['GET / HTTP/1.1\r\n', `Host: 127.0.0.1:${s.port}\r\n`, ...Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: a\r\n`)];
    const [slow, idle] = await Promise.all([
      rawExchange(s.port, trickle, { pauseMs: 100, timeoutMs: 4000 }),
      rawExchange(s.port, [], { timeoutMs: 4000 }),
    ]);
    assert.ok(slow.closedByServer && slow.elapsedMs < 2000, `a header trickle is cut off (closed by server: ${slow.closedByServer}, after ${slow.elapsedMs} ms)`);
    assert.equal(slow.status, 408);
    assert.ok(idle.closedByServer && idle.elapsedMs < 2000, `a silent socket is cut off (closed by server: ${idle.closedByServer}, after ${idle.elapsedMs} ms)`);

    const holders = Array.from({ length: limits.maxConnections }, () => rawExchange(s.port, [], { timeoutMs: 3000 }));
    await new Promise((r) => setTimeout(r, 100));
    const extra = await rawExchange(s.port, [httpRequest('GET', '/', [`Host: 127.0.0.1:${s.port}`])], { timeoutMs: 1000 });
    assert.ok(extra.closedByServer && extra.status === 0, 'a connection over the cap is dropped at once');
    await Promise.all(holders);
    await assertStillServing(s);
  }, limits);
});

test('a WebSocket peer that answers no ping is dropped; a live client stays', async () => {
  await withServer(async (s) => {
    const live = await apiClient(s);
    const silent = await rawExchange(s.port, [upgradeRequest({ port: s.port, token: s.token })], { timeoutMs: 3000 });
    assert.equal(silent.status, 101);
    assert.ok(silent.closedByServer && silent.elapsedMs < 1500, `closed by server: ${silent.closedByServer} after ${silent.elapsedMs} ms`);
    assert.ok(parseServerFrames(silent.rest).some((f) => f.opcode === 0x9), 'it was pinged first');
    assert.equal(live.ws.readyState, WebSocket.OPEN);
    assert.equal((await live.call(1, 'hosts.list')).ok, true);
    live.ws.close();
  }, { heartbeatMs: 300 });
});
