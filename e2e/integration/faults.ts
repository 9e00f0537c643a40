// Real faults for the reconnect tests: an sshd of the test's own that can be
// stopped hard (its established sessions die too, as when a host goes away),
// TCP resets of established connections, a libvirtd restart, and the real
// `spindle` CLI as a long-running child whose output lines are timestamped on
// arrival (so the tests can measure how long recovery took).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Testbed } from './testbed.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

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

/** Whether an SSH server answers with its banner on this port. */
export function sshdAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(false);
    });
    s.once('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('SSH-'));
    });
    s.once('error', () => resolve(false));
  });
}

/** Every process whose parent chain leads to `pid` (read from /proc). */
function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: ppid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(e), ppid);
    } catch {
      /* gone meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const [child, pp] of parent) {
      if (pp === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

export interface FaultSshd {
  port: number;
  /** (Re)starts it; resolves once it answers with its banner. */
  start(): Promise<void>;
  /** Kills the listener and every session it forked: established connections die, new ones are refused. */
  stopHard(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * An sshd on a free loopback port with the test bed's host key and users
 * (same fingerprint, same client key), plus `extra` sshd_config lines.
 */
export async function startFaultSshd(bed: Testbed, extra: string[] = []): Promise<FaultSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-fault-sshd-'));
  const port = await freePort();
  const cfg = path.join(dir, 'sshd_config');
  writeFileSync(
    cfg,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${bed.ssh.hostKeyPub.replace(/\.pub$/, '')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'PermitRootLogin no',
      'PubkeyAuthentication yes',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      `AllowUsers ${bed.ssh.user}`,
      'MaxSessions 10',
      'LogLevel ERROR',
      ...extra,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const stopHard = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c?.pid || c.exitCode !== null) return;
    const pids = [c.pid, ...descendants(c.pid)];
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    for (const p of pids) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await exited;
  };
  const start = async (): Promise<void> => {
    await stopHard();
    // -D: stays our child, so it and its sessions are found by pid.
    const c = spawn('/usr/sbin/sshd', ['-D', '-f', cfg, '-E', path.join(dir, 'sshd.log')], { stdio: 'ignore' });
    child = c;
    for (let i = 0; i < 200; i++) {
      if (c.exitCode !== null) throw new Error(`sshd exited (${c.exitCode}); see ${dir}/sshd.log`);
      if (await sshdAnswers(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`sshd on ${port} did not answer`);
  };
  await start();
  return {
    port,
    start,
    stopHard,
    dispose: async () => {
      await stopHard();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Resets (RST) every established TCP connection to `port` from this machine,
 * as a flaky network or a stateful firewall would. Returns how many it reset.
 */
export function resetConnections(port: number): number {
  const out = execFileSync('ss', ['-K', '-t', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(`:${port}`)).length;
}

/** Stops libvirtd, starts it again (the test bed's own script); resolves when it answers, with that time. */
export function restartLibvirtd(): number {
  execFileSync('pkill', ['-x', 'libvirtd']);
  for (let i = 0; i < 200; i++) {
    try {
      execFileSync('pgrep', ['-x', 'libvirtd'], { stdio: 'ignore' });
      execFileSync('sleep', ['0.05']);
    } catch {
      break; // gone
    }
  }
  execFileSync('bash', [path.join(ROOT, 'e2e/testbed/host-setup.sh')], { stdio: 'ignore' });
  return Date.now();
}

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

/** Starts the real `spindle` command with its own settings folder; every output line is timestamped as it arrives. */
export function spawnCli(configDir: string, args: string[]): RunningCli {
  const env: NodeJS.ProcessEnv = { ...process.env, SPINDLE_CONFIG_DIR: configDir, HOME: path.join(os.tmpdir(), 'spindle-no-home') };
  delete env.SSH_AUTH_SOCK;
  const child = spawn(process.execPath, [path.join(ROOT, 'electron/backend/cli/bin.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
