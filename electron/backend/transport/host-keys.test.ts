import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
// A real ed25519 host key (public part) as sshd sends it, another one, and a key of another type.
import { ED25519_KEY as KEY, ED25519_KEY_B64 as KEY_B64, OTHER_ED25519_KEY as OTHER, RSA_KEY as RSA } from './testdata/host-key-blobs.ts';
import { checkKnownHosts, fingerprintOf, HostKeyStore, keyTypeOf, knownHostsKeyTypes, knownHostsName, preferredHostKeyAlgorithms } from './host-keys.ts';
import { inTempDir } from './testdata/temp-dir.ts';


function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

test('fingerprint and key type come from the wire blob', () => {
  assert.equal(keyTypeOf(KEY), 'ssh-ed25519');
  assert.equal(fingerprintOf(KEY), `SHA256:${createHash('sha256').update(KEY).digest('base64').replace(/=+$/, '')}`);
  assert.ok(!fingerprintOf(KEY).endsWith('='));
});

test('known_hosts: plain, hashed, bracketed port, wildcard, negation, revoked', () => {
  assert.equal(knownHostsName('h', 22), 'h');
  assert.equal(knownHostsName('h', 2222), '[h]:2222');
  const plain = `h1,h2 ssh-ed25519 ${KEY_B64}\n`;
  assert.deepEqual(checkKnownHosts(plain, 'h2', 22, KEY), { kind: 'match' });
  assert.deepEqual(checkKnownHosts(plain, 'h3', 22, KEY), { kind: 'none' });
  assert.equal(checkKnownHosts(plain, 'h1', 22, OTHER).kind, 'mismatch');
  const hashedLine = `${hashed('[127.0.0.1]:2222')} ssh-ed25519 ${KEY_B64}\n`;
  assert.deepEqual(checkKnownHosts(hashedLine, '127.0.0.1', 2222, KEY), { kind: 'match' });
  assert.deepEqual(checkKnownHosts(hashedLine, '127.0.0.1', 22, KEY), { kind: 'none' }, 'the port is part of the hashed name');
  const mm = checkKnownHosts(hashedLine, '127.0.0.1', 2222, OTHER);
  assert.equal(mm.kind, 'mismatch');
  assert.equal(mm.kind === 'mismatch' && mm.knownFingerprint, fingerprintOf(KEY));
  assert.deepEqual(checkKnownHosts(`*.example.com,!bad.example.com ssh-ed25519 ${KEY_B64}`, 'a.example.com', 22, KEY), { kind: 'match' });
  assert.deepEqual(checkKnownHosts(`*.example.com,!bad.example.com ssh-ed25519 ${KEY_B64}`, 'bad.example.com', 22, KEY), { kind: 'none' });
  assert.deepEqual(checkKnownHosts(`@revoked * ssh-ed25519 ${KEY_B64}`, 'x', 22, KEY), { kind: 'revoked' });
  // Only another type listed: the client would have asked for it, so the host's keys were replaced.
  assert.deepEqual(checkKnownHosts(`h ssh-rsa ${RSA.toString('base64')}\n# comment\n\n`, 'h', 22, KEY), { kind: 'mismatch', knownFingerprint: fingerprintOf(RSA), knownKeyType: 'ssh-rsa' });
  const twoTypes = `h ssh-rsa ${RSA.toString('base64')}\nh ssh-ed25519 ${KEY_B64}\n`;
  assert.deepEqual(checkKnownHosts(twoTypes, 'h', 22, KEY), { kind: 'match' }, 'one of several types matches');
  assert.deepEqual(checkKnownHosts(twoTypes, 'h', 22, OTHER), { kind: 'mismatch', knownFingerprint: fingerprintOf(KEY), knownKeyType: 'ssh-ed25519' }, 'the same type is named first');
  assert.deepEqual(checkKnownHosts(`h sk-ssh-ed25519@openssh.com AAAA\n`, 'h', 22, KEY), { kind: 'none' }, 'a type Spindle cannot ask for proves nothing');
  assert.deepEqual(knownHostsKeyTypes(`h ssh-rsa ${RSA.toString('base64')}\n@revoked h ssh-ed25519 ${KEY_B64}\nx ssh-ed25519 ${KEY_B64}\n`, 'h', 22), ['ssh-rsa']);
});

