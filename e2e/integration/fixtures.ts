// The set-up and tear-down the integration specs share, written once.
// bedTest() runs a test on the test bed (skipped loudly without it, failed
// under CI=true: requireTestbed's rule) inside a scope. Every fixture taken
// from the scope, and every undo a test defers, runs when the test ends,
// passed or failed, newest first; one undo that fails does not stop the
// others, and never hides the test's own failure.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { HostSession } from '../../electron/backend/session/host-session.ts';
import type { HostKeyStore } from '../../electron/backend/transport/host-keys.ts';
import type { SshSecrets } from '../../electron/backend/transport/ssh-runner.ts';
import type { HostConfig } from '../../shared/contract/models.ts';
import { xmlEscape } from '../../electron/backend/libvirt/xml.ts';
import { buildPoolXml } from '../../electron/backend/libvirt/model/pool-xml.ts';
import { openService, type ServiceHarness } from './service-harness.ts';
import { startTempSshd, type HostKeyKind, type TempSshd } from './temp-sshd.ts';
import { cli, guestExec, hostFingerprint, isolatedKeyStore, requireTestbed, tempConfigDir, virsh, waitFor, type Testbed } from './testbed.ts';

export interface Scope {
  t: TestContext;
  bed: Testbed;
  /** Runs `undo` when the test ends, passed or failed, before whatever was deferred earlier. */
  defer(undo: () => unknown): void;
}

/** Runs `body` in a scope on `bed`; then every deferred undo, newest first. */
export async function scoped(t: TestContext, bed: Testbed, body: (s: Scope) => Promise<void>): Promise<void> {
  const undos: Array<() => unknown> = [];
  let failure: { error: unknown } | null = null;
  try {
    await body({ t, bed, defer: (undo) => void undos.push(undo) });
  } catch (error) {
    failure = { error };
  }
  const undoErrors: unknown[] = [];
  for (const undo of undos.reverse()) {
    try {
      await undo();
    } catch (e) {
      undoErrors.push(e);
    }
  }
  if (failure) {
    for (const e of undoErrors) t.diagnostic(`clean-up after the failure failed too: ${e instanceof Error ? e.message : String(e)}`);
    throw failure.error;
  }
  if (undoErrors.length === 1) throw undoErrors[0];
  if (undoErrors.length > 1) throw new AggregateError(undoErrors, `${undoErrors.length} clean-up steps failed`);
}

/** A test that needs the test bed, with a scope for its fixtures. */
export function bedTest(name: string, body: (s: Scope) => Promise<void>): void {
  test(name, async (t) => {
    const bed = requireTestbed(t);
    if (!bed) return;
    await scoped(t, bed, body);
  });
}

/** A fresh settings folder, removed at the end. */
export function configDir(s: Scope): string {
  const cfg = tempConfigDir();
  s.defer(cfg.cleanup);
  return cfg.dir;
}

/** Points the in-process `cli()` at a settings folder (a fresh one unless given) until the test ends. */
export function cliSettings(s: Scope, dir = configDir(s)): string {
  process.env.SPINDLE_CONFIG_DIR = dir;
  s.defer(() => delete process.env.SPINDLE_CONFIG_DIR);
  return dir;
}

/** cliSettings() with this machine's libvirtd saved as the host "local", as a user would add it. */
export async function cliWithLocalHost(s: Scope): Promise<string> {
  const dir = cliSettings(s);
  assert.equal((await cli(['hosts', 'add', 'local', '--local'])).code, 0);
  return dir;
}

/** The error the CLI prints with --json ({"error": ...}). */
export interface CliError {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, string>;
}

/** Runs the in-process `cli()` with --json: null when it succeeds, else the error it printed. */
export async function cliError(args: string[]): Promise<CliError | null> {
  const r = await cli([...args, '--json']);
  if (r.code === 0) return null;
  return (JSON.parse(r.out) as { error: CliError }).error;
}

/** The `hosts add NAME` flags for the test bed's SSH user on `port`: key, sudo, its host key accepted. */
export function sshHostFlags(bed: Testbed, port = bed.ssh.port): string[] {
  return ['--ssh', `${bed.ssh.user}@${bed.ssh.host}:${port}`, '--key', bed.ssh.keyPath, '--sudo', '--accept-fingerprint', hostFingerprint(bed)];
}

