// Host keys of several types on a real sshd: the type Spindle stored is asked
// for first (as OpenSSH does), a key of another type is a changed key naming
// both, and nothing is stored from an add that failed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HostSession } from '../../electron/backend/session/host-session.ts';
import { HostKeyStore } from '../../electron/backend/transport/host-keys.ts';
import { SpindleService } from '../../electron/backend/service/spindle-service.ts';
import { SpindleError } from '../../shared/core/errors.ts';
import { sshHost, type Testbed } from './testbed.ts';
import { spindle } from './cli-process.ts';
import { bedTest, configDir, tempSshd } from './fixtures.ts';
import type { TempSshd } from './temp-sshd.ts';

function trustedKeys(dir: string): Record<string, { keyType: string; fingerprint: string }> {
  const f = path.join(dir, 'trusted-host-keys.json');
  return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as { keys: Record<string, { keyType: string; fingerprint: string }> }).keys : {};
}

function sshArgs(bed: Testbed, sshd: TempSshd, user = bed.ssh.user): string[] {
  return ['--ssh', `${user}@127.0.0.1:${sshd.port}`];
}

/** Adds "first" through the CLI while the server offers only its RSA key. */
async function addWithRsa(bed: Testbed, sshd: TempSshd, dir: string): Promise<void> {
  await sshd.start(['rsa']);
  const r = await spindle(dir, ['hosts', 'add', 'first', ...sshArgs(bed, sshd), '--key', bed.ssh.keyPath, '--sudo', '--accept-fingerprint', sshd.fingerprint.rsa, '--json']);
  assert.equal(r.code, 0, r.err);
  const stored = trustedKeys(dir)[`[127.0.0.1]:${sshd.port}`];
  assert.equal(stored?.keyType, 'ssh-rsa');
  assert.equal(stored?.fingerprint, sshd.fingerprint.rsa);
}

function assertChangedNamingBoth(e: { code: string; message: string; details?: Record<string, string> } | undefined, sshd: TempSshd): void {
  assert.equal(e?.code, 'HOST_KEY_CHANGED', `${e?.code}: ${e?.message}`);
  assert.equal(e?.details?.oldFingerprint, sshd.fingerprint.rsa);
  assert.equal(e?.details?.newFingerprint, sshd.fingerprint.ed25519);
  assert.match(e?.message ?? '', /ssh-rsa/);
  assert.match(e?.message ?? '', /ssh-ed25519/);
  assert.ok(e?.message.includes(sshd.fingerprint.rsa) && e.message.includes(sshd.fingerprint.ed25519), e?.message);
}

bedTest('stored ssh-rsa key: an ed25519-only server is a changed key naming both; a server with both keys is still accepted', async (s) => {
  const { bed } = s;
  const dir = configDir(s);
  const sshd = await tempSshd(s, ['rsa']);
  await addWithRsa(bed, sshd, dir);

  await sshd.start(['ed25519']);
  const changed = await spindle(dir, ['inventory', '--host', 'first', '--json']);
  assert.equal(changed.code, 1);
  assertChangedNamingBoth(changed.error, sshd);

  // Both keys, ed25519 listed first: the client asks for the stored type first.
  await sshd.start(['ed25519', 'rsa']);
  const ok = await spindle(dir, ['inventory', '--host', 'first', '--json']);
  assert.equal(ok.code, 0, ok.err);
  assert.ok((JSON.parse(ok.out) as { domains: Array<{ name: string }> }).domains.some((d) => d.name === bed.runningVm));
  assert.equal(trustedKeys(dir)[`[127.0.0.1]:${sshd.port}`]?.fingerprint, sshd.fingerprint.rsa);
});

bedTest("an OpenSSH known_hosts entry of another type: asked for first when offered, a changed key when not", async (s) => {
  const { bed } = s;
  const dir = configDir(s);
  const sshd = await tempSshd(s, ['ed25519', 'rsa']);
  const kh = path.join(dir, 'known_hosts');
  writeFileSync(kh, `[127.0.0.1]:${sshd.port} ${sshd.publicKey.rsa}\n`);
  const hostKeys = new HostKeyStore(dir, [kh]);
  const host = sshHost(bed, { port: sshd.port });
  const both = new HostSession(host, { hostKeys });
  try {
    assert.equal(await both.check(), bed.uri, 'the RSA key OpenSSH knows is asked for first');
  } finally {
    await both.close();
  }
  await sshd.start(['ed25519']);
  const edOnly = new HostSession(host, { hostKeys, secrets: { acceptFingerprint: sshd.fingerprint.ed25519 } });
  try {
    await assert.rejects(edOnly.check(), (e: unknown) => {
      assert.ok(e instanceof SpindleError);
      assertChangedNamingBoth(e, sshd);
      assert.ok(e.message.includes(kh), 'names the known_hosts file');
      return true;
    });
  } finally {
    await edOnly.close();
  }
  assert.deepEqual(trustedKeys(dir), {}, 'nothing stored');
});

