// The revert and delete planners on the chains measured in REVERT-NOTES.md.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SnapshotInfo, SnapshotTree } from '../../../../shared/contract/features/snapshots.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { planSnapshotRevert } from './snapshot-revert.ts';
import { planSnapshotDelete } from './snapshot-delete.ts';

const D = '/s';
const XML = `<domain type='qemu'><name>vm</name><devices><disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${D}/vm-vda.s1'/><backingStore type='file'><format type='qcow2'/><source file='${D}/vm-vda.qcow2'/></backingStore><target dev='vda' bus='virtio'/></disk></devices></domain>`;
const snap = (over: Partial<SnapshotInfo>): SnapshotInfo => ({ name: 's1', description: '', parent: null, createdAt: 1, state: 'disk-snapshot', kind: 'external-disk', current: true, disks: [{ target: 'vda', mode: 'external', overlay: `${D}/vm-vda.s1`, base: `${D}/vm-vda.qcow2`, format: 'qcow2' }], sizeBytes: null, ...over });
const tree = (snapshots: SnapshotInfo[], externalRevert = false): SnapshotTree => ({ domain: 'vm', snapshots, nowAfter: 's1', capabilities: { externalRevert, internal: true, agent: true } });
const exists = (f: string): boolean => f === `${D}/vm-vda.qcow2` || f === `${D}/vm.m1.mem`;

test('revert of an external disk-only snapshot on 9.0: stop, overlay on the base, define, start; old overlay left unused and named', () => {
  const p = planSnapshotRevert({ domain: 'vm', name: 's1' }, { uri: 'u', domainState: 'running', tree: tree([snap({})]), currentSources: { vda: `${D}/vm-vda.s1` }, blockJobTargets: [], exists, inactiveXml: XML });
  assert.deepEqual(p.steps.map((s) => s.argv[0] === 'virsh' ? s.argv[3] : s.argv[0]), ['destroy', 'qemu-img', 'define', 'start']);
  assert.deepEqual(p.files.created, [`${D}/vm-vda.revert-s1.qcow2`]);
  assert.deepEqual(p.files.leftUnused, [`${D}/vm-vda.s1`]);
  assert.ok(p.steps[2]!.stdin!.includes(`file="${D}/vm-vda.revert-s1.qcow2"`) && !p.steps[2]!.stdin!.includes('backingStore'));
  assert.equal(p.steps[2]!.undo!.stdin, XML);
});

test('revert with memory restores the save image with its XML retargeted (never the base)', () => {
  const s = snap({ kind: 'external-memory', state: 'running', memoryFile: `${D}/vm.m1.mem` });
  const p = planSnapshotRevert({ domain: 'vm', name: 's1' }, { uri: 'u', domainState: 'running', tree: tree([s]), currentSources: { vda: `${D}/vm-vda.s1` }, blockJobTargets: [], exists, inactiveXml: XML, saveImageXml: XML.replace(`${D}/vm-vda.s1`, `${D}/vm-vda.qcow2`) });
  const restore = p.steps.find((x) => x.argv[3] === 'restore')!;
  assert.ok(!restore.stdin!.includes(`file="${D}/vm-vda.qcow2"`));
});

test('revert refusals: unknown snapshot, block job, base missing; libvirt >= 9.9 reverts itself', () => {
  const f = { uri: 'u', domainState: 'running', tree: tree([snap({})]), currentSources: {}, blockJobTargets: [] as string[], exists, inactiveXml: XML };
  assert.throws(() => planSnapshotRevert({ domain: 'vm', name: 'nope' }, f), SpindleError);
  assert.throws(() => planSnapshotRevert({ domain: 'vm', name: 's1' }, { ...f, blockJobTargets: ['vda'] }), /block job/);
  assert.throws(() => planSnapshotRevert({ domain: 'vm', name: 's1' }, { ...f, exists: () => false }), /missing/);
  assert.equal(planSnapshotRevert({ domain: 'vm', name: 's1' }, { ...f, tree: tree([snap({})], true) }).steps[0]!.argv[3], 'snapshot-revert');
});

test('delete: in chain commits through libvirt; refused when another VM chain uses the base; mixed chain refused; after a revert only metadata', () => {
  const base = { uri: 'u', tree: tree([snap({})]), activeChains: { vda: [`${D}/vm-vda.s1`, `${D}/vm-vda.qcow2`] }, usersOf: (): string[] => [] };
  const p = planSnapshotDelete({ domain: 'vm', name: 's1' }, base);
  assert.deepEqual(p.steps.map((s) => s.argv.slice(3)), [['snapshot-delete', '--domain', 'vm', '--snapshotname', 's1']]);
  assert.deepEqual(p.files.deleted, [`${D}/vm-vda.s1`]);
  assert.throws(() => planSnapshotDelete({ domain: 'vm', name: 's1' }, { ...base, usersOf: (f: string) => (f.endsWith('vm-vda.qcow2') ? ['VM other (vda)'] : []) }), /VM other/);
  assert.throws(() => planSnapshotDelete({ domain: 'vm', name: 's1' }, { ...base, tree: tree([snap({}), snap({ name: 'i2', parent: 's1', kind: 'internal' })]) }), /i2.*internal.*s1/);
  const after = planSnapshotDelete({ domain: 'vm', name: 's1' }, { ...base, activeChains: { vda: [`${D}/vm-vda.revert-s1.qcow2`, `${D}/vm-vda.qcow2`] } });
  assert.ok(after.steps[0]!.argv.includes('--metadata'));
  assert.deepEqual(after.files.leftUnused, [`${D}/vm-vda.s1`]);
  assert.deepEqual(after.files.deleted, []);
});
