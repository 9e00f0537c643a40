import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disk, dom, pool } from '../../../shared/contract/testdata/inventory-builders.ts';
import { volumeUses } from './volume-usage.ts';

test('an rbd image attached as a network disk counts as used by that VM (the pool delete page and the volume picker show it)', () => {
  const rbd = pool('ceph', [], { type: 'rbd', volumes: [{ name: 'img', pool: 'ceph', key: 'rbd/img', path: 'rbd/img', capacity: 1, allocation: 0, backingChain: [] }] });
  const vm = dom('web', { disks: [disk('vdb', { source: { type: 'network', protocol: 'rbd', name: 'rbd/img', hosts: [{ name: 'mon1' }] } })] });
  const vol = rbd.volumes[0]!;
  assert.deepEqual(volumeUses([vm], [rbd], vol), [{ vm: 'web', target: 'vdb', how: 'disk', readonly: false }]);
  // A file disk by its path, as before.
  const dir = pool('p', ['a.qcow2']);
  assert.deepEqual(volumeUses([dom('db', { disks: [disk('vda', { source: { type: 'file', file: '/p/a.qcow2' } })] })], [dir], dir.volumes[0]!).map((u) => u.vm), ['db']);
  // Another image of the same Ceph pool is not used.
  assert.deepEqual(volumeUses([vm], [rbd], { ...vol, name: 'other', path: 'rbd/other' }), []);
});
