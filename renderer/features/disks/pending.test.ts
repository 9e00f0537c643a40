// What a VM's pending disk changes say (bug: a "Now only" attach was shown as
// "1 disk change waits for a restart" though nothing waits).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pendingSummary } from './pending.ts';

test('a disk only in the running VM waits for nothing: it goes away at the next shutdown', () => {
  const s = pendingSummary({ liveOnly: ['vdc'], configOnly: [], changed: [] });
  assert.ok(s);
  assert.equal(s.waiting, 0);
  assert.equal(s.liveOnly, 1);
  assert.deepEqual(s.badge, [{ key: 'diskPending.badge.liveOnly', count: 1 }]);
  assert.equal(s.titleKey, 'diskPending.title.liveOnly');
  assert.deepEqual(s.lines, [{ key: 'diskPending.line.liveOnly', target: 'vdc' }]);
  assert.ok(!s.badge.some((b) => b.key === 'diskPending.badge.waiting'), 'no "waits for a restart"');
});

test('changes in the saved configuration wait for a restart; both kinds are said apart', () => {
  const waiting = pendingSummary({ liveOnly: [], configOnly: ['vdd'], changed: ['vda'] });
  assert.deepEqual(waiting?.badge, [{ key: 'diskPending.badge.waiting', count: 2 }]);
  assert.equal(waiting?.titleKey, 'diskPending.title.waiting');
  const both = pendingSummary({ liveOnly: ['vdc', 'vde'], configOnly: ['vdd'], changed: [] });
  assert.deepEqual(both?.badge, [
    { key: 'diskPending.badge.waiting', count: 1 },
    { key: 'diskPending.badge.liveOnly', count: 2 },
  ]);
  assert.equal(both?.titleKey, 'diskPending.title.both');
  assert.deepEqual(both?.lines.map((l) => `${l.key.split('.').at(-1)} ${l.target}`), ['liveOnly vdc', 'liveOnly vde', 'configOnly vdd']);
});

test('nothing pending, nothing said', () => {
  assert.equal(pendingSummary(undefined), null);
  assert.equal(pendingSummary({ liveOnly: [], configOnly: [], changed: [] }), null);
});
