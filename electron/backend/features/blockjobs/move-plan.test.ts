// The move planner's refusals and plan shape, against a fake session whose
// qemu-img and virsh answer what libvirt 9.0 printed on the test bed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Inventory } from '../../../../shared/contract/models.ts';
import type { SpindleError } from '../../../../shared/core/errors.ts';
import type { ChainSession } from './chain.ts';
import { planMove } from './move-plan.ts';

const XML = "<domain type='kvm'><name>vm</name><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/a/vm.qcow2'/><target dev='vda' bus='virtio'/></disk></devices></domain>";
const session = {
  config: { uri: 'qemu:///system', sudo: false },
  runner: { label: 'test', run: async () => ({ code: 0, stdout: JSON.stringify([{ filename: '/a/vm.qcow2', format: 'qcow2', 'virtual-size': 64 << 20, 'actual-size': 20 << 20 }]), stderr: '' }) },
  virsh: { exec: async (args: readonly string[]) => (args[0] === 'dumpxml' ? XML : '') },
} as unknown as ChainSession;

const vol = (pool: string, name: string, path: string, backing: string[] = []) => ({ name, pool, key: path, path, capacity: 64 << 20, allocation: 0, backingChain: backing.map((p) => ({ type: 'file', path: p })) });
function inv(over: { available?: number; active?: boolean; other?: boolean } = {}): Inventory {
  const disk = (file: string, target = 'vda') => ({ target, device: 'disk', source: { type: 'file', file }, sourceLabel: file, readonly: false, shareable: false, backingChain: [] });
  return {
    host: 'h', uri: 'qemu:///system', loadedAt: '', durationMs: 0,
    domains: [
      { name: 'vm', uuid: 'u', state: 'running', vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks: [disk('/a/vm.qcow2')] },
      ...(over.other ? [{ name: 'other', uuid: 'v', state: 'shut off' as const, vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks: [disk('/a/vm.qcow2', 'vdb')] }] : []),
    ],
    pools: [
      { name: 'a', uuid: '1', type: 'dir', active: true, autostart: false, capacity: 1e12, allocation: 0, available: 1e12, targetPath: '/a', volumes: [vol('a', 'vm.qcow2', '/a/vm.qcow2')] },
      { name: 'b', uuid: '2', type: 'dir', active: over.active ?? true, autostart: false, capacity: 1e12, allocation: 0, available: over.available ?? 1e12, targetPath: '/b', volumes: [] },
    ],
  } as Inventory;
}
const refusal = async (p: Promise<unknown>): Promise<SpindleError> => {
  try {
    await p;
  } catch (e) {
    return e as SpindleError;
  }
  throw new Error('not refused');
};

test('a running disk: create, blockcopy (no pivot, transient job), pivot, define with the new file; undo aborts before it deletes', async () => {
  const plan = await planMove(session, inv(), { domain: 'vm', target: 'vda', pool: 'b' });
  const args = plan.steps.map((s) => s.argv.slice(3, 4)[0]);
  assert.deepEqual(args, ['vol-create', 'blockcopy', 'blockjob', 'define']);
  const copy = plan.steps[1]!;
  assert.ok(copy.argv.includes('--transient-job') && !copy.argv.includes('--pivot') && copy.blockJob);
  assert.ok(copy.undo?.argv.includes('--abort'));
  assert.ok(plan.steps[0]!.undo?.argv.includes('vol-delete'));
  assert.ok(plan.steps[2]!.argv.includes('--pivot') && !plan.steps[2]!.undo);
  assert.match(plan.steps[3]!.stdin ?? '', /source file="\/b\/vm\.qcow2"/);
  assert.ok(plan.steps[3]!.partialNote && !plan.steps[3]!.undo);
});

test('refusals name the field: same pool, inactive pool, no space (numbers), old file used by another VM', async () => {
  assert.equal((await refusal(planMove(session, inv(), { domain: 'vm', target: 'vda', pool: 'a' }))).details?.['field'], 'pool');
  assert.match((await refusal(planMove(session, inv({ active: false }), { domain: 'vm', target: 'vda', pool: 'b' }))).message, /not running/);
  assert.match((await refusal(planMove(session, inv({ available: 1 << 20 }), { domain: 'vm', target: 'vda', pool: 'b' }))).message, /has 1\.00 MiB free, the disk needs up to 20\.0 MiB/);
  const used = await refusal(planMove(session, inv({ other: true }), { domain: 'vm', target: 'vda', pool: 'b', deleteOld: true }));
  assert.equal(used.details?.['field'], 'deleteOld');
  assert.match(used.message, /other \(vdb\)/);
  const plan = await planMove(session, inv(), { domain: 'vm', target: 'vda', pool: 'b', deleteOld: true });
  assert.equal(plan.steps.at(-1)!.argv[3], 'vol-delete');
});
