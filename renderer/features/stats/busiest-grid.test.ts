// The busiest grid's bookkeeping: charts keep their React keys (and their DOM
// places) across re-sorts; the rank only sets where the grid shows them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignChartKeys, inDomOrder } from './PerfPanel.tsx';

test('a re-sort keeps every chart key and DOM place; a newcomer takes the key of the disk it replaced', () => {
  const state = { byDisk: new Map<string, number>(), next: 0 };
  const first = inDomOrder(assignChartKeys(state, [{ key: 'a' }, { key: 'b' }, { key: 'c' }]));
  assert.deepEqual(first.map((d) => [d.key, d.chartKey, d.rank]), [['a', 0, 0], ['b', 1, 1], ['c', 2, 2]]);
  // c is now the busiest, a left and d came in: d takes a's chart, DOM order is still by key.
  const second = inDomOrder(assignChartKeys(state, [{ key: 'c' }, { key: 'd' }, { key: 'b' }]));
  assert.deepEqual(second.map((d) => [d.key, d.chartKey, d.rank]), [['d', 0, 1], ['b', 1, 2], ['c', 2, 0]]);
});
