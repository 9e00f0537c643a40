// The real `spindle` command as a child process (bin.js, which runs the built
// bundle), with its own settings folder and HOME (so the user's
// ~/.ssh/known_hosts never takes part): long-running (stats, events, a job to
// interrupt) with every output line timestamped as it arrives, or run to its end.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { hostFingerprint, type Testbed } from './testbed.ts';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
/** The `spindle` command (package.json "bin"). */
export const BIN = path.join(ROOT, 'electron/backend/cli/bin.js');

export interface Line {
  at: number;
  stream: 'out' | 'err';
  text: string;
}

export interface RunningCli {
  child: ChildProcess;
  lines: Line[];
  /** The first line (after `since`, ms) of that stream matching `re`. */
  waitLine(stream: 'out' | 'err', re: RegExp, timeoutMs: number, since?: number): Promise<Line>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `spindle ARGS`; `input` goes to its stdin (then closed); `extraEnv` on top of this process's (LANG, say). */
export function spawnCli(configDir: string, args: string[], input = '', extraEnv: Record<string, string> = {}): RunningCli {
  const env: NodeJS.ProcessEnv = { ...process.env, SPINDLE_CONFIG_DIR: configDir, HOME: path.join(os.tmpdir(), 'spindle-no-home'), ...extraEnv };
  delete env.SSH_AUTH_SOCK;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.end(input);
  const lines: Line[] = [];
  const collect = (stream: 'out' | 'err') => {
    let rest = '';
    return (d: Buffer): void => {
      const parts = (rest + d.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      const at = Date.now();
      for (const text of parts) lines.push({ at, stream, text });
    };
  };
  child.stdout?.on('data', collect('out'));
  child.stderr?.on('data', collect('err'));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const waitLine = async (stream: 'out' | 'err', re: RegExp, timeoutMs: number, since = 0): Promise<Line> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = lines.find((l) => l.stream === stream && l.at >= since && re.test(l.text));
      if (hit) return hit;
      if (Date.now() > end || child.exitCode !== null) {
        throw new Error(`spindle ${args.join(' ')}: no ${stream} line matching ${re} within ${timeoutMs} ms.\n${lines.map((l) => `${l.stream}: ${l.text}`).slice(-30).join('\n')}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, lines, waitLine, exited };
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
  /** The {"error": ...} object printed with --json, if any. */
  error?: { code: string; message: string; hint?: string; details?: Record<string, string> };
}

/** Runs `spindle ARGS` to its end. */
export async function spindle(configDir: string, args: string[], input = '', extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const run = spawnCli(configDir, args, input, extraEnv);
  const code = await run.exited;
  const text = (stream: 'out' | 'err') => run.lines.filter((l) => l.stream === stream).map((l) => `${l.text}\n`).join('');
  const out = text('out');
  const r: CliResult = { code: code ?? -1, out, err: text('err') };
  // With --json a failure ends stdout with {"error": ...}, after any progress lines.
  const at = out.lastIndexOf('{\n  "error"');
  if (at >= 0) r.error = (JSON.parse(out.slice(at)) as { error: CliResult['error'] }).error;
  return r;
}

/**
 * Saves the hosts "local" (this machine's libvirtd) and "ssh" (the test bed's
 * user through an sshd on `sshPort`, key and sudo, its key accepted) with the
 * real CLI, as a user would.
 */
export function addTestHosts(bed: Testbed, configDir: string, sshPort = bed.ssh.port): void {
  const run = (args: string[]) => execFileSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, SPINDLE_CONFIG_DIR: configDir }, encoding: 'utf8' });
  run(['hosts', 'add', 'local', '--local', '--uri', bed.uri]);
  run(['hosts', 'add', 'ssh', '--ssh', `${bed.ssh.user}@${bed.ssh.host}:${sshPort}`, '--key', bed.ssh.keyPath, '--sudo', '--uri', bed.uri, '--accept-fingerprint', hostFingerprint(bed)]);
}

/** Whether qemu-img is writing `file` on this machine (also where an SSH "host" is this machine). */
export function qemuImgWriting(file: string): boolean {
  try {
    execFileSync('pgrep', ['-f', `qemu-img create .*${file}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The commands `spindle help` lists: the words of each entry of its Commands section ("disk attach"). */
export function listedCommands(help: string): string[][] {
  const section = help.split('\nCommands:\n')[1]?.split('\n\n')[0] ?? '';
  return section
    .split('\n')
    .filter((l) => /^ {2}\S/.test(l))
    .map((l) => (l.trim().split(/ {2,}/)[0] ?? '').split(' ').filter((w) => !/^[<[]/.test(w)));
}
