// Browser mode under attack: the real server process (electron/web/main.ts) is
// sent a few hundred malformed, hostile, cut-off and trickled requests and
// frames over raw TCP and WebSocket clients, loopback only, generated from a
// fixed seed so a failure replays. Afterwards it must still be running and
// serve the page and the API. Needs no libvirt (the service adds its Demo host
// through virsh's test driver when virsh exists; that is fine either way).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import { httpRequest, rawExchange, upgradeRequest, wsFrame, type RawReply } from '../../electron/web/wire-kit.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const SEED = Number(process.env.SPINDLE_FUZZ_SEED ?? 0x5eed1);
const CASES = 420;
const CONCURRENCY = 12;
const SLOW_SOCKETS = 12;
/** The server's default headersTimeout (10 s) plus its 1 s check interval, plus slack. */
const SLOW_CUTOFF_MS = 13_500;

// ---- deterministic randomness ----

class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** mulberry32: small, fast, good enough to pick cases. */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.int(256)));
  }
}

// ---- the server under test ----

interface Child {
  proc: ChildProcess;
  port: number;
  token: string;
  stderr: string[];
  cleanup(): Promise<void>;
}

async function spawnServer(): Promise<Child> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-fuzz-'));
  const staticDir = path.join(dir, 'static');
  mkdirSync(staticDir);
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Spindle</title><script src="/app.js"></script>');
  writeFileSync(path.join(staticDir, 'app.js'), 'console.log("spindle");\n');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'electron/web/main.ts', '--port', '0', '--static-dir', staticDir], {
    cwd: ROOT,
    env: { ...process.env, SPINDLE_CONFIG_DIR: path.join(dir, 'cfg') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  proc.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
  const cleanup = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000).unref())]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the web server printed no address within 60 s; stderr: ${stderr.join('')}`)), 60_000);
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(new URL(m[0]));
      }
    });
    proc.once('exit', (code) => reject(new Error(`the web server exited (${code}) before printing its address; stderr: ${stderr.join('')}`)));
  }).catch(async (e: unknown) => {
    await cleanup();
    throw e;
  });
  return { proc, port: Number(url.port), token: url.hash.replace(/^#token=/, ''), stderr, cleanup };
}

const alive = (c: Child): boolean => c.proc.exitCode === null && c.proc.signalCode === null;

async function pageStatus(port: number, host = `127.0.0.1:${port}`): Promise<number> {
  return (await rawExchange(port, [httpRequest('GET', '/', [`Host: ${host}`, 'Connection: close'])], { timeoutMs: 5000 })).status;
}

/**
 * GET / right after the flood: the flood's sockets count against the cap until
 * the server has seen them close, which on a loaded machine takes a moment;
 * the server must be answering again within a few seconds.
 */
async function pageStatusSoon(port: number, host?: string): Promise<{ status: number; ms: number }> {
  const t0 = Date.now();
  for (;;) {
    const status = await pageStatus(port, host);
    if (status === 200 || Date.now() - t0 > 5000) return { status, ms: Date.now() - t0 };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A real API call over a fresh WebSocket with the token. */
async function hostsList(port: number, token: string): Promise<{ ok: boolean; result?: unknown }> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin: `http://127.0.0.1:${port}` });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to hosts.list within 10 s')), 10_000);
      ws.once('error', reject);
      ws.once('open', () => ws.send(JSON.stringify({ id: 1, method: 'hosts.list', params: {} })));
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { id?: number; ok: boolean; result?: unknown };
        if (m.id !== 1) return;
        clearTimeout(timer);
        resolve(m);
      });
    });
  } finally {
    ws.terminate();
  }
}

// ---- cases ----

