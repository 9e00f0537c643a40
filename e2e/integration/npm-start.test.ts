// `npm start` on a machine where Electron cannot run (this one: the electron
// package is installed, its binary is not, and github.com is out of reach):
// one paragraph saying why and how to get the desktop app, then browser mode
// with its address, no stack trace, and a clean stop when killed. Then the
// same start script with a binary that exits at once (as Electron does without
// a display), and with one that starts (it must be left to run, and stopped).
// Real processes throughout; the two binaries are small shell scripts.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { findElectron } from '../../electron/app/electron-binary.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'spindle-npm-start-'));
/** Process groups started here: whatever a test left running (it failed half way) is killed at the end. */
const groups = new Set<number>();
after(() => {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a command in its own process group (so the test can see that nothing of it is left), with a private settings folder. */
function start(cmd: string, args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(cmd, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SPINDLE_CONFIG_DIR: mkdtempSync(path.join(tmp, 'config-')), LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...env },
  });
  if (child.pid) groups.add(child.pid);
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, out: () => text, exited };
}

/** Waits for `get` to give something; gives up early when the process it waits on has ended. */
async function until<T>(what: string, get: () => T | null | undefined | false, ms: number, s?: Started): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if ((s && s.child.exitCode !== null) || Date.now() > end) throw new Error(`${what} did not happen; output so far:\n${s?.out() ?? ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ADDRESS = /http:\/\/127\.0\.0\.1:(\d+)\/#token=[\w-]+/;

/** Processes still alive in a process group. */
function groupMembers(pgid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '-g', String(pgid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // ps exits 1 when nothing matches
  }
}

async function refused(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

function assertNoStackTrace(out: string): void {
  assert.doesNotMatch(out, /^\s*at\s.+(:\d+:\d+\)?|\(native\))$/m, 'a stack frame');
  assert.doesNotMatch(out, /Electron failed to install correctly|TypeError|Error: .*\n\s*at /, 'the electron package\'s own error');
}

/** The paragraph, with the terminal wrapping undone. */
const flat = (s: string): string => s.replace(/\s+/g, ' ');

test('npm start without an Electron binary: one paragraph, then browser mode at the printed address; killing npm stops all of it', { timeout: 300_000 }, async (t) => {
  if (findElectron(path.join(ROOT, 'node_modules', 'electron')).kind === 'found') {
    t.skip('this machine has the Electron binary: npm start opens the desktop app (e2e/electron covers it)');
    return;
  }
  const s = start('npm', ['start']);
  const m = await until('the address', () => ADDRESS.exec(s.out()), 280_000, s);
  const out = s.out();
  const text = flat(out);
  assert.match(text, /Spindle cannot open its desktop window: the Electron binary is not in node_modules\/electron\/dist, and fetching it failed \(.+?\)\. It starts in browser mode instead/);
  assert.match(text, /To get the desktop app, fetch the binary with "npx --no install-electron" where github\.com can be reached .* ELECTRON_OVERRIDE_DIST_PATH .* Then run "npm start" again\./);
  assert.equal(text.match(/Spindle cannot open its desktop window/g)?.length, 1, 'said once');
  assertNoStackTrace(out);

  // The address serves the renderer, and its script.
  const port = Number(m[1]);
  const page = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<div id="root"><\/div>/);
  const script = /<script type="module"[^>]* src="\.?\/?([^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, html);
  const js = await fetch(`http://127.0.0.1:${port}/${script}`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /javascript/);

  // kill npm (as a supervisor or `kill PID` would): npm passes it on, browser mode closes and exits.
  process.kill(s.child.pid!, 'SIGTERM');
  const ended = await Promise.race([s.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
  assert.ok(ended, `npm start did not stop within 15 s:\n${s.out()}`);
  await until('the group to empty', () => groupMembers(s.child.pid!).length === 0, 10_000);
  assert.ok(await refused(port), 'the server is gone');
  assertNoStackTrace(s.out());
});

/** A stand-in Electron binary in its own folder (ELECTRON_OVERRIDE_DIST_PATH/electron). */
function fakeElectron(name: string, script: string): string {
  const dir = mkdtempSync(path.join(tmp, `${name}-`));
  const bin = path.join(dir, 'electron');
  writeFileSync(bin, `#!/bin/sh\n${script}\n`);
  chmodSync(bin, 0o755);
  return dir;
}

test('an Electron that cannot start (no display): the reason in the paragraph, in the language of LANG; Ctrl-C stops browser mode', { timeout: 60_000 }, async () => {
  const dir = fakeElectron(
    'no-display',
    [
      'echo "[4242:1201/071811.123456:ERROR:ozone_platform_x11.cc(240)] Missing X server or \\$DISPLAY" >&2',
      'echo "[4242:1201/071811.123460:ERROR:env.cc(257)] The platform failed to initialize.  Exiting." >&2',
      'exit 1',
    ].join('\n'),
  );
  const s = start(process.execPath, ['--import', 'tsx', 'electron/app/start.ts'], { ELECTRON_OVERRIDE_DIST_PATH: dir, LANG: 'zh_CN.UTF-8' });
  const m = await until('the address', () => ADDRESS.exec(s.out()), 50_000, s);
  const text = flat(s.out());
  assert.match(text, new RegExp(`Spindle 无法打开桌面窗口：Electron 程序 ${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/electron 无法启动（Missing X server or \\$DISPLAY）。现改为以浏览器模式启动`));
  assert.doesNotMatch(text, /platform failed to initialize|ozone_platform/, 'only the reason, not the whole output');
  assertNoStackTrace(s.out());
  process.kill(s.child.pid!, 'SIGINT');
  const ended = await s.exited;
  assert.deepEqual(ended, { code: 0, signal: null });
  assert.ok(await refused(Number(m[1])));
});

test('an Electron that starts is left to run (no fallback) with the built app, and stops with the start script', { timeout: 60_000 }, async () => {
  const argvFile = path.join(tmp, 'argv');
  const dir = fakeElectron('runs', [`printf '%s\\n' "$@" > ${argvFile}`, `trap 'echo got-term >> ${argvFile}; exit 0' TERM`, 'echo "electron says hello" >&2', 'while :; do sleep 0.1; done'].join('\n'));
  const s = start(process.execPath, ['--import', 'tsx', 'electron/app/start.ts'], { ELECTRON_OVERRIDE_DIST_PATH: dir, SPINDLE_ELECTRON_START_MS: '300' });
  await until('the binary to run', () => existsSync(argvFile), 30_000, s);
  assert.deepEqual(readFileSync(argvFile, 'utf8').trim().split('\n'), [path.join(ROOT, 'dist', 'app', 'main.cjs')]);
  // Past the start window, what it prints is passed through; nothing falls back.
  await until('its output', () => s.out().includes('electron says hello'), 10_000, s);
  assert.doesNotMatch(s.out(), /desktop window|browser mode|127\.0\.0\.1/);
  process.kill(s.child.pid!, 'SIGTERM');
  const ended = await s.exited;
  assert.deepEqual(ended, { code: 0, signal: null });
  assert.match(readFileSync(argvFile, 'utf8'), /got-term/);
  await until('the group to empty', () => groupMembers(s.child.pid!).length === 0, 5000);
});
