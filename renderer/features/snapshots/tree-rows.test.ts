// The Snapshots tab's rows: order, depth and where the Now row stands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SnapshotInfo } from '../../../shared/contract/features/snapshots.ts';
import { treeRows } from './tree-rows.ts';

const snap = (name: string, parent: string | null, createdAt: number): SnapshotInfo => ({ name, parent, createdAt, description: '', state: 'running', kind: 'internal', current: false, disks: [], sizeBytes: null });
const names = (rows: ReturnType<typeof treeRows>) => rows.map((r) => (r.kind === 'now' ? `NOW@${r.depth}` : `${r.snapshot.name}@${r.depth}`));

test('children in time order under their parent, Now after the current snapshot', () => {
  const rows = treeRows({ snapshots: [snap('b2', 'a', 30), snap('a', null, 10), snap('b1', 'a', 20), snap('c', 'b1', 40)], nowAfter: 'b1' });
  assert.deepEqual(names(rows), ['a@0', 'b1@1', 'NOW@2', 'c@2', 'b2@1']);
});

test('no current snapshot: Now first; an unknown parent makes a root; a parent cycle is not drawn (and does not hang)', () => {
  assert.deepEqual(names(treeRows({ snapshots: [], nowAfter: null })), ['NOW@0']);
  assert.deepEqual(names(treeRows({ snapshots: [snap('x', 'gone', 5)], nowAfter: null })), ['NOW@0', 'x@0']);
  assert.deepEqual(names(treeRows({ snapshots: [snap('p', 'q', 1), snap('q', 'p', 2)], nowAfter: 'p' })), []);
});
