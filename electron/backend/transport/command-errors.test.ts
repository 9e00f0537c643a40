// Error mapping against real messages recorded from the test bed
// (libvirt/testdata/errors.txt, made by e2e/testbed/capture-golden.sh).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { classifyFailure, commandNotFound } from './command-errors.ts';

const sections = new Map<string, string>();
{
  const text = readFileSync(new URL('../libvirt/testdata/errors.txt', import.meta.url), 'utf8');
  for (const part of text.split(/^### /m).slice(1)) {
    const nl = part.indexOf('\n');
    sections.set(part.slice(0, nl), part.slice(nl + 1));
  }
}
const stderr = (k: string): string => {
  const s = sections.get(k);
  assert.ok(s !== undefined, `recorded section ${k}`);
  return s;
};
const fail = (k: string, code: number, program = 'virsh') => classifyFailure({ stdout: '', stderr: stderr(k), code, durationMs: 1 }, program, 'host1');

test('libvirtd down', () => {
  const e = fail('libvirtd-down', 1);
  assert.equal(e.code, 'LIBVIRTD_NOT_RUNNING');
  assert.match(e.message, /host1/);
});

test('polkit without a system bus is a permission problem, not a dead daemon', () => {
  const e = fail('polkit-no-dbus', 1);
  assert.equal(e.code, 'PERMISSION_DENIED');
  assert.match(e.hint ?? '', /group "libvirt"/);
  assert.match(e.hint ?? '', /auth_unix_rw/);
});

test('unknown objects', () => {
  assert.equal(fail('unknown-domain', 1).code, 'UNKNOWN_DOMAIN');
  assert.equal(fail('unknown-pool', 1).code, 'UNKNOWN_POOL');
  assert.equal(fail('unknown-volume', 1).code, 'UNKNOWN_VOLUME');
  // Both of virsh's lines: what failed, and why.
  assert.equal(fail('unknown-pool', 1).message, "failed to get pool 'no-such-pool': Storage pool not found: no storage pool with matching name 'no-such-pool'");
});

test('sudo asking for a password', () => {
  const e = fail('sudo-password', 1);
  assert.equal(e.code, 'SUDO_PASSWORD_REQUIRED');
  assert.match(e.hint ?? '', /NOPASSWD/);
});

test('command not found from sh and bash names the program', () => {
  for (const k of ['sh-not-found', 'bash-not-found']) {
    const e = fail(k, 127, 'whatever');
    assert.equal(e.code, 'COMMAND_NOT_FOUND');
    assert.equal(e.details?.program, 'spindle-no-such-program');
  }
  assert.match(commandNotFound('virsh', 'h').hint ?? '', /apt-get install libvirt-clients.*dnf install libvirt-client/);
  assert.match(commandNotFound('qemu-img', 'h').hint ?? '', /qemu-utils/);
});

test('anything else is COMMAND_FAILED with the first error line', () => {
  const e = classifyFailure({ stdout: '', stderr: 'error: something odd\nmore', code: 3, durationMs: 1 }, 'virsh', 'h');
  assert.equal(e.code, 'COMMAND_FAILED');
  assert.match(e.message, /exit 3\): something odd/);
});

test('LVM without device-mapper (recorded lvcreate and libvirt stderr) names what is missing', () => {
  const golden = (f: string) => readFileSync(new URL(`../libvirt/testdata/pool-errors/${f}`, import.meta.url), 'utf8');
  for (const [file, program, code] of [['lvcreate-no-device-mapper.stderr.txt', 'lvcreate', 3], ['vol-create-logical-no-device-mapper.stderr.txt', 'virsh', 1]] as const) {
    const e = classifyFailure({ stdout: '', stderr: golden(file), code, durationMs: 1 }, program, 'host1');
    assert.equal(e.msg?.key, 'transport.noDeviceMapper', file);
    assert.equal(e.details?.['missing'], 'device-mapper');
    assert.match(e.message, /device-mapper is missing/);
    assert.match(e.hint ?? '', /modprobe dm_mod/);
  }
  // device-mapper present, its thin-pool target not loaded (lvcreate's own wording).
  const e = classifyFailure({ stdout: '', stderr: '  thin-pool: Required device-mapper target(s) not detected in your kernel.\n', code: 5, durationMs: 1 }, 'lvcreate', 'host1');
  assert.equal(e.msg?.key, 'transport.noDmTarget');
  assert.equal(e.details?.['missing'], 'dm-thin-pool');
  // Anything else stays a plain failure.
  assert.equal(classifyFailure({ stdout: '', stderr: '  Volume group "vg" not found\n', code: 5, durationMs: 1 }, 'lvcreate', 'host1').msg?.key, 'transport.commandFailed');
});
