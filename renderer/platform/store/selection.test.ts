// A detached disk (or deleted volume) that was showing hands the selection to
// its VM (or pool): the details panel and the toolbar keep something to show.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useSelectionStore } from './selection.ts';

const vm = { kind: 'vm', host: 'h', vm: 'web' } as const;
const disk = { kind: 'disk', host: 'h', vm: 'web', disk: 'vdc' } as const;

test('a disk row in the VM\'s table: the row goes, the VM stays selected', () => {
  const s = useSelectionStore.getState();
  s.select(vm);
  s.selectRow(disk);
  useSelectionStore.getState().forget(disk);
  assert.deepEqual(useSelectionStore.getState().selected, vm);
  assert.equal(useSelectionStore.getState().row, null);
});

test('a disk selected in the tree: its VM is selected', () => {
  useSelectionStore.getState().select(disk);
  assert.deepEqual(useSelectionStore.getState().row, disk);
  useSelectionStore.getState().forget(disk);
  assert.deepEqual(useSelectionStore.getState().selected, vm);
  assert.equal(useSelectionStore.getState().row, null);
});

test('another disk, or a volume, is left alone; a volume hands over to its pool', () => {
  const other = { kind: 'disk', host: 'h', vm: 'web', disk: 'vdb' } as const;
  useSelectionStore.getState().select(other);
  const before = useSelectionStore.getState();
  useSelectionStore.getState().forget(disk);
  assert.equal(useSelectionStore.getState(), before, 'unchanged state, no re-render');
  const volume = { kind: 'volume', host: 'h', pool: 'p', volume: 'x.qcow2' } as const;
  useSelectionStore.getState().select(volume);
  useSelectionStore.getState().forget(volume);
  assert.deepEqual(useSelectionStore.getState().selected, { kind: 'pool', host: 'h', pool: 'p' });
});
