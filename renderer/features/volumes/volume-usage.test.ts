import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disk, dom, pool } from '../../../shared/contract/testdata/inventory-builders.ts';
import { volumeUses } from './volume-usage.ts';

test('an rbd image attached as a network disk counts as used by that VM (the pool delete page and the volume picker show it)', () => {
  const rbd = pool('ceph', [], { type: 'rbd', volumes: [{ name: 'img', pool: 'ceph', key: 'rbd/img', path: 'rbd/img', capacity: 1, allocation: 0, backingChain: [] }] });
  const vm = dom('web', { disks: [disk('vdb', { source: { type: 'network', protocol: 'rbd', name: 'rbd/img', hosts: [{ name: 'mon1' }] } })] });
  const vol = rbd.volumes[0]!;
  assert.deepEqual(volumeUses([vm], vol, [rbd]), [{ vm: 'web', target: 'vdb', how: 'disk', readonly: false }]);
  // Without the pools the network disk cannot be told (what the picker did before): not counted.
  assert.deepEqual(volumeUses([vm], vol), []);
  // Another image of the same Ceph pool is not used.
  assert.deepEqual(volumeUses([vm], { ...vol, name: 'other', path: 'rbd/other' }, [rbd]), []);
});