interface Case {
  family: string;
  what: string;
  run(): Promise<RawReply | { status: number; note?: string }>;
  /** A broken expectation, or null. */
  check?(r: { status: number; note?: string }): string | null;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH', 'CONNECT', 'PROPFIND', 'get', 'G3T', '', ' GET', 'GET\x00', 'X'.repeat(300)];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'http/1.1', 'HTTP/1.12', 'HTTP/1.1 extra', '', 'HTTP/1.1\x00'];

function targets(port: number, token: string): string[] {
  return [
    '/', '/index.html', '/app.js', '/%E0%A4%A', '/%', '/%%', '/%zz', '/%00', '/a%00b', '/%C0%AF', '/%ED%A0%80',
    '/..%2f..%2fetc%2fpasswd', '/../../etc/passwd', '//[', '//evil.example/x', '*', 'http://evil.example/', `http://127.0.0.1:${port}/`,
    '/api', '/api/session', '/api/session?token=%E0%A4%A', `/api/session?token=${token}`, '/?a=%zz&b', '/#frag', '/\xff\xfe', '/a b',
    '/a\tb', `/${'A'.repeat(20_000)}`, `/${'%41'.repeat(3000)}`, '/\r\nX-Injected: 1', '/a%0d%0aSet-Cookie:%20x', '/\u2603',
  ];
}

function hosts(port: number): Array<{ host: string | null; served: boolean }> {
  return [
    { host: `127.0.0.1:${port}`, served: true },
    { host: `localhost:${port}`, served: true },
    { host: `LOCALHOST:${port}`, served: true },
    { host: `evil.example:${port}`, served: false },
    { host: `127.0.0.1:${port + 1}`, served: false },
    { host: '127.0.0.1', served: false },
    { host: `127.0.0.1:${port}.`, served: false },
    { host: `[::1]:${port}`, served: false },
    { host: `127.1:${port}`, served: false },
    { host: `0x7f000001:${port}`, served: false },
    { host: `127.0.0.1:${port}@evil.example`, served: false },
    { host: '', served: false },
    { host: null, served: false },
  ];
}

function hostHeader(host: string | null): string[] {
  return host === null ? [] : [`Host: ${host}`];
}

/** Odd header sets on an otherwise fine request. */
function headerMutations(rng: Rng, host: string): Array<{ what: string; headers: string[]; body?: string }> {
  const h = `Host: ${host}`;
  return [
    { what: 'huge header', headers: [h, `X-Big: ${'b'.repeat(20_000)}`] },
    { what: 'many headers', headers: [h, ...Array.from({ length: 300 }, (_, i) => `X-${i}: ${i}`)] },
    { what: 'no colon', headers: [h, 'NoColonHere'] },
    { what: 'space before colon', headers: [h, 'X-Space : v'] },
    { what: 'NUL in value', headers: [h, 'X-Nul: a\x00b'] },
    { what: 'obs-fold', headers: [h, 'X-Fold: a', ' continued'] },
    { what: 'bare LF', headers: [`${h}\nX-Lf: 1`] },
    { what: 'duplicate Host', headers: [h, `Host: evil.example`] },
    { what: 'bad Content-Length', headers: [h, 'Content-Length: abc'] },
    { what: 'negative Content-Length', headers: [h, 'Content-Length: -1'] },
    { what: 'two Content-Lengths', headers: [h, 'Content-Length: 1', 'Content-Length: 2'], body: 'ab' },
    { what: 'CL and TE', headers: [h, 'Content-Length: 4', 'Transfer-Encoding: chunked'], body: '0\r\n\r\n' },
    { what: 'bad chunk', headers: [h, 'Transfer-Encoding: chunked'], body: 'zz\r\nhello\r\n0\r\n\r\n' },
    { what: 'huge Content-Length', headers: [h, 'Content-Length: 99999999999999999999'] },
    { what: 'Expect', headers: [h, 'Expect: 100-continue', 'Content-Length: 3'], body: 'abc' },
    { what: 'odd Expect', headers: [h, 'Expect: teapot'] },
    { what: 'Upgrade h2c', headers: [h, 'Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', 'HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA'] },
    { what: 'random header bytes', headers: [h, `X-R: ${rng.bytes(40).toString('latin1')}`] },
    { what: 'high-bit header name', headers: [h, '\xe4\xf6: 1'] },
  ];
}

/** A well-formed request with a few random byte edits. */
function mutate(rng: Rng, base: Buffer): Buffer {
  const b = [...base];
  for (let n = 1 + rng.int(4); n > 0; n--) {
    const at = rng.int(b.length);
    const op = rng.int(4);
    if (op === 0) b[at] = rng.int(256);
    else if (op === 1) b.splice(at, 0, rng.pick([0, 10, 13, 32, 37, 58, 0xff, rng.int(256)]));
    else if (op === 2) b.splice(at, 1);
    else b.splice(at, 0, ...b.slice(at, at + 1 + rng.int(8)));
  }
  return Buffer.from(b);
}

/** Random pieces of a buffer, for a client that writes in dribs and drabs. */
function splitRandomly(rng: Rng, buf: Buffer, maxPieces: number): Buffer[] {
  const cuts = Array.from({ length: rng.int(maxPieces) }, () => rng.int(buf.length)).sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const c of [...cuts, buf.length]) {
    if (c > from) pieces.push(buf.subarray(from, c));
    from = c;
  }
  return pieces;
}