/** The Spindle service with one host added (local, or the loopback sshd as "loopback"), closed at the end. */
export async function service(s: Scope, host: 'local' | 'ssh' = 'local'): Promise<ServiceHarness> {
  const api = await openService(s.bed, host);
  s.defer(api.close);
  return api;
}

/**
 * A session to `host` with a key store of its own (in a fresh folder unless
 * given) and, over SSH, the test bed's host key accepted unless other secrets
 * (or null, none) are given; closed at the end.
 */
export function hostSession(s: Scope, host: HostConfig, opts: { hostKeys?: HostKeyStore; secrets?: SshSecrets | null; debounceMs?: number } = {}): HostSession {
  // null: no secrets at all, so an unknown host key is refused.
  const secrets = opts.secrets === undefined ? (host.kind === 'ssh' ? { acceptFingerprint: hostFingerprint(s.bed) } : undefined) : (opts.secrets ?? undefined);
  const session = new HostSession(host, { hostKeys: opts.hostKeys ?? isolatedKeyStore(configDir(s)), secrets, debounceMs: opts.debounceMs });
  s.defer(() => session.close());
  return session;
}

/** A throw-away sshd (temp-sshd.ts), stopped and removed at the end. */
export async function tempSshd(s: Scope, keys: HostKeyKind[], extraConfig: string[] = []): Promise<TempSshd> {
  const sshd = await startTempSshd(s.bed, keys, extraConfig);
  s.defer(() => sshd.dispose());
  return sshd;
}

/**
 * A scratch disk: the test bed's data.raw attached read-only to the running
 * VM as `target`, "now only" (live, not in its saved configuration); detached
 * at the end unless the test did it.
 */
export function liveOnlyDisk(s: Scope, target: string): string {
  virsh(s.bed, 'attach-disk', s.bed.runningVm, `${s.bed.poolPath}/data.raw`, target, '--driver', 'qemu', '--subdriver', 'raw', '--mode', 'readonly', '--live');
  s.defer(() => {
    if (liveTargets(s.bed, s.bed.runningVm).includes(target)) virsh(s.bed, 'detach-disk', s.bed.runningVm, target, '--live');
  });
  return target;
}

