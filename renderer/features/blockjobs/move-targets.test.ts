// The move wizard's pool list: own pool left out, usable ones first by free space, the rest with their reason.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moveTargets } from './move-targets.ts';

const pool = (name: string, available: number, active = true) => ({ name, type: 'dir', active, available });

test('own pool left out; usable pools first, most free first; inactive and full ones last with the reason', () => {
  const out = moveTargets([pool('own', 1e12), pool('small', 100), pool('big', 5000), pool('mid', 2000), pool('off', 9e12, false)], 'own', 1000);
  assert.deepEqual(out.map((t) => [t.pool.name, t.refusalKey]), [['big', null], ['mid', null], ['off', 'blockjobs.move.poolInactive'], ['small', 'blockjobs.move.poolFull']]);
  assert.equal(moveTargets([pool('small', 1)], undefined, null)[0]?.refusalKey, null, 'size unknown: not refused here (the planner checks)');
});
