// The create snapshot form: per-disk defaults and the request sent.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequest, defaultDiskChoice } from './create-form.ts';

const disk = (target: string, format: string, more: Partial<{ device: string; readonly: boolean; shareable: boolean }> = {}) => ({ target, format, device: more.device ?? 'disk', readonly: more.readonly ?? false, shareable: more.shareable ?? false });

test('internal: qcow2 internal, raw excluded with the reason; external: raw becomes an overlay', () => {
  assert.equal(defaultDiskChoice(disk('vda', 'qcow2'), 'internal').mode, 'internal');
  assert.deepEqual(defaultDiskChoice(disk('vdb', 'raw'), 'internal'), { target: 'vdb', file: '', mode: 'exclude', noteKey: 'snapshots.create.noteRaw' });
  assert.equal(defaultDiskChoice(disk('vdb', 'raw'), 'external-disk').mode, 'external');
  assert.equal(defaultDiskChoice(disk('sda', 'raw', { device: 'cdrom' }), 'external-disk').mode, 'exclude');
  assert.equal(defaultDiskChoice(disk('vdc', 'qcow2', { shareable: true }), 'external-memory').noteKey, 'snapshots.create.noteShareable');
});

test('the request: trimmed name, diskOnly for disk-only, overlay path only when given, no quiesce on internal', () => {
  const disks = [{ target: 'vda', mode: 'external' as const, file: ' /p/a.ovl ' }, { target: 'vdb', mode: 'exclude' as const, file: '' }];
  assert.deepEqual(createRequest('vm 1', { name: ' s1 ', description: '', kind: 'external-disk', disks, memoryFile: '', quiesce: true }), {
    domain: 'vm 1', name: 's1', diskOnly: true, quiesce: true,
    disks: [{ target: 'vda', mode: 'external', file: '/p/a.ovl', format: 'qcow2' }, { target: 'vdb', mode: 'exclude' }],
  });
  const r = createRequest('v', { name: 'x', description: 'd', kind: 'internal', disks: [], memoryFile: '/m', quiesce: true });
  assert.equal(r.quiesce, undefined);
  assert.equal(r.memoryFile, undefined);
  assert.equal(r.description, 'd');
  assert.equal(createRequest('v', { name: 'x', description: '', kind: 'external-memory', disks: [], memoryFile: ' /m.save ', quiesce: false }).memoryFile, '/m.save');
});