/** The targets of the disks `vm` has now (`virsh domblklist`). */
export function liveTargets(bed: Testbed, vm: string): string[] {
  return virsh(bed, 'domblklist', vm)
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

/** A volume name of the test pool that is deleted at the end if it exists then (made by the test or not). */
export function scratchVolume(s: Scope, name: string): string {
  s.defer(() => tryVirsh(s.bed, 'vol-delete', '--pool', s.bed.pool, name));
  return name;
}

/** virsh for a clean-up: quiet, and fine when the thing is already gone. */
export function tryVirsh(bed: Testbed, ...args: string[]): void {
  try {
    execFileSync('virsh', ['-q', '-c', bed.uri, ...args], { stdio: 'ignore', timeout: 60_000 });
  } catch {
    /* already gone */
  }
}

/** Undoes a disk a test may have left on `vm`: detached from the running VM and from the saved configuration, where it is. */
export function detachStray(bed: Testbed, vm: string, target: string): void {
  for (const side of ['--live', '--config']) tryVirsh(bed, 'detach-disk', vm, target, side);
}

/**
 * A loop device over a fresh sparse file of `sizeMiB` (for fs, disk and
 * logical pools: this machine has no spare block device). `losetup -P` so a
 * disk pool's partitions show up as /dev/loopNpM. At the end: `losetup -d`,
 * then the file is removed. Returns the device path.
 */
export function loopDevice(s: Scope, sizeMiB: number): string | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-loop-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'disk.img');
  execFileSync('truncate', ['-s', `${sizeMiB}M`, file]);
  let dev: string;
  try {
    dev = execFileSync('losetup', ['--find', '--show', '--partscan', file], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch (e) {
    const why = `no loop device: ${(e as Error).message.split('\n')[0]}`;
    if (process.env.CI === 'true') throw new Error(`${why} (CI=true: missing infrastructure is a failure)`, { cause: e });
    s.t.skip(why);
    return null;
  }
  // Detached unless the kernel already did (autoclear, once libvirt unmounted it).
  s.defer(() => {
    const attached = execFileSync('losetup', ['-l', '-n', '-O', 'NAME,BACK-FILE'], { encoding: 'utf8', timeout: 30_000 });
    if (attached.split('\n').some((l) => l.startsWith(`${dev} `) && l.includes(file))) execFileSync('losetup', ['-d', dev], { timeout: 30_000 });
  });
  return dev;
}

/**
 * A back-end of the test bed is missing: a loud skip on a laptop, a failure
 * under CI=true (a skipped suite is not a pass). Returns null for `return`.
 */
export function missingBackend(s: Scope, what: string): null {
  const text = `${what}; run "sudo bash e2e/testbed/setup.sh"`;
  if (process.env.CI === 'true') throw new Error(`${text} (CI=true: missing infrastructure is a failure)`);
  console.error(`\n*** ${text}: test SKIPPED ***\n`);
  s.t.skip(text);
  return null;
}

/** The iSCSI target of e2e/testbed/iscsi-target.sh, answering iscsi-ls with its IQN; else missingBackend. */
export function requireIscsi(s: Scope): Testbed['iscsi'] | null {
  const i = (s.bed as Partial<Testbed>).iscsi;
  let problem = i ? null : 'testbed.json has no "iscsi" entry';
  if (i && !existsSync('/usr/bin/iscsi-ls')) problem = 'iscsi-ls (libiscsi-bin) is not installed';
  if (i && !problem) {
    try {
      const listed = execFileSync('iscsi-ls', [`iscsi://${i.host}:${i.port}/`], { encoding: 'utf8', timeout: 10_000 });
      if (!listed.includes(`Target:${i.target} `)) problem = `iscsi-ls does not list ${i.target}: ${listed.trim()}`;
    } catch (e) {
      problem = `no iSCSI target answers on ${i.host}:${i.port} (${(e as Error).message.split('\n')[0]})`;
    }
  }
  return problem || !i ? missingBackend(s, `ISCSI TARGET MISSING: ${problem}`) : i;
}

export type Rbd = Testbed['rbd'];

/** Ceph's own CLIs (ceph, rbd) as the test cluster's admin. */
export function cephAdmin(r: Rbd, program: 'ceph' | 'rbd', args: string[], opts: { maxBuffer?: number } = {}): Buffer {
  return execFileSync(program, ['-c', r.conf, '-n', 'client.admin', '-k', r.adminKeyring, ...args], { timeout: 60_000, maxBuffer: opts.maxBuffer ?? 1 << 20 });
}

/** The Ceph cluster of e2e/testbed/ceph.sh, its OSD up; else missingBackend. */
export function requireRbd(s: Scope): Rbd | null {
  const r = (s.bed as Partial<Testbed>).rbd;
  let problem = r ? null : 'testbed.json has no "rbd" entry';
  if (r) {
    try {
      const stat = cephAdmin(r, 'ceph', ['osd', 'stat']).toString();
      if (!/ 1 up/.test(stat)) problem = `the Ceph OSD is not up: ${stat.trim()}`;
    } catch (e) {
      problem = `the Ceph cluster does not answer (${(e as Error).message.split('\n')[0]})`;
    }
  }
  return problem || !r ? missingBackend(s, `CEPH CLUSTER MISSING: ${problem}`) : r;
}

/**
 * A libvirt ceph secret (usage name `usage`) holding client.<user>'s key,
 * undefined at the end. The value goes through a 0600 file in /dev/shm
 * (memory), removed at once: never a command line. virsh reads it without
 * --plain, so it decodes the base64 key as librados wants (with --plain the
 * pool fails to start with ENOENT). Node's stdin pipes are sockets, which
 * virsh cannot open as /dev/stdin. `timed` wraps each virsh step when given.
 */
export function cephSecret(s: Scope, r: Rbd, usage: string, opts: { private?: boolean; timed?: (step: string, fn: () => unknown) => void } = {}): string {
  const timed = opts.timed ?? ((_step: string, fn: () => unknown) => void fn());
  const uuid = randomUUID();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-secret-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'secret.xml');
  writeFileSync(file, `<secret ephemeral='no' private='${opts.private === false ? 'no' : 'yes'}'><uuid>${uuid}</uuid><usage type='ceph'><name>${xmlEscape(usage)}</name></usage></secret>\n`);
  timed('secret-define', () => virsh(s.bed, 'secret-define', file));
  s.defer(() => tryVirsh(s.bed, 'secret-undefine', uuid));
  const keyFile = path.join(existsSync('/dev/shm') ? '/dev/shm' : dir, `${usage}-key`);
  writeFileSync(keyFile, cephAdmin(r, 'ceph', ['auth', 'get-key', `client.${r.user}`]), { mode: 0o600, flag: 'wx' });
  try {
    timed('secret-set-value', () => virsh(s.bed, 'secret-set-value', '--secret', uuid, '--file', keyFile));
  } finally {
    rmSync(keyFile, { force: true });
  }
  return uuid;
}

