import { english } from '../../../../shared/core/messages.ts';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Inventory } from '../../../../shared/contract/models.ts';
import { parseSize } from '../../../../shared/core/units.ts';
import { spawnSync } from 'node:child_process';
import { planInfo, planToScript } from '../../plan/plan.ts';
import { planCreateVolume } from './volume-create.ts';

const GiB = 1024 ** 3;
const inv: Inventory = {
  host: 'h',
  uri: 'qemu:///system',
  loadedAt: '',
  durationMs: 0,
  domains: [],
  pools: [
    {
      name: 'images', uuid: '', type: 'dir', active: true, autostart: true, capacity: 100 * GiB, allocation: 90 * GiB, available: 10 * GiB, targetPath: '/var/lib/libvirt/images',
      volumes: [{ name: 'base.qcow2', pool: 'images', key: '/var/lib/libvirt/images/base.qcow2', path: '/var/lib/libvirt/images/base.qcow2', format: 'qcow2', capacity: 20 * GiB, allocation: GiB, backingChain: [] }],
    },
    { name: 'off', uuid: '', type: 'dir', active: false, autostart: false, capacity: 0, allocation: 0, available: 0, volumes: [] },
  ],
};

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SpindleError && !!e.hint, String(e));
    return `${e.code}: ${e.message}`;
  }
  return 'ok';
};

test('sizes typed by people', () => {
  assert.equal(parseSize('10G'), 10 * GiB);
  assert.equal(parseSize('512 MiB'), 512 * 1024 ** 2);
  assert.equal(parseSize('1.5T'), 1.5 * 1024 ** 4);
  assert.equal(parseSize('2GB'), 2e9);
  assert.equal(parseSize('4096'), 4096);
  assert.ok(Number.isNaN(parseSize('ten gigs')));
  assert.ok(Number.isNaN(parseSize('-1G')));
});

test('every refusal names the problem and the fix', () => {
  const req = { pool: 'images', name: 'new.qcow2', capacityBytes: GiB, format: 'qcow2' as const, allocation: 'sparse' as const };
  assert.equal(code(() => planCreateVolume(inv, 'u', req)), 'ok');
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, pool: 'nope' })), /^UNKNOWN_POOL/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, pool: 'off' })), /not active/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, name: 'base.qcow2' })), /^INVALID_NAME: .*already has a volume/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, name: 'a/b' })), /^INVALID_NAME/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, capacityBytes: 0 })), /positive/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, allocation: 'full', capacityBytes: 11 * GiB })), /does not fit/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, format: 'raw', allocation: 'metadata' })), /qcow2 only/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, format: 'raw', backingVolume: 'base.qcow2' })), /Only a qcow2/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, backingVolume: 'missing' })), /^UNKNOWN_VOLUME/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, backingVolume: 'base.qcow2', capacityBytes: GiB })), /cannot be smaller than its backing file/);
  assert.match(code(() => planCreateVolume(inv, 'u', { ...req, backingVolume: 'base.qcow2', capacityBytes: 20 * GiB, allocation: 'metadata' })), /cannot be combined with a backing file/);
});

test('a sparse volume bigger than the free space is allowed, with a warning', () => {
  const plan = planCreateVolume(inv, 'qemu:///system', { pool: 'images', name: 'big', capacityBytes: 50 * GiB, format: 'qcow2', allocation: 'sparse' });
  assert.equal(plan.warnings.length, 1);
  assert.match(english(plan.warnings[0] ?? ''), /only 10.0 GiB free/);
});

