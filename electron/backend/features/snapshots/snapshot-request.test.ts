// snapshot.create's checks and the XML it gives libvirt, without a host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SnapshotInfo, SnapshotTree } from '../../../../shared/contract/features/snapshots.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { buildSnapshotXml } from '../../libvirt/model/snapshot-xml.ts';
import { defaultOverlay, snapshotRequestXml, type SnapshotVm } from './snapshot-request.ts';

const snap = (name: string, kind: SnapshotInfo['kind']): SnapshotInfo => ({ name, description: '', parent: null, createdAt: 1, state: 'running', kind, current: false, disks: [], sizeBytes: null });
const tree = (snapshots: SnapshotInfo[] = [], agent = true): SnapshotTree => ({ domain: 'vm', snapshots, nowAfter: null, capabilities: { externalRevert: false, internal: true, agent } });
const vm = (over: Partial<SnapshotVm> = {}): SnapshotVm => ({
  facts: { disks: [{ target: 'vda', format: 'qcow2', file: '/p/vm-vda.qcow2' }, { target: 'vdb', format: 'raw', file: '/p/data.raw' }], pflash: false },
  state: 'running', tree: tree(), version: [9, 0], ...over,
});
const refusal = (f: () => unknown): { text: string; field: string | undefined } => {
  try { f(); } catch (e) { assert.ok(e instanceof SpindleError); return { text: `${e.message} ${e.hint ?? ''}`, field: e.details?.field }; }
  assert.fail('not refused');
};

test('internal on a raw disk: refused with libvirt\'s own words, on the disks field; excluded it is fine', () => {
  const r = refusal(() => snapshotRequestXml({ domain: 'vm', name: 's' }, vm()));
  assert.match(r.text, /internal snapshot for disk vdb unsupported for storage type raw/);
  assert.equal(r.field, 'disks');
  const x = snapshotRequestXml({ domain: 'vm', name: 's', disks: [{ target: 'vdb', mode: 'exclude' }] }, vm());
  assert.deepEqual(x.disks, [{ name: 'vda', snapshot: 'internal' }, { name: 'vdb', snapshot: 'no' }]);
});

test('disk-only: an overlay beside each file; with memory; the XML for stdin', () => {
  const x = snapshotRequestXml({ domain: 'vm', name: 'before upgrade', diskOnly: true, description: 'd' }, vm());
  assert.deepEqual(x.disks.map((d) => d.sourceFile), ['/p/vm-vda.before upgrade.qcow2', '/p/data.before upgrade.qcow2']);
  assert.match(buildSnapshotXml(x), /<memory snapshot='no'\/>/);
  const m = snapshotRequestXml({ domain: 'vm', name: 'm', memoryFile: '/p/m.mem' }, vm());
  assert.deepEqual(m.memory, { snapshot: 'external', file: '/p/m.mem' });
  assert.equal(defaultOverlay('/p/a/b.img', 'x/y'), '/p/a/b.x_y.qcow2');
});

test('refusals name the snapshots, the field and the fix', () => {
  assert.match(refusal(() => snapshotRequestXml({ domain: 'vm', name: 'e', diskOnly: true }, vm({ tree: tree([snap('old1', 'internal')]) }))).text, /internal snapshots \(old1\)/);
  assert.equal(refusal(() => snapshotRequestXml({ domain: 'vm', name: 'old1', diskOnly: true }, vm({ tree: tree([snap('old1', 'external-disk')]) }))).field, 'name');
  assert.equal(refusal(() => snapshotRequestXml({ domain: 'vm', name: 'x', memoryFile: '/m' }, vm({ state: 'shut off' }))).field, 'memoryFile');
  assert.equal(refusal(() => snapshotRequestXml({ domain: 'vm', name: 'x', diskOnly: true, quiesce: true }, vm({ tree: tree([], false) }))).field, 'quiesce');
  const uefi = vm({ facts: { disks: [{ target: 'vda', format: 'qcow2' }], pflash: true } });
  assert.match(refusal(() => snapshotRequestXml({ domain: 'vm', name: 'x' }, uefi)).text, /pflash: libvirt 9\.0/);
});
