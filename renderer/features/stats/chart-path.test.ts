// From samples to pixels: plot area, polyline with gaps and per-slot peaks, scale top, hover lookup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RawWindow } from './chart-data.ts';
import { lastValues, nearestIndex, plotArea, strokeSeries, windowMax } from './chart-path.ts';

/** Records the calls a canvas would get. */
function fakeCtx() {
  const ops: string[] = [];
  const ctx = {
    beginPath: () => ops.push('begin'),
    moveTo: (x: number, y: number) => ops.push(`M${x},${y}`),
    lineTo: (x: number, y: number) => ops.push(`L${x},${y}`),
    stroke: () => ops.push('stroke'),
  };
  return { ops, ctx: ctx as unknown as CanvasRenderingContext2D };
}

const g = { left: 0, top: 0, width: 100, height: 100 };

test('plot area: the y axis on the left, the time axis below', () => {
  assert.deepEqual(plotArea(300, 170, 'iops', false), { left: 44, top: 6, width: 246, height: 142 });
  assert.equal(plotArea(300, 96, 'bps', true).left, 62);
});

test('a polyline over the window: x by time before now, y by the scale, a gap lifts the pen', () => {
  const w: RawWindow = { t: [0, 25_000, 50_000, 75_000, 100_000], v: [[0, 50, NaN, 100, 200]] };
  const { ops, ctx } = fakeCtx();
  strokeSeries(ctx, w, 0, g, 100_000, 100, 100);
  // 200 is above the top: drawn just over it (clipped by the canvas), not off to infinity.
  assert.deepEqual(ops, ['begin', 'M0,100', 'L25,50', 'M75,0', 'L100,-5', 'stroke']);
});

test('samples sharing a slot keep the highest', () => {
  const w: RawWindow = { t: [0, 100, 200, 10_000], v: [[1, 9, 3, 2]] };
  const { ops, ctx } = fakeCtx();
  strokeSeries(ctx, w, 0, g, 10_000, 10, 10, 5);
  // The first three fall in one 5 px slot: one point, at the slot's last x, with its peak (9).
  assert.deepEqual(ops, ['begin', 'M2,10', 'L100,80', 'stroke']);
});

test('scale top and hover: the highest shown value (and limits) from t0 on; the nearest sample', () => {
  const w: RawWindow = { t: [0, 1000, 2000], v: [[500, 1, 2], [7, 8, 9]] };
  assert.equal(windowMax(w, [0], 500), 2);
  assert.equal(windowMax(w, [0, 1], 0), 500);
  assert.equal(windowMax(w, [1], 0, [50]), 50);
  assert.equal(nearestIndex(w, 1400), 1);
  assert.equal(nearestIndex(w, 1600), 2);
  assert.equal(nearestIndex({ t: [], v: [] }, 5), -1);
  assert.deepEqual(lastValues({ t: [0, 1], v: [[1, NaN], [NaN, NaN]] }), [1, null]);
});
