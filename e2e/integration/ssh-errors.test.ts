// Host keys and failures against the real sshd: every failure a user can meet
// arrives as a typed error with a hint, and nothing hangs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SpindleError } from '../../shared/core/errors.ts';
import { HostSession } from '../../electron/backend/session/host-session.ts';
import { HostKeyStore } from '../../electron/backend/transport/host-keys.ts';
import { bedTest, configDir, hostSession } from './fixtures.ts';
import { hostFingerprint, isolatedKeyStore, sshHost, waitFor } from './testbed.ts';

async function expectError(p: Promise<unknown>, code: string): Promise<SpindleError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SpindleError, `typed error, got ${String(e)}`);
    assert.equal(e.code, code, `${e.code}: ${e.message}`);
    assert.ok(e.hint && e.hint.length > 10, 'the error carries a hint');
    return e;
  }
  assert.fail(`expected ${code}`);
}

bedTest('first connection shows the fingerprint; the accepted key is stored once confirmed (TOFU)', async (s) => {
  const { bed } = s;
  const hostKeys = isolatedKeyStore(configDir(s));
  const fp = hostFingerprint(bed);
  const s1 = hostSession(s, sshHost(bed), { hostKeys, secrets: null });
  const e = await expectError(s1.check(), 'HOST_KEY_UNKNOWN');
  assert.equal(e.details?.fingerprint, fp, 'the fingerprint shown is the real SHA-256 of the host key');
  // A wrong "accepted" fingerprint does not count.
  const s2 = hostSession(s, sshHost(bed), { hostKeys, secrets: { acceptFingerprint: 'SHA256:notTheRealOne' } });
  await expectError(s2.check(), 'HOST_KEY_UNKNOWN');
  const s3 = hostSession(s, sshHost(bed), { hostKeys, secrets: { acceptFingerprint: fp } });
  await s3.check();
  assert.equal(await hostKeys.trusted(bed.ssh.host, bed.ssh.port), undefined, 'accepted, not stored before the host is added');
  await hostKeys.confirm(bed.ssh.host, bed.ssh.port, fp);
  assert.equal((await hostKeys.trusted(bed.ssh.host, bed.ssh.port))?.fingerprint, fp);
  // Known now: no acceptance needed any more.
  const s4 = hostSession(s, sshHost(bed), { hostKeys, secrets: null });
  assert.equal(await s4.check(), bed.uri);
});

bedTest('a changed host key is refused, showing the old and the new fingerprint', async (s) => {
  const { bed } = s;
  const hostKeys = isolatedKeyStore(configDir(s));
  const old = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  await hostKeys.trust(bed.ssh.host, bed.ssh.port, 'ssh-ed25519', old);
  const session = hostSession(s, sshHost(bed), { hostKeys });
  const e = await expectError(session.check(), 'HOST_KEY_CHANGED');
  assert.equal(e.details?.oldFingerprint, old);
  assert.equal(e.details?.newFingerprint, hostFingerprint(bed));
  assert.match(e.message, /has changed/);
  assert.equal((await hostKeys.trusted(bed.ssh.host, bed.ssh.port))?.fingerprint, old, 'the stored key is not replaced');
});

bedTest("OpenSSH's hashed known_hosts entries are honoured, and a mismatch there is refused", async (s) => {
  const { bed } = s;
  const dir = configDir(s);
  const scanned = execFileSync('ssh-keyscan', ['-H', '-t', 'ed25519', '-p', String(bed.ssh.port), bed.ssh.host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.match(scanned, /^\|1\|/m, 'ssh-keyscan -H writes hashed host names');
  const good = path.join(dir, 'known_hosts');
  writeFileSync(good, scanned);
  const viaKnownHosts = hostSession(s, sshHost(bed), { hostKeys: new HostKeyStore(dir, [good]), secrets: null });
  assert.equal(await viaKnownHosts.check(), bed.uri, 'accepted through known_hosts, no TOFU step');

  const otherKey = path.join(dir, 'other');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]);
  const pub = execFileSync('cat', [`${otherKey}.pub`], { encoding: 'utf8' }).split(' ').slice(0, 2).join(' ');
  const bad = path.join(dir, 'known_hosts_bad');
  writeFileSync(bad, `[${bed.ssh.host}]:${bed.ssh.port} ${pub}\n`);
  execFileSync('ssh-keygen', ['-q', '-H', '-f', bad], { stdio: 'ignore' });
  const s2 = hostSession(s, sshHost(bed), { hostKeys: new HostKeyStore(path.join(dir, 'cfg2'), [bad]) });
  await expectError(s2.check(), 'HOST_KEY_CHANGED');
});

