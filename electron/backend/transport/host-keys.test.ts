import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkKnownHosts, fingerprintOf, HostKeyStore, keyTypeOf, knownHostsName } from './host-keys.ts';

// A real ed25519 host key (public part) as sshd sends it, and its fingerprint as ssh-keygen -l prints it.
const KEY_B64 = 'AAAAC3NzaC1lZDI1NTE5AAAAIJ1BqCvWCaxoqmTPYyDeu6Jb14dzsa1RjMtxk3Fow7JD';
const KEY = Buffer.from(KEY_B64, 'base64');
const OTHER = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIBnB0t2OgkOVaVK3rJq4zRQG3TbQb4cVnPDWW0AHZ0LL', 'base64');

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
  assert.deepEqual(checkKnownHosts(`h ssh-rsa AAAAB3NzaC1yc2E=\n# comment\n\n`, 'h', 22, KEY), { kind: 'none' }, 'another key type is not a mismatch');
});

test('store: unknown -> accept the shown fingerprint -> trusted; changed -> refused with both fingerprints', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-hk-'));
  try {
    const store = new HostKeyStore(dir, []);
    const d1 = await store.decide('h', 22, KEY);
    assert.equal(d1.accepted, false);
    assert.equal(d1.error?.code, 'HOST_KEY_UNKNOWN');
    assert.equal(d1.error?.details?.fingerprint, fingerprintOf(KEY));
    const d2 = await store.decide('h', 22, KEY, 'SHA256:wrong');
    assert.equal(d2.accepted, false);
    const d3 = await store.decide('h', 22, KEY, fingerprintOf(KEY));
    assert.equal(d3.accepted, true);
    assert.equal((await store.decide('h', 22, KEY)).accepted, true);
    const d4 = await store.decide('h', 22, OTHER, fingerprintOf(OTHER));
    assert.equal(d4.accepted, false, 'accepting does not override a changed key');
    assert.equal(d4.error?.code, 'HOST_KEY_CHANGED');
    assert.equal(d4.error?.details?.oldFingerprint, fingerprintOf(KEY));
    assert.equal(d4.error?.details?.newFingerprint, fingerprintOf(OTHER));
    const saved = JSON.parse(readFileSync(path.join(dir, 'trusted-host-keys.json'), 'utf8'));
    assert.equal(saved.keys.h.fingerprint, fingerprintOf(KEY));
    await store.forget('h', 22);
    assert.equal((await store.decide('h', 22, OTHER)).error?.code, 'HOST_KEY_UNKNOWN');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the user's known_hosts is consulted before trust on first use", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-hk-'));
  try {
    const kh = path.join(dir, 'known_hosts');
    writeFileSync(kh, `${hashed('[10.0.0.5]:2200')} ssh-ed25519 ${KEY_B64}\n`);
    const store = new HostKeyStore(dir, [kh, path.join(dir, 'missing')]);
    assert.equal((await store.decide('10.0.0.5', 2200, KEY)).accepted, true);
    const d = await store.decide('10.0.0.5', 2200, OTHER, fingerprintOf(OTHER));
    assert.equal(d.error?.code, 'HOST_KEY_CHANGED');
    assert.match(d.error?.message ?? '', /known_hosts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