function wsPayload(rng: Rng): { what: string; payload: Buffer; opcode?: number } {
  const kinds: Array<() => { what: string; payload: Buffer; opcode?: number }> = [
    () => ({ what: 'request', payload: Buffer.from(JSON.stringify({ id: rng.int(1000), method: 'hosts.list', params: {} })) }),
    () => ({ what: 'unknown method', payload: Buffer.from(JSON.stringify({ id: 1, method: rng.pick(['shell.exec', '', '__proto__', 'x'.repeat(80)]), params: { a: 1 } })) }),
    () => ({ what: 'wrong shape', payload: Buffer.from(rng.pick(['[]', 'null', '1', '"x"', '{"id":-1}', '{"id":1.5,"method":"hosts.list"}', '{"id":1,"method":"hosts.list","params":{},"x":1}'])) }),
    () => ({ what: 'not JSON', payload: Buffer.from(rng.pick(['not json', '{', '{"id": 1, "method": ', '\u2603'])) }),
    () => ({ what: 'invalid UTF-8', payload: Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d]) }),
    () => ({ what: 'random bytes', payload: rng.bytes(1 + rng.int(200)), opcode: rng.pick([1, 2]) }),
    () => ({ what: 'deep nesting', payload: Buffer.from(`{"id":1,"method":"hosts.list","params":${'['.repeat(50_000)}${']'.repeat(50_000)}}`) }),
    () => ({ what: 'binary request', payload: Buffer.from(JSON.stringify({ id: 2, method: 'hosts.list', params: {} })), opcode: 2 }),
  ];
  return rng.pick(kinds)();
}

/** One hostile frame for an open connection. */
function hostileFrame(rng: Rng): { what: string; frame: Buffer } {
  const p = wsPayload(rng);
  const choices: Array<() => { what: string; frame: Buffer }> = [
    () => ({ what: p.what, frame: wsFrame({ opcode: p.opcode ?? 1, payload: p.payload }) }),
    () => ({ what: `unmasked ${p.what}`, frame: wsFrame({ opcode: 1, payload: p.payload, mask: false }) }),
    () => ({ what: 'reserved opcode', frame: wsFrame({ opcode: rng.pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), payload: p.payload }) }),
    () => ({ what: 'RSV bits', frame: wsFrame({ opcode: 1, payload: p.payload, rsv: 1 + rng.int(7) }) }),
    () => ({ what: 'claims 2^63-1 bytes', frame: wsFrame({ opcode: 1, payload: 'abc', claimedLength: (1n << 63n) - 1n }) }),
    () => ({ what: 'claims 2 MiB, sends a little', frame: wsFrame({ opcode: 2, payload: rng.bytes(100), claimedLength: 2n << 20n }) }),
    () => ({ what: 'claims 1 MiB + 1', frame: wsFrame({ opcode: 1, payload: 'x', claimedLength: (1n << 20n) + 1n }) }),
    () => ({ what: 'control frame > 125', frame: wsFrame({ opcode: 9, payload: rng.bytes(200) }) }),
    () => ({ what: 'fragmented control', frame: wsFrame({ opcode: 9, payload: 'p', fin: false }) }),
    () => ({ what: 'continuation first', frame: wsFrame({ opcode: 0, payload: p.payload }) }),
    () => ({ what: 'fragmented text', frame: Buffer.concat([wsFrame({ opcode: 1, payload: '{"id":3,', fin: false }), wsFrame({ opcode: 0, payload: '"method":"hosts.list","params":{}}' })]) }),
    () => ({ what: 'unfinished fragments', frame: wsFrame({ opcode: 1, payload: '{"id":', fin: false }) }),
    () => ({ what: 'new message inside fragments', frame: Buffer.concat([wsFrame({ opcode: 1, payload: '{', fin: false }), wsFrame({ opcode: 1, payload: '}' })]) }),
    () => ({ what: 'ping', frame: wsFrame({ opcode: 9, payload: rng.bytes(rng.int(125)) }) }),
    () => ({ what: 'unsolicited pong', frame: wsFrame({ opcode: 10, payload: 'x' }) }),
    () => ({ what: 'close with odd code', frame: wsFrame({ opcode: 8, payload: Buffer.from([rng.int(256), rng.int(256), 0xff]) }) }),
    () => ({ what: 'close with 1 byte', frame: wsFrame({ opcode: 8, payload: Buffer.from([3]) }) }),
    () => ({ what: 'random bytes', frame: rng.bytes(1 + rng.int(64)) }),
  ];
  return rng.pick(choices)();
}