bedTest('wrong password, unreachable port, missing sudo rights and missing libvirt access are typed errors', async (s) => {
  const { bed } = s;
  const hostKeys = isolatedKeyStore(configDir(s));
  const accept = { acceptFingerprint: hostFingerprint(bed) };
  const run = async (host: ReturnType<typeof sshHost>, secrets: object, code: string): Promise<SpindleError> => {
    const session = new HostSession(host, { hostKeys, secrets: { ...accept, ...secrets } });
    const started = Date.now();
    try {
      return await expectError(session.check(), code);
    } finally {
      await session.close();
      assert.ok(Date.now() - started < 20_000, 'nothing hangs');
    }
  };
  await run(sshHost(bed, { auth: 'password', keyPath: undefined }), { password: 'wrong' }, 'AUTH_FAILED');
  await run(sshHost(bed, { port: 1 }), {}, 'UNREACHABLE');
  await run(sshHost(bed, { keyPath: '/nonexistent/key' }), {}, 'AUTH_FAILED');
  await run(sshHost(bed, { keyPath: bed.ssh.passphraseKeyPath }), {}, 'AUTH_FAILED');
  const sudo = await run(sshHost(bed, { user: bed.ssh.noSudoUser, auth: 'password', keyPath: undefined }), { password: bed.ssh.noSudoPassword }, 'SUDO_PASSWORD_REQUIRED');
  assert.match(sudo.hint ?? '', /NOPASSWD/);
  // Without sudo, a non-root user meets libvirt's access control (polkit without D-Bus here).
  const perm = await run(sshHost(bed, { sudo: false }), {}, 'PERMISSION_DENIED');
  assert.match(perm.hint ?? '', /libvirt/);
});

bedTest('a missing program is named with the package that provides it', async (s) => {
  const session = hostSession(s, sshHost(s.bed));
  const r = await session.runner.run(['spindle-no-such-program', '--version']);
  assert.equal(r.code, 127);
  const { classifyFailure } = await import('../../electron/backend/transport/command-errors.ts');
  const e = classifyFailure(r, 'spindle-no-such-program', session.runner.label);
  assert.equal(e.code, 'COMMAND_NOT_FOUND');
  // A host without virsh on its PATH: the hint names the package.
  const r2 = await session.runner.run(['env', 'PATH=/nonexistent', 'virsh', 'uri']);
  assert.equal(r2.code, 127);
  const e2 = classifyFailure(r2, 'virsh', session.runner.label);
  assert.equal(e2.code, 'COMMAND_NOT_FOUND');
  assert.match(e2.hint ?? '', /apt-get install libvirt-clients/);
});

bedTest('an SSH command that overruns its timeout fails with TIMEOUT and the link stays usable', async (s) => {
  const session = hostSession(s, sshHost(s.bed));
  const t0 = Date.now();
  await expectError(session.runner.run(['sleep', '1234'], { timeoutMs: 500 }), 'TIMEOUT');
  assert.ok(Date.now() - t0 < 5000);
  // The remote process was killed, not left running.
  await waitFor(() => !/sleep 1234/.test(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })), 3000);
  await expectError(session.runner.run(['sleep', '1235'], { timeoutMs: 500, sudo: true }), 'TIMEOUT');
  await waitFor(() => !/sleep 1235/.test(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })), 3000);
  const r = await session.runner.run(['echo', 'still here']);
  assert.equal(r.stdout, 'still here\n');
  // Many commands at once share the bounded channel pool (OpenSSH allows 10 sessions).
  const many = await Promise.all(Array.from({ length: 30 }, (_, i) => session.runner.run(['echo', String(i)])));
  assert.deepEqual(many.map((m) => m.stdout.trim()), Array.from({ length: 30 }, (_, i) => String(i)));
});
