// Ring buffers per disk: appends, gaps, ends, trimming, and the busiest ranking.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATS_HISTORY_S, type DiskRate, type StatsTick } from '../../../shared/contract/features/stats.ts';
import { busiest, HostStats, Series, stableBusiest } from './series.ts';

const rate = (over: Partial<DiskRate> = {}): DiskRate => ({ domain: 'vm', target: 'vda', rdIops: 1, wrIops: 2, rdBps: 10, wrBps: 20, rdLatMs: 0.5, wrLatMs: null, flLatMs: null, ...over });
const tick = (t: number, disks: DiskRate[], ended: string[] = []): StatsTick => ({ host: 'h', t, intervalS: 1, disks, ended });

test('a series keeps its samples in order, grows past its first capacity and finds times by binary search', () => {
  const s = new Series('vm', 'vda', 4);
  for (let i = 0; i < 10; i++) s.push(1000 * (i + 1), rate({ wrIops: i }), 1);
  assert.equal(s.length, 10);
  assert.equal(s.valueAt(0, 'wrIops'), 0);
  assert.equal(s.valueAt(9, 'wrIops'), 9);
  assert.ok(Number.isNaN(s.valueAt(3, 'wrLatMs')), 'a null latency is NaN');
  assert.equal(s.indexAt(5500), 5);
  s.trimBefore(4000);
  assert.equal(s.length, 7);
  assert.equal(s.timeAt(0), 4000);
  // Old samples out, new in, across the ring's end.
  for (let i = 10; i < 14; i++) s.push(1000 * (i + 1), rate({ wrIops: i }), 1);
  assert.equal(s.timeAt(s.length - 1), 14000);
  assert.equal(s.valueAt(s.length - 1, 'wrIops'), 13);
  s.push(14000, rate(), 1);
  assert.equal(s.length, 11, 'a sample that is not newer is ignored');
});

test('a silence of more than 2.5 intervals and a restart after an end leave a gap row', () => {
  const s = new Series('vm', 'vda');
  s.push(1000, rate(), 1);
  s.push(2000, rate(), 1);
  s.push(9000, rate(), 1);
  assert.equal(s.length, 4);
  assert.ok(Number.isNaN(s.valueAt(2, 'rdIops')));
  assert.equal(s.timeAt(2), 3000);
  s.end();
  assert.equal(s.last, null);
  s.push(10000, rate(), 1);
  assert.equal(s.ended, false);
  assert.ok(Number.isNaN(s.valueAt(4, 'rdIops')), 'the restart is not joined to the old line');
});

test("a gap tick (the host could not be sampled) breaks every line of the host at once, without a made-up value", () => {
  const hs = new HostStats('h', 1);
  hs.applyTick(tick(1000, [rate(), rate({ target: 'vdb' })]));
  hs.applyTick({ ...tick(2000, []), gap: { code: 'DISCONNECTED', message: 'lost' } });
  // Back 1.5 s later: not long enough for the silence rule alone to break the line.
  hs.applyTick(tick(3500, [rate({ wrIops: 7 })]));
  const vda = hs.series.get('vm/vda');
  assert.equal(vda?.length, 3);
  assert.equal(vda?.timeAt(1), 2000);
  assert.ok(Number.isNaN(vda?.valueAt(1, 'wrIops') ?? 0), 'the gap row has no value');
  assert.equal(vda?.valueAt(2, 'wrIops'), 7);
  assert.equal(hs.series.get('vm/vdb')?.length, 2, 'a disk that has not come back ends in the gap too');
  assert.equal(hs.applyTick({ ...tick(2000, []), gap: { code: 'DISCONNECTED', message: 'again' } }), false, 'an old gap changes nothing');
});

test('HostStats: one tick is O(its disks); ended series end; history beyond 10 minutes goes; merge skips what is known', () => {
  const hs = new HostStats('h', 1);
  assert.equal(hs.applyTick(tick(1000, [rate(), rate({ target: 'vdb' })])), true);
  assert.equal(hs.version, 1);
  assert.equal(hs.applyTick(tick(1000, [rate()])), false, 'an old tick changes nothing');
  hs.applyTick(tick(2000, [rate()], ['vm/vdb']));
  assert.equal(hs.series.get('vm/vdb')?.ended, true);
  assert.equal(hs.series.get('vm/vda')?.length, 2);
  hs.applyTick(tick(2000 + STATS_HISTORY_S * 1000 + 1500, [rate()]));
  assert.equal(hs.series.has('vm/vdb'), false, 'a series with nothing left in 10 minutes is dropped');
  const v = hs.version;
  assert.equal(hs.merge({ host: 'h', intervalS: 1, ticks: [tick(1000, [rate()]), tick(2000, [rate()])] }), false);
  assert.equal(hs.version, v);
});

test('busiest ranks live disks by the moving average; the stable ranking keeps its places unless clearly beaten', () => {
  const hs = new HostStats('h', 1);
  for (let t = 1; t <= 30; t++) {
    hs.applyTick(tick(t * 1000, [rate({ target: 'a', rdIops: 100, wrIops: 0 }), rate({ target: 'b', rdIops: 50, wrIops: 0 }), rate({ target: 'c', rdIops: 45, wrIops: 0 })]));
  }
  assert.deepEqual(
    busiest(hs, 2).map((s) => s.target),
    ['a', 'b'],
  );
  // c is a little busier than b now: not enough to take its place.
  for (let t = 31; t <= 60; t++) hs.applyTick(tick(t * 1000, [rate({ target: 'a', rdIops: 100, wrIops: 0 }), rate({ target: 'b', rdIops: 50, wrIops: 0 }), rate({ target: 'c', rdIops: 55, wrIops: 0 })]));
  assert.deepEqual(stableBusiest(hs, 2, 'iops', ['vm/a', 'vm/b'], false), ['vm/a', 'vm/b']);
  // Now c is far busier than b: between re-sorts the grid stays; at the re-sort c takes b's place and goes first.
  for (let t = 61; t <= 120; t++) hs.applyTick(tick(t * 1000, [rate({ target: 'a', rdIops: 100, wrIops: 0 }), rate({ target: 'b', rdIops: 50, wrIops: 0 }), rate({ target: 'c', rdIops: 300, wrIops: 0 })]));
  assert.deepEqual(stableBusiest(hs, 2, 'iops', ['vm/a', 'vm/b'], false), ['vm/a', 'vm/b']);
  assert.deepEqual(stableBusiest(hs, 2, 'iops', ['vm/a', 'vm/b'], true), ['vm/c', 'vm/a']);
  // A re-sort leaves near-ties where they are: b is only a little busier than d.
  const hs2 = new HostStats('h', 1);
  for (let t = 1; t <= 30; t++) hs2.applyTick(tick(t * 1000, [rate({ target: 'a', rdIops: 10, wrIops: 0 }), rate({ target: 'b', rdIops: 110, wrIops: 0 }), rate({ target: 'd', rdIops: 100, wrIops: 0 })]));
  assert.deepEqual(stableBusiest(hs2, 3, 'iops', ['vm/a', 'vm/d', 'vm/b'], true), ['vm/d', 'vm/b', 'vm/a']);
  hs.applyTick(tick(121000, [rate({ target: 'a' })], ['vm/c']));
  assert.deepEqual(stableBusiest(hs, 2, 'iops', ['vm/c', 'vm/a'], false), ['vm/a', 'vm/b'], 'an ended disk leaves the grid');
});