test('the host key algorithms of known key types are asked for first', () => {
  assert.equal(preferredHostKeyAlgorithms([]), undefined, "nothing known: ssh2's default order");
  const rsa = preferredHostKeyAlgorithms(['ssh-rsa']) ?? [];
  assert.deepEqual(rsa.slice(0, 3), ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  assert.ok(rsa.includes('ssh-ed25519') && rsa.includes('ecdsa-sha2-nistp256'), 'other types still possible (then refused as changed)');
  assert.equal(new Set(rsa).size, rsa.length);
  assert.deepEqual(preferredHostKeyAlgorithms(['ssh-ed25519', 'ssh-rsa', 'ssh-ed25519'])?.slice(0, 4), ['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
});

test('store: an accepted key is saved only by confirm(); a changed key of any type is refused naming both', async () => {
  await inTempDir('spindle-hk-', async (dir) => {
    const file = path.join(dir, 'trusted-host-keys.json');
    const store = new HostKeyStore(dir, []);
    const d1 = await store.decide('h', 22, KEY);
    assert.equal(d1.accepted, false);
    assert.equal(d1.error?.code, 'HOST_KEY_UNKNOWN');
    assert.equal(d1.error?.details?.fingerprint, fingerprintOf(KEY));
    assert.equal((await store.decide('h', 22, KEY, 'SHA256:wrong')).accepted, false);
    const d3 = await store.decide('h', 22, KEY, fingerprintOf(KEY));
    assert.equal(d3.accepted, true);
    assert.equal(d3.pending, true);
    assert.equal(existsSync(file), false, 'accepting alone stores nothing');
    assert.deepEqual(store.lastPresented('h', 22), { keyType: 'ssh-ed25519', fingerprint: fingerprintOf(KEY) });
    await store.confirm('h', 22, 'SHA256:another');
    assert.equal(existsSync(file), false, 'only the accepted fingerprint is confirmed');
    await store.confirm('h', 22, fingerprintOf(KEY));
    assert.equal((await store.trusted('h', 22))?.fingerprint, fingerprintOf(KEY));
    assert.equal((await store.decide('h', 22, KEY)).accepted, true);
    assert.equal((await store.decide('h', 22, KEY)).pending, undefined);
    assert.deepEqual(await store.hostKeyAlgorithms('h', 22), preferredHostKeyAlgorithms(['ssh-ed25519']));

    const d4 = await store.decide('h', 22, OTHER, fingerprintOf(OTHER));
    assert.equal(d4.accepted, false, 'accepting does not override a changed key');
    assert.equal(d4.error?.code, 'HOST_KEY_CHANGED');
    assert.equal(d4.error?.details?.oldFingerprint, fingerprintOf(KEY));
    assert.equal(d4.error?.details?.newFingerprint, fingerprintOf(OTHER));
    const d5 = await store.decide('h', 22, RSA, fingerprintOf(RSA));
    assert.equal(d5.error?.code, 'HOST_KEY_CHANGED', 'a key of another type is a changed key too');
    assert.deepEqual([d5.error?.details?.oldKeyType, d5.error?.details?.newKeyType], ['ssh-ed25519', 'ssh-rsa']);
    assert.ok(d5.error?.message.includes(`trusted its ssh-ed25519 key ${fingerprintOf(KEY)}, but the host presented the ssh-rsa key ${fingerprintOf(RSA)}`), d5.error?.message);
    assert.match(d5.error?.hint ?? '', /hosts remove/);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(saved.keys.h.fingerprint, fingerprintOf(KEY), 'never replaced');

    await store.forget('h', 22);
    assert.equal((await store.decide('h', 22, OTHER)).error?.code, 'HOST_KEY_UNKNOWN');
  });
});

test('confirm() never replaces a key stored meanwhile', async () => {
  await inTempDir('spindle-hk-', async (dir) => {
    const store = new HostKeyStore(dir, []);
    assert.equal((await store.decide('h', 2222, RSA, fingerprintOf(RSA))).accepted, true);
    await store.trust('h', 2222, 'ssh-ed25519', fingerprintOf(KEY));
    await assert.rejects(store.confirm('h', 2222, fingerprintOf(RSA)), (e: unknown) => e instanceof Error && 'code' in e && e.code === 'HOST_KEY_CHANGED');
    assert.equal((await store.trusted('h', 2222))?.fingerprint, fingerprintOf(KEY));
  });
});

test("the user's known_hosts is consulted before trust on first use", async () => {
  await inTempDir('spindle-hk-', async (dir) => {
    const kh = path.join(dir, 'known_hosts');
    writeFileSync(kh, `${hashed('[10.0.0.5]:2200')} ssh-ed25519 ${KEY_B64}\n`);
    const store = new HostKeyStore(dir, [kh, path.join(dir, 'missing')]);
    assert.equal((await store.decide('10.0.0.5', 2200, KEY)).accepted, true);
    assert.deepEqual(await store.knownKeyTypes('10.0.0.5', 2200), ['ssh-ed25519'], 'asked for first');
    const d = await store.decide('10.0.0.5', 2200, OTHER, fingerprintOf(OTHER));
    assert.equal(d.error?.code, 'HOST_KEY_CHANGED');
    assert.match(d.error?.message ?? '', /known_hosts/);
  });
});
