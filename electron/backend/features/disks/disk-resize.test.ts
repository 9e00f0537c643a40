import assert from 'node:assert/strict';
import { english } from '../../../../shared/core/messages.ts';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Domain, Inventory } from '../../../../shared/contract/models.ts';
import { planResizeDisk } from './disk-resize.ts';

const MiB = 1 << 20;
const d = (name: string, state: Domain['state'], file: string): Domain => ({
  name, uuid: '', state, vcpus: 1, memoryKiB: 1, autostart: false, persistent: true,
  disks: [{ target: 'vda', bus: 'virtio', device: 'disk', source: { type: 'file', file }, sourceLabel: file, format: 'qcow2', readonly: false, shareable: false, backingChain: [], capacity: 10 * MiB }],
});
const inv: Inventory = {
  host: 'h', uri: 'u', loadedAt: '', durationMs: 0,
  domains: [d('on', 'running', '/p/a.qcow2'), d('off', 'shutoff', '/p/b.qcow2'), d('loose', 'shutoff', '/elsewhere/c.qcow2')],
  pools: [{ name: 'p', uuid: '', type: 'dir', active: true, autostart: true, capacity: 1, allocation: 1, available: 5 * MiB, volumes: [{ name: 'b.qcow2', pool: 'p', key: '/p/b.qcow2', path: '/p/b.qcow2', format: 'qcow2', capacity: 10 * MiB, allocation: MiB, backingChain: [] }] }],
};

test('running: blockresize; off: vol-resize, or qemu-img for a file outside pools', () => {
  assert.deepEqual(planResizeDisk(inv, 'u', { domain: 'on', target: 'vda', newSizeBytes: 20 * MiB }).steps[0]?.argv, ['virsh', '--connect', 'u', 'blockresize', '--domain', 'on', '--path', 'vda', '--size', `${20 * MiB}B`]);
  const off = planResizeDisk(inv, 'u', { domain: 'off', target: 'vda', newSizeBytes: 20 * MiB });
  assert.deepEqual(off.steps[0]?.argv, ['virsh', '--connect', 'u', 'vol-resize', '--pool', 'p', '--vol', 'b.qcow2', '--capacity', String(20 * MiB)]);
  assert.match(off.warnings.map(english).join(' '), /Pool "p" has 5.00 MiB free/);
  const loose = planResizeDisk(inv, 'u', { domain: 'loose', target: 'vda', newSizeBytes: 20 * MiB });
  assert.deepEqual(loose.steps[0]?.argv, ['qemu-img', 'resize', '-f', 'qcow2', '/elsewhere/c.qcow2', String(20 * MiB)]);
  assert.equal(loose.steps[0]?.sudo, true);
});

test('shrinking, same size and unknown disks are refused with an explanation', () => {
  for (const [req, re] of [
    [{ domain: 'on', target: 'vda', newSizeBytes: 5 * MiB }, /would cut off the end/],
    [{ domain: 'on', target: 'vda', newSizeBytes: 10 * MiB }, /already/],
    [{ domain: 'on', target: 'vdz', newSizeBytes: 20 * MiB }, /no disk vdz/],
  ] as const) {
    assert.throws(() => planResizeDisk(inv, 'u', req), (e: unknown) => e instanceof SpindleError && re.test(e.message) && !!e.hint);
  }
});
