// Where the Electron binary is, found the way the electron package finds it
// (node_modules/electron/path.txt, or ELECTRON_OVERRIDE_DIST_PATH) but without
// requiring the package: its require() fetches a missing binary and throws a
// stack trace when that fails. Electron-free, so `npm start` can decide what
// to start on a machine without the binary.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { kind: 'found'; path: string } | { kind: 'missing' } | { kind: 'not-installed' };

/** The binary, or why there is none. `electronDir` is node_modules/electron. */
export function findElectron(electronDir: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  let relative: string | undefined;
  try {
    relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim() || undefined;
  } catch {
    relative = undefined;
  }
  const override = env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override) {
    const p = path.join(override, relative ?? 'electron');
    return existsSync(p) ? { kind: 'found', path: p } : { kind: 'missing' };
  }
  if (!existsSync(path.join(electronDir, 'package.json'))) return { kind: 'not-installed' };
  if (!relative) return { kind: 'missing' };
  const p = path.join(electronDir, 'dist', relative);
  return existsSync(p) ? { kind: 'found', path: p } : { kind: 'missing' };
}

/**
 * The line worth showing of what a failing program printed: the first that
 * is neither blank nor a stack frame, without Chromium's "[pid:...:ERROR:file]"
 * prefix or a JavaScript "TypeError: " label; at most 200 characters.
 */
export function reasonLine(output: string): string | null {
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (!line || /^at\s/.test(line) || /^[{}]$/.test(line)) continue;
    return line
      .replace(/^\[[^\]]*:(?:ERROR|FATAL|WARNING)[^\]]*\]\s*/, '')
      .replace(/^\w*Error:\s*/, '')
      .slice(0, 200);
  }
  return null;
}

export interface Fetched {
  ok: boolean;
  timedOut: boolean;
  /** What the downloader printed (its stack trace included): never shown as it is. */
  output: string;
}

/** Runs the electron package's own downloader (node_modules/electron/install.js), quietly, within `timeoutMs`. */
export function fetchElectron(electronDir: string, timeoutMs: number): Promise<Fetched> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(electronDir, 'install.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, timedOut, output: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0 && !timedOut, timedOut, output });
    });
  });
}
