// Shared by the integration tests: finds the test bed made by
// e2e/testbed/setup.sh and checks it is alive. Without it the tests skip with
// a loud message; under CI=true they fail, because a skipped suite is not a pass.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { HostKeyStore } from '../../electron/backend/transport/host-keys.ts';
import type { HostConfig } from '../../shared/contract/models.ts';

export interface Testbed {
  uri: string;
  runningVm: string;
  shutoffVm: string;
  pool: string;
  poolPath: string;
  inactivePool: string;
  ssh: {
    host: string;
    port: number;
    user: string;
    keyPath: string;
    passphraseKeyPath: string;
    keyPassphrase: string;
    password: string;
    hostKeyPub: string;
    noSudoUser: string;
    noSudoPassword: string;
    sshdConfig: string;
    sshdPidFile: string;
  };
  /** The user-space iSCSI target (tgt) of e2e/testbed/iscsi-target.sh: one file-backed LUN, no CHAP. */
  iscsi: {
    host: string;
    port: number;
    target: string;
    /** The IQN our initiators (libvirt's iscsi-direct pool, QEMU's libiscsi) present. */
    initiatorIqn: string;
    lunFile: string;
    lunBytes: number;
  };
  /** The one-node Ceph cluster of e2e/testbed/ceph.sh (memstore OSD, cephx). The user's key is asked of the cluster, never stored. */
  rbd: {
    monHost: string;
    monPort: number;
    /** The Ceph pool an rbd storage pool uses. */
    pool: string;
    /** The cephx user (client.NAME) with rbd rights on that pool only. */
    user: string;
    conf: string;
    adminKeyring: string;
  };
  chromium: string;
}

const FILE = path.join(process.env.SPINDLE_TESTBED_DIR ?? '/var/lib/spindle-testbed', 'testbed.json');

function probe(): { bed: Testbed | null; problem: string | null } {
  if (process.getuid?.() !== 0) return { bed: null, problem: 'the integration tests need root (libvirtd on qemu:///system, sshd users)' };
  let bed: Testbed;
  try {
    bed = JSON.parse(readFileSync(FILE, 'utf8')) as Testbed;
  } catch {
    return { bed: null, problem: `no test bed description at ${FILE}; run "sudo bash e2e/testbed/setup.sh" first` };
  }
  try {
    const state = execFileSync('virsh', ['-c', bed.uri, 'domstate', bed.runningVm], { encoding: 'utf8', timeout: 10_000 }).trim();
    if (state !== 'running') return { bed: null, problem: `test VM ${bed.runningVm} is ${state}, not running; run e2e/testbed/setup.sh` };
  } catch (e) {
    return { bed: null, problem: `libvirtd does not answer (${(e as Error).message.split('\n')[0]}); run e2e/testbed/setup.sh` };
  }
  return { bed, problem: null };
}

let cached: ReturnType<typeof probe> | null = null;

/** The test bed, or null after skipping (or failing, under CI=true) the test. */
export function requireTestbed(t: TestContext): Testbed | null {
  cached ??= probe();
  if (cached.bed) return cached.bed;
  const msg = `TEST BED MISSING: ${cached.problem}`;
  if (process.env.CI === 'true') throw new Error(`${msg} (CI=true: missing infrastructure is a failure)`);
  console.error(`\n*** ${msg}: integration test SKIPPED ***\n`);
  t.skip(msg);
  return null;
}

/** A fresh config directory so tests never see the developer's saved hosts or keys. */
export function tempConfigDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A host-key store that ignores the user's own known_hosts files. */
export function isolatedKeyStore(dir: string, knownHosts: string[] = []): HostKeyStore {
  return new HostKeyStore(dir, knownHosts);
}

export function hostFingerprint(bed: Testbed): string {
  return execFileSync('ssh-keygen', ['-lf', bed.ssh.hostKeyPub], { encoding: 'utf8' }).split(' ')[1] ?? '';
}

export function localHost(bed: Testbed): HostConfig {
  return { kind: 'local', name: 'local', uri: bed.uri, sudo: false };
}

export function sshHost(bed: Testbed, over: Partial<Extract<HostConfig, { kind: 'ssh' }>> = {}): HostConfig {
  return {
    kind: 'ssh',
    name: 'loopback',
    host: bed.ssh.host,
    port: bed.ssh.port,
    user: bed.ssh.user,
    auth: 'key',
    keyPath: bed.ssh.keyPath,
    uri: bed.uri,
    sudo: true,
    ...over,
  };
}

export function virsh(bed: Testbed, ...args: string[]): string {
  return execFileSync('virsh', ['-q', '-c', bed.uri, ...args], { encoding: 'utf8', timeout: 60_000 });
}

export async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs: number, stepMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** Runs a program inside the running test guest (or another running guest, `vm`) through its agent; returns its stdout. */
export function guestExec(bed: Testbed, program: string, args: string[], vm = bed.runningVm): string {
  const start = JSON.parse(
    virsh(bed, 'qemu-agent-command', vm, JSON.stringify({ execute: 'guest-exec', arguments: { path: program, arg: args, 'capture-output': true } })),
  ) as { return: { pid: number } };
  for (let i = 0; i < 100; i++) {
    const st = JSON.parse(virsh(bed, 'qemu-agent-command', vm, JSON.stringify({ execute: 'guest-exec-status', arguments: { pid: start.return.pid } }))) as {
      return: { exited: boolean; 'out-data'?: string };
    };
    if (st.return.exited) return Buffer.from(st.return['out-data'] ?? '', 'base64').toString('utf8');
    execFileSync('sleep', ['0.1']);
  }
  throw new Error(`${program} did not finish in the guest`);
}

/** Runs the `spindle` CLI in-process, capturing its output. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../../electron/backend/cli/main.ts');
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

/** Starts a shell script in the running guest (or `vm`) without waiting for it; returns its guest pid. */
export function guestSpawn(bed: Testbed, script: string, vm = bed.runningVm): number {
  const out = virsh(bed, 'qemu-agent-command', vm, JSON.stringify({ execute: 'guest-exec', arguments: { path: '/bin/sh', arg: ['-c', script] } }));
  return (JSON.parse(out) as { return: { pid: number } }).return.pid;
}

export function guestKill(bed: Testbed, pid: number, vm = bed.runningVm): void {
  virsh(bed, 'qemu-agent-command', vm, JSON.stringify({ execute: 'guest-exec', arguments: { path: '/bin/kill', arg: [String(pid)] } }));
}