/**
 * A step timer: `timed(step, fn)` runs fn (or awaits what it returns) and
 * records its cost; the costs are printed as the test's diagnostic at the end.
 */
export function stepTimer(s: Scope): <T>(step: string, fn: () => T) => T {
  const costs: Array<[string, number]> = [];
  s.defer(() => s.t.diagnostic(`costs (ms): ${costs.map(([k, v]) => `${k} ${v}`).join(', ')}`));
  return <T>(step: string, fn: () => T): T => {
    const t0 = performance.now();
    const record = () => void costs.push([step, Math.round(performance.now() - t0)]);
    const v = fn();
    if (v instanceof Promise) return v.finally(record) as T;
    record();
    return v;
  };
}

/** detach-device --live returns when the guest is asked; this waits until the disk is really gone from the running VM. */
export async function detachLive(bed: Testbed, vm: string, diskXmlFile: string, target: string): Promise<void> {
  virsh(bed, 'detach-device', vm, diskXmlFile, '--live');
  await waitFor(() => !liveTargets(bed, vm).includes(target), 20_000, 50);
}

/** LVM's tools without their warnings about file descriptors the test runner leaves open. */
export const LVM_ENV = { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' };

/**
 * A logical pool of the test's own on a fresh loop device (`sizeMiB`), its VG
 * made by pool-build and the pool started; the pool, the VG, the PV and the
 * device are all gone at the end. Null when the test skipped (no loop device).
 */
export function logicalPoolOnLoop(s: Scope, tag: string, sizeMiB = 64): { pool: string; vg: string; dev: string } | null {
  const dev = loopDevice(s, sizeMiB);
  if (!dev) return null;
  const pool = `spindle-${tag}-${process.pid}`;
  const vg = `spindle_${tag.replace(/-/g, '_')}_vg_${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), `spindle-${tag}-`));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'pool.xml');
  writeFileSync(file, buildPoolXml({ type: 'logical', name: pool, source: { devices: [{ path: dev }], name: vg, format: 'lvm2' }, target: { path: `/dev/${vg}` } }));
  virsh(s.bed, 'pool-define', file);
  s.defer(() => tryVirsh(s.bed, 'pool-undefine', pool));
  // The VG and PV go before the loop device does (deferred later, so run earlier).
  s.defer(() => {
    spawnSync('vgremove', ['-f', vg], { env: LVM_ENV });
    spawnSync('pvremove', ['-ff', '-y', dev], { env: LVM_ENV });
  });
  virsh(s.bed, 'pool-build', pool);
  virsh(s.bed, 'pool-start', pool);
  s.defer(() => tryVirsh(s.bed, 'pool-destroy', pool));
  return { pool, vg, dev };
}

/** The running guest's name for the virtio disk with this serial (/dev/vdX), or '' while it has none. The serial goes to sh as $1, never into the script. */
export function guestDeviceBySerial(bed: Testbed, serial: string): string {
  const script = 'for d in /sys/block/vd*; do [ "$(cat "$d/serial" 2>/dev/null)" = "$1" ] && echo "/dev/${d##*/}"; done; exit 0';
  return guestExec(bed, '/bin/sh', ['-c', script, 'sh', serial]).trim();
}

/** guestDeviceBySerial, once the guest has the disk (a hot-plug takes a moment to reach it). */
export function guestDiskBySerial(bed: Testbed, serial: string, timeoutMs = 20_000): Promise<string> {
  return waitFor(() => guestDeviceBySerial(bed, serial), timeoutMs, 200);
}

/** Compares `actual` with the golden file dir/name; SPINDLE_UPDATE_GOLDEN=1 rewrites the file instead. */
export function golden(dir: string, name: string, actual: string): void {
  const file = path.join(dir, name);
  if (process.env.SPINDLE_UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  else assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from its golden file (SPINDLE_UPDATE_GOLDEN=1 rewrites it)`);
}

