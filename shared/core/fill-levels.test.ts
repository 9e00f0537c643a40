// The one fill rule: 80 % warning, 95 % critical, 100 % emergency; a thin
// pool is as bad as the worse of its data and metadata, metadata first.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillLevel, thinPoolAlert } from './fill-levels.ts';

test('fill levels at and around each threshold', () => {
  assert.equal(fillLevel(79.99), null);
  assert.equal(fillLevel(80), 'warning');
  assert.equal(fillLevel(94.99), 'warning');
  assert.equal(fillLevel(95), 'critical');
  assert.equal(fillLevel(99.99), 'critical');
  assert.equal(fillLevel(100), 'emergency');
  assert.equal(fillLevel(null), null);
  assert.equal(fillLevel(Number.NaN), null);
  assert.equal(fillLevel(50, { warning: 0.5, critical: 0.6, emergency: 0.7 }), 'warning', "a rule's own levels");
});

test('a thin pool: the worse part wins, metadata at a tie; inactive pools have no level', () => {
  assert.deepEqual(thinPoolAlert({ dataPercent: 97.33, metadataPercent: 3.75 }), { level: 'critical', part: 'data' });
  assert.deepEqual(thinPoolAlert({ dataPercent: 10, metadataPercent: 81.5 }), { level: 'warning', part: 'metadata' });
  assert.deepEqual(thinPoolAlert({ dataPercent: 96, metadataPercent: 80 }), { level: 'critical', part: 'data' });
  assert.deepEqual(thinPoolAlert({ dataPercent: 85, metadataPercent: 85 }), { level: 'warning', part: 'metadata' }, 'metadata at a tie: full metadata makes the pool read-only');
  assert.deepEqual(thinPoolAlert({ dataPercent: 100, metadataPercent: 100 }), { level: 'emergency', part: 'metadata' });
  assert.equal(thinPoolAlert({ dataPercent: 0, metadataPercent: 10.43 }), null);
  assert.equal(thinPoolAlert({ dataPercent: null, metadataPercent: null }), null);
});
