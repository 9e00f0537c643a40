// `npm start`: the desktop app when Electron can run here, else browser mode.
// The electron package fetches its binary on first use and throws a stack
// trace when it cannot (no network to github.com, as on the machines that
// build Spindle); an Electron that cannot open a window (no display, missing
// libraries) exits at once. Either way the user gets one paragraph saying
// why and how to get the desktop app, and Spindle in the browser instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { languageFromEnv, msg, renderMsg, type MessageKey, type MsgParam, type Text } from '../../shared/core/messages.ts';
import { fetchElectron, findElectron, reasonLine } from './electron-binary.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const MAIN = path.join(ROOT, 'dist', 'app', 'main.cjs');
/** An Electron still running after this long has started (it opens its window well before). */
const START_WINDOW_MS = Number(process.env['SPINDLE_ELECTRON_START_MS'] ?? 8000);
/** The binary is about 100 MB: a slow link may take minutes; a closed network fails at once. */
const FETCH_TIMEOUT_MS = 10 * 60_000;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const lang = languageFromEnv(process.env);
const say = (key: MessageKey, params?: Record<string, MsgParam>): string => renderMsg(msg(key, params), lang);

/** English prose wrapped to the terminal (Chinese is left to the terminal: it has no spaces to break at). */
function paragraph(text: string): string {
  if (lang !== 'en') return text;
  const width = Math.min(process.stderr.columns || 80, 100);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}

function electronDir(): string {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return path.join(ROOT, 'node_modules', 'electron');
  }
}

/** Passes Ctrl-C and kill on to a child while it runs; returns the undo. */
function relaySignals(child: ChildProcess): () => void {
  const handlers = SIGNALS.map((sig) => {
    const h = (): void => void child.kill(sig);
    process.on(sig, h);
    return [sig, h] as const;
  });
  return () => handlers.forEach(([sig, h]) => process.off(sig, h));
}

/** Finds (or fetches) the binary; the reason it cannot be had otherwise. */
async function electronBinary(): Promise<{ path: string } | { why: Text }> {
  const dir = electronDir();
  const found = findElectron(dir);
  if (found.kind === 'found') return { path: found.path };
  if (found.kind === 'not-installed') return { why: msg('app.start.notInstalled') };
  process.stderr.write(`${say('app.start.downloading')}\n`);
  const got = await fetchElectron(dir, FETCH_TIMEOUT_MS);
  const again = findElectron(dir);
  if (got.ok && again.kind === 'found') return { path: again.path };
  const error = got.timedOut ? msg('app.start.downloadTimedOut', { seconds: FETCH_TIMEOUT_MS / 1000 }) : (reasonLine(got.output) ?? msg('app.start.noReason'));
  return { why: msg('app.start.downloadFailed', { error }) };
}

/**
 * Runs the desktop app. Resolves with its exit code once it has ended, or
 * with the reason it could not start (it exited with an error within the
 * start window: what it printed then is the reason, not shown as it is).
 */
function runElectron(binary: string): Promise<{ code: number } | { why: Text }> {
  return new Promise((resolve) => {
    const child = spawn(binary, [MAIN, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'pipe'] });
    const unrelay = relaySignals(child);
    let early = '';
    let starting = true;
    const started = setTimeout(() => {
      starting = false;
      process.stderr.write(early);
    }, START_WINDOW_MS);
    child.stderr?.on('data', (d: Buffer) => {
      if (starting) early += d.toString('utf8');
      else process.stderr.write(d);
    });
    const end = (result: { code: number } | { why: Text }): void => {
      clearTimeout(started);
      unrelay();
      resolve(result);
    };
    child.on('error', (e) => end({ why: msg('app.start.cannotStart', { path: binary, error: e.message }) }));
    child.on('close', (code, signal) => {
      if (starting && code !== 0 && signal === null) end({ why: msg('app.start.cannotStart', { path: binary, error: reasonLine(early) ?? msg('app.start.noReason') }) });
      else end({ code: code ?? 1 });
    });
  });
}

async function main(): Promise<void> {
  const binary = await electronBinary();
  if ('path' in binary) {
    const ran = await runElectron(binary.path);
    if ('code' in ran) process.exit(ran.code);
    fallBack(ran.why);
  } else {
    fallBack(binary.why);
  }
  // Browser mode in this process: it prints its address and stops on Ctrl-C or kill.
  await import('../web/main.ts');
}

function fallBack(why: Text): void {
  process.stderr.write(`\n${paragraph(say('app.start.fallback', { why }))}\n\n`);
}

main().catch((e: unknown) => {
  // One line, never a stack trace: what failed is in the message.
  process.stderr.write(`${say('app.start.failed', { error: e instanceof Error ? e.message : String(e) })}\n`);
  process.exit(1);
});
