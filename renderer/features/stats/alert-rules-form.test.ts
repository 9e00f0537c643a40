// Alert rules as the editor edits them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertRule } from '../../../shared/contract/features/stats.ts';
import { checkDraft, draftOf, metricsFor, newDraft } from './alert-rules-form.ts';

const disk = { kind: 'disk', host: 'h', domain: 'vm', target: 'vdb' } as const;

test('a new rule starts with the default levels (80/95/100 %) and saves without them', () => {
  const d = newDraft(disk);
  assert.deepEqual(d.levels, { warning: '80', critical: '95', emergency: '100' });
  assert.equal(checkDraft(d).rule, null, 'no limit yet');
  assert.equal(checkDraft(d).errors.limit, 'alerts.err.limitNeeded');
  const r = checkDraft({ ...d, limit: '10' }).rule;
  assert.deepEqual(r, { id: d.id, scope: disk, metric: 'iops', limit: 10 });
});

test('units per metric; levels must rise; pools only know fullness', () => {
  const d = newDraft(disk);
  assert.equal(checkDraft({ ...d, metric: 'bps', limit: '50 MB/s' }).rule?.limit, 50_000_000);
  assert.equal(checkDraft({ ...d, metric: 'latency', limit: '20 ms' }).rule?.limit, 20);
  assert.equal(checkDraft({ ...d, levels: { warning: '90', critical: '80', emergency: '100' }, limit: '5' }).errors.levels, 'alerts.err.levelsOrder');
  assert.deepEqual(checkDraft({ ...d, levels: { warning: '50', critical: '75', emergency: '90' }, limit: '5' }).rule?.levels, { warning: 0.5, critical: 0.75, emergency: 0.9 });
  const pool = newDraft({ kind: 'pool', host: 'h', pool: 'p' });
  assert.deepEqual(metricsFor(pool.scope), ['poolFull', 'thinData', 'thinMetadata']);
  assert.equal(checkDraft({ ...pool, limit: '120' }).errors.limit, 'alerts.err.limit.poolFull');
});

test('saved rules come back into the editor as they were', () => {
  const rule: AlertRule = { id: 'r1', scope: disk, metric: 'bps', limit: 50 * 2 ** 20, levels: { warning: 0.5, critical: 0.9, emergency: 1 } };
  const d = draftOf(rule);
  assert.equal(d.limit, '50 MiB/s');
  assert.deepEqual(d.levels, { warning: '50', critical: '90', emergency: '100' });
  assert.deepEqual(checkDraft(d).rule, rule);
});