test('the plan: one vol-create with the XML on stdin, shown as a script that does exactly that', () => {
  const plan = planCreateVolume(inv, 'qemu:///system', { pool: 'images', name: "it's new", capacityBytes: 20 * GiB, format: 'qcow2', allocation: 'sparse', backingVolume: 'base.qcow2' });
  assert.deepEqual(plan.steps[0]?.argv, ['virsh', '--connect', 'qemu:///system', 'vol-create', '--pool', 'images', '--file', '/dev/stdin']);
  const meta = planCreateVolume(inv, 'qemu:///system', { pool: 'images', name: 'm', capacityBytes: GiB, format: 'qcow2', allocation: 'metadata' });
  assert.equal(meta.steps[0]?.argv.at(-1), '--prealloc-metadata');
  assert.match(plan.steps[0]?.stdin ?? '', /<name>it&apos;s new<\/name>/);
  assert.match(plan.steps[0]?.stdin ?? '', /<path>\/var\/lib\/libvirt\/images\/base.qcow2<\/path>/);
  const script = planToScript(plan);
  assert.match(script, /^#!\/bin\/sh\n/);
  assert.match(script, /'virsh' '--connect' 'qemu:\/\/\/system' 'vol-create' '--pool' 'images' '--file' '\/dev\/stdin' <<'SPINDLE_EOF'\n<volume>/);
  assert.match(script, /<\/volume>\nSPINDLE_EOF\n/);
});

test('falloc reserves through libvirt; full writes zeros with qemu-img, checked first, with progress and undo', () => {
  const falloc = planCreateVolume(inv, 'qemu:///system', { pool: 'images', name: 'f.raw', capacityBytes: 2 * GiB, format: 'raw', allocation: 'falloc' });
  assert.match(falloc.steps[0]?.stdin ?? '', /<allocation unit='bytes'>2147483648<\/allocation>/);
  const full = planCreateVolume(inv, 'qemu:///system', { pool: 'images', name: 'z.qcow2', capacityBytes: 2 * GiB, format: 'qcow2', allocation: 'full' });
  assert.deepEqual(full.steps.map((s) => s.argv[0]), ['test', 'qemu-img', 'virsh', 'virsh']);
  assert.deepEqual(full.steps[0]?.argv, ['test', '!', '-e', '/var/lib/libvirt/images/z.qcow2']);
  assert.deepEqual(full.steps[1]?.argv, ['qemu-img', 'create', '-q', '-f', 'qcow2', '-o', 'preallocation=full', '/var/lib/libvirt/images/z.qcow2', String(2 * GiB)]);
  assert.deepEqual(full.steps[1]?.progress, { path: '/var/lib/libvirt/images/z.qcow2', bytes: 2 * GiB });
  assert.ok(full.steps[1]?.interruptible && full.steps[1].undo?.argv.includes('/var/lib/libvirt/images/z.qcow2'));
  assert.match(code(() => planCreateVolume(inv, 'u', { pool: 'images', name: 'big', capacityBytes: 11 * GiB, format: 'raw', allocation: 'falloc' })), /does not fit/);
  assert.match(code(() => planCreateVolume(inv, 'u', { pool: 'images', name: 'e', capacityBytes: GiB, format: 'raw', allocation: 'full', encryption: 'luks' })), /encrypted volume is not offered/);
});

test('LUKS: a private secret, its value from stdin at run time, never in the plan or the script', () => {
  const uuid = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  const p = planCreateVolume(inv, 'qemu:///system', { pool: 'images', name: 'secret.qcow2', capacityBytes: GiB, format: 'qcow2', allocation: 'sparse', encryption: 'luks' }, { newUuid: () => uuid });
  assert.deepEqual(p.steps.map((s) => s.argv[3]), ['secret-define', 'secret-set-value', 'vol-create', 'vol-list']);
  assert.match(p.steps[0]?.stdin ?? '', /private='yes'/);
  assert.deepEqual(p.steps[1]?.argv.slice(3), ['secret-set-value', '--secret', uuid, '--file', '/dev/stdin', '--plain']);
  assert.match(p.steps[2]?.stdin ?? '', new RegExp(`<encryption format='luks'>\\s*<secret type='passphrase' uuid='${uuid}'/>`));
  assert.ok(p.steps[0]?.undo?.argv.includes('secret-undefine'));
  const info = planInfo(p);
  assert.equal(info.steps[1]?.secretStdin, true);
  assert.equal('stdin' in (info.steps[1] ?? {}), false);
  const script = planToScript(p);
  assert.match(script, /SPINDLE_PASSPHRASE:\?/);
  assert.match(script, /printf '%s' "\$SPINDLE_PASSPHRASE" \| 'virsh' '--connect' 'qemu:\/\/\/system' 'secret-set-value'/);
  assert.equal(spawnSync('sh', ['-n'], { input: script }).status, 0);
});
