// The worst active level per tree node: a disk's alert marks the disk, its VM and its host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from '../../../shared/contract/features/stats.ts';
import { nodeKey } from '../../platform/model/node-ref.ts';
import { alertLevels, useAlertsStore, worstLevel } from './store-alerts.ts';

const alert = (over: Partial<Alert>): Alert => ({ ruleId: 'r', scope: { kind: 'disk', host: 'h', domain: 'vm', target: 'vdb' }, metric: 'iops', level: 'warning', value: 9, limit: 10, since: '2026-01-01T00:00:00Z', ...over });

test('levels per node: disk, VM (own and its disks), pool, host; the worst wins', () => {
  const levels = alertLevels([alert({}), alert({ scope: { kind: 'vm', host: 'h', domain: 'vm' }, level: 'critical' }), alert({ scope: { kind: 'pool', host: 'h', pool: 'p' }, metric: 'poolFull', level: 'emergency' })]);
  assert.equal(levels[nodeKey({ kind: 'disk', host: 'h', vm: 'vm', disk: 'vdb' })], 'warning');
  assert.equal(levels[nodeKey({ kind: 'vm', host: 'h', vm: 'vm' })], 'critical');
  assert.equal(levels[nodeKey({ kind: 'pool', host: 'h', pool: 'p' })], 'emergency');
  assert.equal(levels[nodeKey({ kind: 'host', host: 'h' })], 'emergency');
  assert.equal(levels[nodeKey({ kind: 'disk', host: 'h', vm: 'vm', disk: 'vda' })], undefined);
  assert.equal(worstLevel([alert({}), alert({ level: 'critical' })]), 'critical');
  assert.equal(worstLevel([]), undefined);
});

test('the alerts event replaces the list: a cleared alert is gone', () => {
  useAlertsStore.getState().setActive([alert({})]);
  assert.equal(useAlertsStore.getState().levels[nodeKey({ kind: 'vm', host: 'h', vm: 'vm' })], 'warning');
  useAlertsStore.getState().setActive([]);
  assert.deepEqual(useAlertsStore.getState().levels, {});
});