bedTest('--accept-fingerprint never replaces a stored key, and a failed add stores no key', async (s) => {
  const { bed } = s;
  const dir = configDir(s);
  const fresh = configDir(s);
  const sshd = await tempSshd(s, ['rsa']);
  await addWithRsa(bed, sshd, dir);
  const before = readFileSync(path.join(dir, 'trusted-host-keys.json'), 'utf8');

  await sshd.start(['ed25519']);
  const other = await spindle(dir, ['hosts', 'add', 'another-name', ...sshArgs(bed, sshd), '--key', bed.ssh.keyPath, '--sudo', '--accept-fingerprint', sshd.fingerprint.ed25519, '--json']);
  assert.equal(other.code, 1, 'the add of a changed key fails');
  assertChangedNamingBoth(other.error, sshd);
  assert.equal(readFileSync(path.join(dir, 'trusted-host-keys.json'), 'utf8'), before, 'the stored key is unchanged');
  const list = await spindle(dir, ['hosts', 'list', '--json']);
  assert.deepEqual((JSON.parse(list.out) as { hosts: Array<{ name: string }> }).hosts.map((h) => h.name), ['first']);

  // A fresh settings folder: an add that fails after the key was accepted stores nothing.
  const wrongPassword = await spindle(fresh, ['hosts', 'add', 'pw', ...sshArgs(bed, sshd), '--auth', 'password', '--password-stdin', '--sudo', '--accept-fingerprint', sshd.fingerprint.ed25519, '--json'], 'not-the-password\n');
  assert.equal(wrongPassword.error?.code, 'AUTH_FAILED', wrongPassword.err);
  assert.deepEqual(trustedKeys(fresh), {}, 'no key stored after an authentication failure');
  const noSudo = await spindle(fresh, ['hosts', 'add', 'nosudo', ...sshArgs(bed, sshd, bed.ssh.noSudoUser), '--auth', 'password', '--password-stdin', '--sudo', '--accept-fingerprint', sshd.fingerprint.ed25519, '--json'], `${bed.ssh.noSudoPassword}\n`);
  assert.equal(noSudo.error?.code, 'SUDO_PASSWORD_REQUIRED', noSudo.err);
  assert.deepEqual(trustedKeys(fresh), {}, 'no key stored when the virsh check fails');
  assert.ok(!existsSync(path.join(fresh, 'hosts.json')) || !readFileSync(path.join(fresh, 'hosts.json'), 'utf8').includes('nosudo'));

  // The service API the Add Host dialog uses: test, then add.
  const svc = new SpindleService({ configDir: fresh, knownHostsFiles: [], addLocalHost: false });
  try {
    const config = sshHost(bed, { name: 'svc', port: sshd.port });
    const badPw = await svc.dispatch('hosts.add', { config: sshHost(bed, { name: 'svc-pw', port: sshd.port, auth: 'password', keyPath: undefined }), secrets: { password: 'wrong' }, acceptFingerprint: sshd.fingerprint.ed25519 });
    assert.equal(!badPw.ok && badPw.error.code, 'AUTH_FAILED');
    assert.deepEqual(trustedKeys(fresh), {}, 'hosts.add that failed stored no key');
    const tested = await svc.dispatch('hosts.test', { config, acceptFingerprint: sshd.fingerprint.ed25519 });
    assert.ok(tested.ok, JSON.stringify(tested));
    assert.equal(tested.ok && tested.result.fingerprint, sshd.fingerprint.ed25519, 'the test shows the fingerprint it connected with');
    assert.deepEqual(trustedKeys(fresh), {}, 'a test connection is not an add: nothing stored yet');
    const added = await svc.dispatch('hosts.add', { config, acceptFingerprint: sshd.fingerprint.ed25519 });
    assert.ok(added.ok, JSON.stringify(added));
    assert.equal(trustedKeys(fresh)[`[127.0.0.1]:${sshd.port}`]?.fingerprint, sshd.fingerprint.ed25519, 'stored once the add succeeded');
  } finally {
    await svc.close();
  }
});