const GUEST_VM_SH = new URL('../testbed/guest-vm.sh', import.meta.url).pathname;
/** Where scratch guests keep their files (QEMU's user can search it: guest-vm.sh checks). */
const SCRATCH_ROOT = '/var/lib/spindle-testbed/scratch';

export interface ScratchGuest {
  /** The domain's name: spindle-scratch-TAG-PID (sweep.sh removes those of dead runs). */
  name: string;
  /** Its folder: the 64 MiB vda (`${dir}/${name}-vda.qcow2`) and anything the test makes there. */
  dir: string;
  vda: string;
}

/**
 * A tiny guest of the test's own (the test bed's kernel and initrd, a 64 MiB
 * qcow2 vda, the agent channel), defined, and started unless `running` is
 * false (then it waits for its agent, about 7 s here). For specs that change a
 * VM's disks for good (snapshots, block jobs), so the shared test VM is never
 * touched. At the end it is destroyed and undefined with its snapshot metadata,
 * and its folder removed.
 */
export function scratchGuest(s: Scope, tag: string, opts: { running?: boolean } = {}): ScratchGuest {
  const name = `spindle-scratch-${tag}-${process.pid}`;
  const dir = path.join(SCRATCH_ROOT, name);
  execFileSync('mkdir', ['-p', '-m', '0755', SCRATCH_ROOT]);
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  s.defer(() => {
    spawnSync('virsh', ['-q', '-c', s.bed.uri, 'destroy', name], { encoding: 'utf8' });
    spawnSync('virsh', ['-q', '-c', s.bed.uri, 'undefine', name, '--snapshots-metadata', '--checkpoints-metadata', '--nvram'], { encoding: 'utf8' });
    spawnSync('bash', [GUEST_VM_SH, 'destroy', name, dir], { encoding: 'utf8' });
  });
  const r = spawnSync('bash', [GUEST_VM_SH, opts.running === false ? 'define' : 'up', name, dir], { encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`guest-vm.sh could not make ${name}: ${r.stderr || r.stdout}`);
  return { name, dir, vda: path.join(dir, `${name}-vda.qcow2`) };
}

/** Where guestDataDisk mounts a scratch guest's vda (its root is an initramfs: files elsewhere live in RAM, not on a disk). */
export const GUEST_DATA = '/mnt/d';

/** An ext4 on the running guest's vda, mounted at GUEST_DATA, so what a spec writes there is on the disk a job reshapes. */
export function guestDataDisk(bed: Testbed, vm: string): void {
  guestExec(bed, '/bin/sh', ['-c', 'mkfs.ext4 -q -F /dev/vda && mkdir -p "$1" && mount /dev/vda "$1"', 'sh', GUEST_DATA], vm);
  guestExec(bed, '/bin/sh', ['-c', 'grep -q " $1 " /proc/mounts || { echo "not mounted" >&2; exit 1; }; echo ok', 'sh', GUEST_DATA], vm);
}

/** A file's sha256 as the guest reads it back from its disk (the page cache dropped first, so the bytes come from the disk). */
export function guestFileSum(bed: Testbed, vm: string, file: string): string {
  return guestExec(bed, '/bin/sh', ['-c', 'sync; echo 3 > /proc/sys/vm/drop_caches; sha256sum "$1" | cut -d" " -f1', 'sh', file], vm).trim();
}
