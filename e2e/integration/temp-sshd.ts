// A second, throw-away sshd on a free loopback port, with host keys chosen by
// the test (the test bed's own sshd on 2222 is never touched), plus the real
// CLI run as a child process (`node electron/backend/cli/bin.js`).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Testbed } from './testbed.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export type HostKeyKind = 'rsa' | 'ed25519';

export interface TempSshd {
  port: number;
  /** SHA256:... of each host key, as ssh-keygen -l prints it. */
  fingerprint: Record<HostKeyKind, string>;
  /** "TYPE BASE64" of each host key, as known_hosts lists it. */
  publicKey: Record<HostKeyKind, string>;
  /** (Re)starts the server offering exactly these host keys, in this order. */
  start(keys: HostKeyKind[]): Promise<void>;
  stop(): Promise<void>;
  /** Stops the server and removes its files. */
  dispose(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('SSH-'));
    });
    s.once('error', () => resolve(false));
  });
}

export async function startTempSshd(bed: Testbed, keys: HostKeyKind[]): Promise<TempSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-sshd-'));
  const port = await freePort();
  const fingerprint = {} as Record<HostKeyKind, string>;
  const publicKey = {} as Record<HostKeyKind, string>;
  for (const kind of ['rsa', 'ed25519'] as const) {
    const file = path.join(dir, `host_${kind}`);
    execFileSync('ssh-keygen', ['-q', '-t', kind, ...(kind === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', file]);
    fingerprint[kind] = execFileSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';
    publicKey[kind] = readFileSync(`${file}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
  }
  let child: ChildProcess | null = null;
  const stop = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  };
  const start = async (hostKeys: HostKeyKind[]): Promise<void> => {
    await stop();
    const cfg = path.join(dir, 'sshd_config');
    writeFileSync(
      cfg,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        ...hostKeys.map((k) => `HostKey ${path.join(dir, `host_${k}`)}`),
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'PermitRootLogin no',
        'PubkeyAuthentication yes',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        `AllowUsers ${bed.ssh.user} ${bed.ssh.noSudoUser}`,
        'MaxSessions 10',
        'LogLevel ERROR',
        '',
      ].join('\n'),
    );
    // -D: stays a child of the test, so it is stopped by its own pid.
    const c = spawn('/usr/sbin/sshd', ['-D', '-f', cfg, '-E', path.join(dir, 'sshd.log')], { stdio: 'ignore' });
    child = c;
    for (let i = 0; i < 100; i++) {
      if (c.exitCode !== null) throw new Error(`sshd exited (${c.exitCode}); see ${dir}/sshd.log`);
      if (await answers(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`sshd on ${port} did not answer`);
  };
  await start(keys);
  return {
    port,
    fingerprint,
    publicKey,
    start,
    stop,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  code: number;
  out: string;
  err: string;
  /** The {"error": ...} object printed with --json, if any. */
  error?: { code: string; message: string; hint?: string; details?: Record<string, string> };
}

/**
 * Runs the real `spindle` command with its own settings folder and HOME (so
 * the user's ~/.ssh/known_hosts never takes part); `input` goes to stdin.
 */
export function spindle(configDir: string, args: string[], input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, SPINDLE_CONFIG_DIR: configDir, HOME: path.join(os.tmpdir(), 'spindle-no-home') };
    delete env.SSH_AUTH_SOCK;
    const c = spawn(process.execPath, [path.join(ROOT, 'electron/backend/cli/bin.js'), ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.once('error', reject);
    c.once('close', (code) => {
      const r: CliResult = { code: code ?? -1, out, err };
      // With --json a failure ends stdout with {"error": ...}, after any progress lines.
      const at = out.lastIndexOf('{\n  "error"');
      if (at >= 0) r.error = (JSON.parse(out.slice(at)) as { error: CliResult['error'] }).error;
      resolve(r);
    });
    c.stdin.end(input);
  });
}