function httpCases(rng: Rng, port: number, token: string): Case[] {
  const out: Case[] = [];
  const T = targets(port, token);
  const H = hosts(port);
  for (let i = 0; i < 90; i++) {
    const method = rng.chance(0.6) ? 'GET' : rng.pick(METHODS);
    const target = rng.pick(T);
    const version = rng.chance(0.7) ? 'HTTP/1.1' : rng.pick(VERSIONS);
    const host = rng.chance(0.6) ? (H[0] as { host: string | null; served: boolean }) : rng.pick(H);
    const req = httpRequest(method, target, [...hostHeader(host.host), 'Connection: close'], version);
    const wellFormed = method === 'GET' && version === 'HTTP/1.1' && (target === '/' || target === '/app.js');
    out.push({
      family: 'http',
      what: JSON.stringify(req.slice(0, 120)),
      run: () => rawExchange(port, [req], { timeoutMs: 1500 }),
      check: (r) => {
        if (!host.served && r.status >= 200 && r.status < 300) return `a request under Host ${JSON.stringify(host.host)} was served (${r.status})`;
        if (wellFormed && host.served && r.status !== 200) return `a plain GET ${target} answered ${r.status}`;
        if (wellFormed && host.host !== null && !host.served && r.status !== 421) return `Host ${JSON.stringify(host.host)} answered ${r.status}, not 421`;
        return null;
      },
    });
  }
  for (let i = 0; i < 50; i++) {
    const m = rng.pick(headerMutations(rng, `127.0.0.1:${port}`));
    const req = httpRequest('GET', '/', [...m.headers, 'Connection: close'], 'HTTP/1.1', m.body ?? '');
    out.push({ family: 'headers', what: m.what, run: () => rawExchange(port, [req], { timeoutMs: 1000 }) });
  }
  const base = Buffer.from(httpRequest('GET', '/app.js', [`Host: 127.0.0.1:${port}`, 'Connection: close', 'Accept: */*']));
  for (let i = 0; i < 60; i++) {
    const bytes = mutate(rng, base);
    out.push({ family: 'mutated', what: JSON.stringify(bytes.toString('latin1').slice(0, 80)), run: () => rawExchange(port, [bytes], { timeoutMs: 1000 }) });
  }
  for (let i = 0; i < 30; i++) {
    const cutAt = 1 + rng.int(base.length - 2);
    const hangUp = rng.chance(0.5);
    out.push({ family: 'cut', what: `request cut after ${cutAt} bytes${hangUp ? ', then closed' : ''}`, run: () => rawExchange(port, [base.subarray(0, cutAt)], { hangUp, timeoutMs: 400 }) });
  }
  for (let i = 0; i < 20; i++) {
    const pieces = splitRandomly(rng, base, 12);
    const pauseMs = 1 + rng.int(15);
    out.push({
      family: 'pieces',
      what: `request in ${pieces.length} pieces, ${pauseMs} ms apart`,
      run: () => rawExchange(port, pieces, { pauseMs, timeoutMs: 3000 }),
      check: (r) => (r.status === 200 ? null : `a request written in pieces answered ${r.status}`),
    });
  }
  return out;
}

