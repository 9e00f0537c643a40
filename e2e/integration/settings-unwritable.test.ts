// Settings that cannot be written, on real file systems: a read-only mount, a
// full one, hosts.json being a directory, a corrupt file in a read-only
// folder. Each says which folder, what is wrong and what to do, under
// CONFIG_UNWRITABLE (or CONFIG_CORRUPT saying both), and nothing is lost.
// Tests run as root, so chmod would not stop a write: real mounts are used.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SpindleService } from '../../electron/backend/service/spindle-service.ts';
import type { ErrorInfo } from '../../shared/core/errors.ts';
import { hostFingerprint, localHost, sshHost, type Testbed } from './testbed.ts';
import { spindle, type CliResult } from './cli-process.ts';
import { bedTest, sshHostFlags, type Scope } from './fixtures.ts';

/** A tmpfs mounted at a fresh folder; unmounted and removed when the test ends. */
function tmpfs(s: Scope, options: string): { dir: string; remount(o: string): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-cfgmnt-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  s.defer(() => execFileSync('umount', [dir]));
  return { dir, remount: (o) => execFileSync('mount', ['-o', `remount,${o}`, dir]) };
}

/** The error carries the folder and the problem, no temp-file name, a fix, the right code. */
function assertSettingsError(e: ErrorInfo | CliResult['error'] | undefined, folder: string, problem: RegExp, fix: RegExp): void {
  assert.equal(e?.code, 'CONFIG_UNWRITABLE', `${e?.code}: ${e?.message}`);
  assert.ok(e?.message.includes(folder), `names the folder ${folder}: ${e?.message}`);
  assert.match(e?.message ?? '', problem);
  assert.doesNotMatch(`${e?.message} ${e?.hint}`, /\.tmp\b|EROFS|ENOSPC|EISDIR/, 'no raw errno or temp file name');
  assert.match(e?.hint ?? '', fix);
}

function sshAddArgs(bed: Testbed, name: string): string[] {
  return ['hosts', 'add', name, ...sshHostFlags(bed), '--json'];
}

bedTest('a read-only settings folder: CLI and service name the folder and the fix, for local and SSH hosts', async (s) => {
  const { bed } = s;
  const m = tmpfs(s, 'ro,size=1m');
  const local = await spindle(m.dir, ['hosts', 'add', 'here', '--local', '--json']);
  assert.equal(local.code, 1);
  assertSettingsError(local.error, m.dir, /read-only/, /SPINDLE_CONFIG_DIR/);

  const ssh = await spindle(m.dir, sshAddArgs(bed, 'there'));
  assert.equal(ssh.code, 1);
  assertSettingsError(ssh.error, m.dir, /read-only/, /SPINDLE_CONFIG_DIR/);

  const svc = new SpindleService({ configDir: m.dir, knownHostsFiles: [], addLocalHost: false });
  try {
    // The app still starts (first start: the Demo host in memory) and tells any window that connects why nothing is kept.
    await svc.init();
    assert.deepEqual(svc.entries().map((h) => h.config.name), ['Demo']);
    const problems = await svc.dispatch('settings.problems', {});
    assert.ok(problems.ok);
    assertSettingsError(problems.result[0], m.dir, /read-only/, /SPINDLE_CONFIG_DIR/);
    const rules = await svc.dispatch('alerts.setRules', { rules: [] });
    assertSettingsError(rules.ok ? undefined : rules.error, m.dir, /read-only/, /SPINDLE_CONFIG_DIR/);
    const a = await svc.dispatch('hosts.add', { config: localHost(bed) });
    assertSettingsError(a.ok ? undefined : a.error, m.dir, /read-only/, /SPINDLE_CONFIG_DIR/);
    const b = await svc.dispatch('hosts.add', { config: sshHost(bed), acceptFingerprint: hostFingerprint(bed) });
    assertSettingsError(b.ok ? undefined : b.error, m.dir, /read-only/, /SPINDLE_CONFIG_DIR/);
  } finally {
    await svc.close();
  }
  assert.deepEqual(readdirSync(m.dir), []);
});

