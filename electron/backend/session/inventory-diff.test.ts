// What changed during a gap: state, disks and volumes count; sizes that move
// with every guest write do not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disk, dom, inv, pool } from '../../../shared/contract/testdata/inventory-builders.ts';
import { inventoryChanges } from './inventory-diff.ts';
import { reconnectDelay, reconnectPhase } from './reconnect.ts';


test('changes during a gap, one event per object, as "resync" events', () => {
  const before = inv([dom('web'), dom('db'), dom('gone')], [pool('p', ['a', 'b']), pool('q', [])]);
  const after = inv(
    [dom('web', { state: 'shutoff', disks: [disk('vda'), disk('vdb')] }), dom('db', { disks: [disk('vda', { allocation: 5, physical: 9, capacity: 10 })] }), dom('new')],
    [pool('p', ['b', 'c']), pool('q', [], { active: false })],
    't2',
  );
  assert.deepEqual(
    inventoryChanges(before, after).map((e) => `${e.kind} ${e.name}: ${e.detail}`),
    ['domain web: state running -> shutoff; disks added: vdb', 'domain new: appeared', 'domain gone: disappeared', 'pool p: volumes added: c; volumes removed: a', 'pool q: stopped'],
  );
  assert.ok(inventoryChanges(before, after).every((e) => e.event === 'resync' && e.timestamp === 't2'));
  assert.deepEqual(inventoryChanges(before, before), [], 'nothing changed, nothing said');
});

test('reconnect pacing: quick at first, every 2 s for two minutes, then every 15 s ("offline")', () => {
  assert.deepEqual([0, 1, 2, 3, 4, 9].map((a) => reconnectDelay(a, 1000)), [250, 500, 1000, 2000, 2000, 2000]);
  assert.equal(reconnectDelay(0, 120_000), 15_000);
  assert.equal(reconnectPhase(119_999), 'reconnecting');
  assert.equal(reconnectPhase(120_000), 'offline');
});