function upgradeCases(rng: Rng, port: number, token: string): Case[] {
  const variants: Array<{ what: string; req: string; admitted: boolean }> = [
    { what: 'no token', req: upgradeRequest({ port }), admitted: false },
    { what: 'wrong token', req: upgradeRequest({ port, token: `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}` }), admitted: false },
    { what: 'no Origin', req: upgradeRequest({ port, token, origin: null }), admitted: false },
    { what: 'evil Origin', req: upgradeRequest({ port, token, origin: 'http://evil.example' }), admitted: false },
    { what: 'null Origin', req: upgradeRequest({ port, token, origin: 'null' }), admitted: false },
    { what: 'wrong Host', req: upgradeRequest({ port, token, host: `evil.example:${port}` }), admitted: false },
    { what: 'no Host', req: upgradeRequest({ port, token, host: null }), admitted: false },
    { what: 'no key', req: upgradeRequest({ port, token, key: null }), admitted: false },
    { what: 'bad key', req: upgradeRequest({ port, token, key: 'short' }), admitted: false },
    { what: 'version 8 (ws speaks 8 and 13)', req: upgradeRequest({ port, token, version: '8' }), admitted: true },
    { what: 'version 99', req: upgradeRequest({ port, token, version: '99' }), admitted: false },
    { what: 'other path', req: upgradeRequest({ port, token, path: `/x?token=${token}` }), admitted: false },
    { what: 'malformed path', req: upgradeRequest({ port, token, path: `/%E0%A4%A?token=${token}` }), admitted: false },
    { what: 'path //[', req: upgradeRequest({ port, token, path: '//[' }), admitted: false },
    { what: 'POST upgrade', req: upgradeRequest({ port, token }).replace(/^GET/, 'POST'), admitted: false },
    { what: 'Upgrade: foo', req: upgradeRequest({ port, token }).replace('Upgrade: websocket', 'Upgrade: foo'), admitted: false },
    { what: 'HTTP/1.0 upgrade', req: upgradeRequest({ port, token }).replace('HTTP/1.1', 'HTTP/1.0'), admitted: true },
    { what: 'bad extension offer', req: upgradeRequest({ port, token, extra: ['Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99'] }), admitted: true },
    { what: 'odd protocols', req: upgradeRequest({ port, token, extra: ['Sec-WebSocket-Protocol: a,,b, ,'] }), admitted: false },
    { what: 'garbage after head', req: `${upgradeRequest({ port, token })}\x00\xff garbage`, admitted: true },
  ];
  return Array.from({ length: 40 }, () => {
    const v = rng.pick(variants);
    return {
      family: 'upgrade',
      what: v.what,
      run: () => rawExchange(port, [v.req], { timeoutMs: 600 }),
      check: (r) => (!v.admitted && r.status === 101 ? `upgrade "${v.what}" was accepted` : null),
    };
  });
}

function frameCases(rng: Rng, port: number, token: string): Case[] {
  return Array.from({ length: 80 }, () => {
    const frames = Array.from({ length: 1 + rng.int(4) }, () => hostileFrame(rng));
    let bytes = Buffer.concat(frames.map((f) => f.frame));
    const cut = rng.chance(0.25);
    if (cut) bytes = bytes.subarray(0, 1 + rng.int(bytes.length - 1));
    const pieces = rng.chance(0.3) ? splitRandomly(rng, bytes, 6) : [bytes];
    const pauses = pieces.map(() => rng.int(10));
    const hangUp = cut && rng.chance(0.5);
    return {
      family: 'frames',
      what: `${frames.map((f) => f.what).join(', ')}${cut ? ' (cut mid-way)' : ''}`,
      run: () =>
        rawExchange(port, [upgradeRequest({ port, token })], {
          timeoutMs: 500,
          onHead: (sock) => {
            void (async () => {
              for (const [i, p] of pieces.entries()) {
                if (!sock.writable) return;
                sock.write(p);
                await new Promise((r) => setTimeout(r, pauses[i]));
              }
              if (hangUp) sock.destroy();
            })();
          },
        }),
    };
  });
}

/** Clients that behave (ws library) but send what the server must refuse. */
function wsClientCases(rng: Rng, port: number, token: string): Case[] {
  const actions = ['oversized', 'binary', 'invalid UTF-8', 'text'] as const;
  return Array.from({ length: 16 }, (_, i) => {
    const action = i < 4 ? 'oversized' : rng.pick(actions);
    const extra = rng.int(1000);
    const bytes = rng.bytes(64);
    return {
      family: 'ws',
      what: action,
      run: () =>
        new Promise<{ status: number; note: string }>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/api?token=${token}`, { origin: `http://127.0.0.1:${port}` });
          const timer = setTimeout(() => {
            ws.terminate();
            resolve({ status: 101, note: 'open' });
          }, 1500);
          ws.on('error', () => undefined);
          ws.on('close', (code, reason) => {
            clearTimeout(timer);
            resolve({ status: 101, note: `close ${code} ${reason.toString()}` });
          });
          ws.on('open', () => {
            if (action === 'oversized') ws.send('x'.repeat((1 << 20) + 1 + extra));
            else if (action === 'binary') ws.send(bytes, { binary: true });
            else if (action === 'invalid UTF-8') ws.send(Buffer.from([0xc3, 0x28]), { binary: false });
            else ws.send(bytes.toString('latin1'));
          });
        }),
      check: (r) => (action === 'oversized' && !/^close 1009 \S/.test(r.note ?? '') ? `an oversized message got "${r.note}", not a 1009 close with a reason` : null),
    };
  });
}

