// Throw-away sshds on free loopback ports (the test bed's own sshd on 2222 is
// never touched): with host keys chosen by the test, or the test bed's own key
// (same fingerprint as 2222), extra sshd_config lines (MaxStartups), and a hard
// stop that kills its sessions too, as when a host goes away.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Testbed } from './testbed.ts';

/** 'testbed': the test bed's own host key, so hostFingerprint(bed) is this server's too. */
export type HostKeyKind = 'rsa' | 'ed25519' | 'testbed';

export interface TempSshd {
  port: number;
  /** SHA256:... of each host key, as ssh-keygen -l prints it. */
  fingerprint: Record<HostKeyKind, string>;
  /** "TYPE BASE64" of each host key, as known_hosts lists it. */
  publicKey: Record<HostKeyKind, string>;
  /** (Re)starts the server offering exactly these host keys, in this order (default: as last time). */
  start(keys?: HostKeyKind[]): Promise<void>;
  /** Stops the listener (SIGTERM); sessions already open stay, as with a real sshd restart. */
  stop(): Promise<void>;
  /** Kills the listener and every session it forked: established connections die, new ones are refused. */
  stopHard(): Promise<void>;
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
      parent.set(Number(e), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
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

export async function startTempSshd(bed: Testbed, keys: HostKeyKind[], extra: string[] = []): Promise<TempSshd> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-sshd-'));
  const port = await freePort();
  const keyFile: Record<HostKeyKind, string> = { rsa: path.join(dir, 'host_rsa'), ed25519: path.join(dir, 'host_ed25519'), testbed: bed.ssh.hostKeyPub.replace(/\.pub$/, '') };
  const fingerprint = {} as Record<HostKeyKind, string>;
  const publicKey = {} as Record<HostKeyKind, string>;
  for (const kind of ['rsa', 'ed25519', 'testbed'] as const) {
    if (kind !== 'testbed') execFileSync('ssh-keygen', ['-q', '-t', kind, ...(kind === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-f', keyFile[kind]]);
    fingerprint[kind] = execFileSync('ssh-keygen', ['-lf', `${keyFile[kind]}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';
    publicKey[kind] = readFileSync(`${keyFile[kind]}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
  }
  let child: ChildProcess | null = null;
  let current = keys;
  const stopWith = async (hard: boolean): Promise<void> => {
    const c = child;
    child = null;
    if (!c?.pid || c.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    for (const p of hard ? [c.pid, ...descendants(c.pid)] : [c.pid]) {
      try {
        process.kill(p, hard ? 'SIGKILL' : 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    await exited;
  };
  const start = async (hostKeys: HostKeyKind[] = current): Promise<void> => {
    await stopWith(false);
    current = hostKeys;
    const cfg = path.join(dir, 'sshd_config');
    writeFileSync(
      cfg,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        ...hostKeys.map((k) => `HostKey ${keyFile[k]}`),
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'PermitRootLogin no',
        'PubkeyAuthentication yes',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        `AllowUsers ${bed.ssh.user} ${bed.ssh.noSudoUser}`,
        'MaxSessions 10',
        'LogLevel ERROR',
        ...extra,
        '',
      ].join('\n'),
    );
    // -D: stays a child of the test, so it (and its sessions) are found by pid.
    const c = spawn('/usr/sbin/sshd', ['-D', '-f', cfg, '-E', path.join(dir, 'sshd.log')], { stdio: 'ignore' });
    child = c;
    for (let i = 0; i < 200; i++) {
      if (c.exitCode !== null) throw new Error(`sshd exited (${c.exitCode}); see ${dir}/sshd.log`);
      if (await sshdAnswers(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`sshd on ${port} did not answer`);
  };
  await start(keys);
  return {
    port,
    fingerprint,
    publicKey,
    start,
    stop: () => stopWith(false),
    stopHard: () => stopWith(true),
    dispose: async () => {
      await stopWith(true);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