bedTest('a full settings folder: "no space left", free space; no temp file stays behind', async (s) => {
  const { bed } = s;
  const m = tmpfs(s, 'size=64k');
  const filler = path.join(m.dir, 'filler');
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k', 'count=1000'], { stdio: 'ignore' });
  } catch {
    /* dd stops at "No space left on device": that is the point */
  }
  const r = await spindle(m.dir, ['hosts', 'add', 'here', '--local', '--json']);
  assert.equal(r.code, 1);
  assertSettingsError(r.error, m.dir, /no space left/i, /free/i);
  const ssh = await spindle(m.dir, sshAddArgs(bed, 'there'));
  assertSettingsError(ssh.error, m.dir, /no space left/i, /free/i);
  assert.deepEqual(readdirSync(m.dir), ['filler'], 'no temp files left in the full folder');
});

bedTest('hosts.json is a directory: named, with "remove or rename the directory"; it stays as it was', async (s) => {
  const { bed } = s;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-cfgdir-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const hostsDir = path.join(dir, 'hosts.json');
  mkdirSync(hostsDir);
  writeFileSync(path.join(hostsDir, 'keep-me'), 'x');
  const list = await spindle(dir, ['hosts', 'list', '--json']);
  assert.equal(list.code, 1);
  assertSettingsError(list.error, hostsDir, /is a directory/, /[Rr]emove or rename the directory/);
  const add = await spindle(dir, ['hosts', 'add', 'here', '--local', '--json']);
  assertSettingsError(add.error, hostsDir, /is a directory/, /[Rr]emove or rename the directory/);
  const svc = new SpindleService({ configDir: dir, knownHostsFiles: [], addLocalHost: false });
  try {
    const a = await svc.dispatch('hosts.add', { config: localHost(bed) });
    assertSettingsError(a.ok ? undefined : a.error, hostsDir, /is a directory/, /[Rr]emove or rename the directory/);
  } finally {
    await svc.close();
  }
  assert.ok(statSync(hostsDir).isDirectory());
  assert.equal(readFileSync(path.join(hostsDir, 'keep-me'), 'utf8'), 'x');
});

bedTest('a corrupt hosts.json in a read-only folder: says both, left in place, nothing lost', async (s) => {
  const m = tmpfs(s, 'size=1m');
  const file = path.join(m.dir, 'hosts.json');
  const broken = '{"version":1,"hosts":[{"kind":"local"';
  writeFileSync(file, broken);
  m.remount('ro');
  for (const args of [['hosts', 'list', '--json'], ['hosts', 'add', 'here', '--local', '--json']]) {
    const r = await spindle(m.dir, args);
    assert.equal(r.code, 1);
    assert.equal(r.error?.code, 'CONFIG_CORRUPT', `${r.error?.code}: ${r.error?.message}`);
    assert.ok(r.error?.message.includes(file), r.error?.message);
    assert.match(r.error?.message ?? '', /could not be read/);
    assert.match(r.error?.message ?? '', /read-only/);
    assert.match(r.error?.message ?? '', /left in place/);
    assert.doesNotMatch(`${r.error?.message} ${r.error?.hint}`, /EROFS|moved to/);
    assert.match(r.error?.hint ?? '', /SPINDLE_CONFIG_DIR|read-write/);
  }
  assert.equal(readFileSync(file, 'utf8'), broken, 'the corrupt file is untouched');
  assert.deepEqual(readdirSync(m.dir), ['hosts.json']);
  // Writable again: the usual path, moved aside.
  m.remount('rw');
  const r = await spindle(m.dir, ['hosts', 'list', '--json']);
  assert.equal(r.error?.code, 'CONFIG_CORRUPT');
  assert.equal(r.error?.details?.keptAs && readFileSync(r.error.details.keptAs, 'utf8'), broken);
});