/** Trickles that must be cut off by the server: headers a line at a time, and sockets that send nothing. */
function slowlorisSockets(port: number): Array<Promise<RawReply>> {
  const trickle = ['GET / HTTP/1.1\r\n', `Host: 127.0.0.1:${port}\r\n`, ...Array.from({ length: 80 }, (_, i) => `X-Slow-${i}: ${'z'.repeat(i % 7)}\r\n`)];
  return Array.from({ length: SLOW_SOCKETS }, (_, i) => (i % 3 === 2 ? rawExchange(port, [], { timeoutMs: SLOW_CUTOFF_MS + 2000 }) : rawExchange(port, trickle, { pauseMs: 250, timeoutMs: SLOW_CUTOFF_MS + 2000 })));
}

async function runPool(cases: Case[], concurrency: number, onDone: (c: Case, r: { status: number; note?: string }) => void): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const c = cases[next++] as Case;
      onDone(c, await c.run());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Mixes the families so that a trouble-maker in one is followed by others. */
function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

test('browser mode survives malformed, hostile, cut-off and slow clients, and still serves the page and the API', async () => {
  const started = Date.now();
  const child = await spawnServer();
  try {
    const { port, token } = child;
    assert.equal(await pageStatus(port), 200, 'the server answers before the fuzzing');
    const rng = new Rng(SEED);
    const cases = shuffle(rng, [...httpCases(rng, port, token), ...upgradeCases(rng, port, token), ...frameCases(rng, port, token), ...wsClientCases(rng, port, token)]);
    assert.ok(cases.length <= CASES, `${cases.length} cases, at most ${CASES}`);

    const slow = slowlorisSockets(port);
    const statuses = new Map<number, number>();
    const broken: string[] = [];
    let done = 0;
    await runPool(cases, CONCURRENCY, (c, r) => {
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      if (r.status >= 500) broken.push(`${c.family} ${c.what}: ${r.status}`);
      const why = c.check?.(r);
      if (why) broken.push(`${c.family} ${c.what}: ${why}`);
      if (++done % 60 === 0 && !alive(child)) broken.push(`server died after case ${done} (${c.family} ${c.what})`);
    });
    assert.ok(alive(child), `the server process exited during the fuzzing: ${child.stderr.join('').slice(-2000)}`);
    assert.deepEqual(broken, [], 'broken expectations');

    const slowReplies = await Promise.all(slow);
    const notCut = slowReplies.filter((r) => !r.closedByServer || r.elapsedMs > SLOW_CUTOFF_MS);
    assert.equal(notCut.length, 0, `slow sockets not cut off by the server within ${SLOW_CUTOFF_MS} ms: ${notCut.map((r) => r.elapsedMs).join(', ')}`);

    // Over the connection cap (128): the extra ones are dropped, the server lives on.
    const flood = await Promise.all(Array.from({ length: 160 }, () => rawExchange(port, [], { timeoutMs: 400 })));
    const dropped = flood.filter((r) => r.closedByServer && r.elapsedMs < 400).length;
    assert.ok(dropped >= 160 - 128, `${dropped} of 160 simultaneous idle connections dropped (cap 128)`);

    assert.ok(alive(child), 'the server process is still running');
    const after = await pageStatusSoon(port);
    assert.equal(after.status, 200, 'GET / with Host 127.0.0.1, within 5 s of the flood');
    assert.equal(await pageStatus(port, `localhost:${port}`), 200, 'GET / with Host localhost');
    const list = await hostsList(port, token);
    assert.equal(list.ok, true, 'hosts.list over a fresh WebSocket');
    assert.ok(Array.isArray(list.result));
    const logged = child.stderr.join('');
    assert.doesNotMatch(logged, /unexpected error|Unhandled|Uncaught|URIError/, 'the server logged a bug of its own');

    const histogram = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}:${n}`).join(' ');
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`web-fuzz: seed=0x${SEED.toString(16)} cases=${cases.length + SLOW_SOCKETS + flood.length} (${cases.length} fuzz, ${SLOW_SOCKETS} slow, ${flood.length} flood) in ${secs} s; statuses ${histogram}; server alive, GET / 200 (${after.ms} ms after the flood), hosts.list ok`);
  } finally {
    await child.cleanup();
  }
});
