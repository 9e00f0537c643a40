import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatsHistorySchema, StatsTickSchema } from './stats.ts';
import { isStatsHistory, isStatsTick } from './stats.check.ts';

const disk = { domain: 'web 1', target: 'vdb', rdIops: 1, wrIops: 2.5, rdBps: 4096, wrBps: 0, rdLatMs: 0.2, wrLatMs: null, flLatMs: null };
const tick = { host: 'h', t: 1000, intervalS: 2, disks: [disk, { ...disk, target: 'vdc', capacity: 1 << 30 }], ended: ['web 1/vdd'] };

/** Every way to break one field of a tick (and a few valid variations). */
function variants(): unknown[] {
  const out: unknown[] = [tick, { ...tick, disks: [], ended: [] }, null, [], 'x', { ...tick, extra: 1 }];
  const bad: unknown[] = [undefined, null, 'x', NaN, Infinity, -Infinity, {}, [], true, 0, -1.5];
  for (const k of Object.keys(tick)) for (const b of bad) out.push({ ...tick, [k]: b });
  for (const k of [...Object.keys(disk), 'allocation', 'capacity', 'physical']) for (const b of bad) out.push({ ...tick, disks: [disk, { ...disk, [k]: b }] });
  for (const b of bad) out.push({ ...tick, ended: ['a', b] }, { ...tick, disks: [b] });
  const gap = { code: 'DISCONNECTED', message: 'lost' };
  out.push({ ...tick, disks: [], ended: [], gap }, { ...tick, gap: { ...gap, extra: 1 } });
  for (const b of bad) out.push({ ...tick, gap: b }, { ...tick, gap: { ...gap, code: b } }, { ...tick, gap: { ...gap, message: b } });
  out.push({ ...tick, gap: { ...gap, code: 'NOT_A_CODE' } });
  // The gap's reason as a message: valid, nested, or broken.
  out.push({ ...tick, gap: { ...gap, msg: { key: 'service.notConnected', params: { host: 'h', n: 1, m: { key: 'x' } } } } });
  for (const b of bad) out.push({ ...tick, gap: { ...gap, msg: b } }, { ...tick, gap: { ...gap, msg: { key: b } } }, { ...tick, gap: { ...gap, msg: { key: 'k', params: { p: b } } } });
  return out;
}

test('isStatsTick accepts exactly what StatsTickSchema accepts', () => {
  let accepted = 0;
  for (const v of variants()) {
    const expected = StatsTickSchema.safeParse(v).success;
    assert.equal(isStatsTick(v), expected, JSON.stringify(v));
    if (expected) accepted++;
  }
  assert.ok(accepted >= 10, 'valid variations are covered too');
});

test('isStatsHistory accepts exactly what StatsHistorySchema accepts', () => {
  const cases: unknown[] = [
    { host: 'h', intervalS: 2, ticks: [] },
    { host: 'h', intervalS: 2, ticks: [tick, tick] },
    { host: 'h', intervalS: 2, ticks: [tick, { ...tick, t: 'x' }] },
    { host: 'h', intervalS: '2', ticks: [] },
    { host: 'h', intervalS: 2 },
    { intervalS: 2, ticks: [] },
    null,
  ];
  for (const v of cases) assert.equal(isStatsHistory(v), StatsHistorySchema.safeParse(v).success, JSON.stringify(v));
});
