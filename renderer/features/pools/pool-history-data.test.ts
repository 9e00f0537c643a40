// The pool history chart's data: merging renewals and the rows of percentages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyRows, mergePoints, thinKey } from './pool-history-data.ts';

const MIN = 60_000;

test('a renewal appends, and its point of an already-shown minute replaces the older reading', () => {
  const old = [{ t: 0, capacity: 10, allocation: 1 }, { t: MIN, capacity: 10, allocation: 2 }, { t: MIN + 10_000, capacity: 10, allocation: 3 }];
  const merged = mergePoints(old, [{ t: MIN + 40_000, capacity: 10, allocation: 4 }, { t: 2 * MIN, capacity: 10, allocation: 5 }]);
  assert.deepEqual(merged.map((p) => p.allocation), [1, 4, 5]);
  assert.deepEqual(mergePoints(old, []), old);
});

test('rows: allocation in % of capacity, each thin pool data and metadata where read, null elsewhere', () => {
  const { rows, thinPools } = historyRows([
    { t: 0, capacity: 200, allocation: 50, thin: [{ name: 'tp', dataPercent: 10, metadataPercent: 80.5 }] },
    { t: MIN, capacity: 0, allocation: 0 },
  ]);
  assert.deepEqual(thinPools, ['tp']);
  assert.deepEqual(rows, [
    { t: 0, alloc: 25, [thinKey('data', 'tp')]: 10, [thinKey('meta', 'tp')]: 80.5 },
    { t: MIN, alloc: null, [thinKey('data', 'tp')]: null, [thinKey('meta', 'tp')]: null },
  ]);
});
