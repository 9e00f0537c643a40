// The tree's rows and its keyboard behaviour, without a browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HostEntry } from '../../../shared/contract/api.ts';
import type { Domain, Inventory } from '../../../shared/contract/models.ts';
import type { HostInventory } from '../../platform/store/inventory.ts';
import { nodeKey, type NodeRef } from '../../platform/model/node-ref.ts';
import { treeKey, typeAhead } from './tree-keys.ts';
import { buildTreeRows } from './tree.ts';

const host = (name: string): HostEntry => ({ config: { kind: 'local', name, uri: 'qemu:///system', sudo: false }, status: 'online', error: null });
const disk = (target: string) => ({ target, device: 'disk', source: { type: 'file', file: `/img/${target}` }, sourceLabel: `/img/${target}`, readonly: false, shareable: false, backingChain: [] });
const domain = (name: string, targets: string[]): Domain => ({ name, uuid: name, state: 'running', vcpus: 1, memoryKiB: 1024, autostart: false, persistent: true, disks: targets.map(disk) });
const inventory = (domains: Domain[]): Inventory => ({
  host: 'h',
  uri: 'qemu:///system',
  loadedAt: '2026-01-01T00:00:00Z',
  durationMs: 1,
  domains,
  pools: [{ name: 'default', uuid: 'p', type: 'dir', active: true, autostart: true, capacity: 1, allocation: 0, available: 1, volumes: [] }],
});
const inv = (i: Inventory): HostInventory => ({ inventory: i, loading: false, error: null });

test('hosts and groups are open by default, VMs closed; names sort naturally', () => {
  const rows = buildTreeRows([host('h')], { h: inv(inventory([domain('vm10', ['vda']), domain('vm2', ['vdb', 'vda'])])) }, (r) => ['host', 'vms', 'pools'].includes(r.kind));
  assert.deepEqual(
    rows.map((r) => `${r.level}:${r.type}`),
    ['1:host', '2:vms', '3:vm', '3:vm', '2:pools', '3:pool'],
  );
  const vms = rows.filter((r) => r.type === 'vm').map((r) => (r.type === 'vm' ? r.domain.name : ''));
  assert.deepEqual(vms, ['vm2', 'vm10']);
  assert.equal(rows[2]?.posinset, 1);
  assert.equal(rows[2]?.setsize, 2);
  assert.equal(rows[2]?.expandable, true);
  assert.equal(rows[2]?.expanded, false);
});

test('an expanded VM lists its disks by target', () => {
  const open = new Set([nodeKey({ kind: 'vm', host: 'h', vm: 'vm2' })]);
  const rows = buildTreeRows([host('h')], { h: inv(inventory([domain('vm2', ['vdb', 'vda'])])) }, (r) => ['host', 'vms', 'pools'].includes(r.kind) || open.has(nodeKey(r)));
  const disks = rows.filter((r) => r.type === 'disk');
  assert.deepEqual(
    disks.map((r) => (r.type === 'disk' ? r.disk.target : '')),
    ['vda', 'vdb'],
  );
  assert.equal(disks[0]?.level, 4);
  assert.equal(disks[0]?.parentKey, nodeKey({ kind: 'vm', host: 'h', vm: 'vm2' }));
});

test('a host without an inventory yet shows empty groups', () => {
  const rows = buildTreeRows([host('h')], {}, () => true);
  assert.deepEqual(
    rows.map((r) => r.type),
    ['host', 'vms', 'pools'],
  );
  assert.equal(rows[1]?.expandable, false);
});

test('keys: arrows, Home/End, Left/Right collapse, expand and move to parent, Enter selects', () => {
  const open = new Set<string>();
  const isOpen = (r: NodeRef) => ['host', 'vms', 'pools'].includes(r.kind) || open.has(nodeKey(r));
  const rows = buildTreeRows([host('h')], { h: inv(inventory([domain('vm', ['vda'])])) }, isOpen);
  // rows: host, vms, vm, pools, pool
  assert.deepEqual(treeKey(rows, 0, 'ArrowDown'), { type: 'move', index: 1 });
  assert.deepEqual(treeKey(rows, 0, 'ArrowUp'), { type: 'move', index: 0 });
  assert.deepEqual(treeKey(rows, 2, 'End'), { type: 'move', index: rows.length - 1 });
  assert.deepEqual(treeKey(rows, 3, 'Home'), { type: 'move', index: 0 });
  assert.deepEqual(treeKey(rows, 2, 'ArrowRight'), { type: 'expand', index: 2, open: true });
  assert.deepEqual(treeKey(rows, 1, 'ArrowRight'), { type: 'move', index: 2 });
  assert.deepEqual(treeKey(rows, 1, 'ArrowLeft'), { type: 'expand', index: 1, open: false });
  assert.deepEqual(treeKey(rows, 2, 'ArrowLeft'), { type: 'move', index: 1 });
  assert.deepEqual(treeKey(rows, 2, 'Enter'), { type: 'select', index: 2 });
  assert.deepEqual(treeKey(rows, 2, 'ContextMenu'), { type: 'menu', index: 2 });
  assert.deepEqual(treeKey(rows, 2, 'F10', true), { type: 'menu', index: 2 });
  assert.deepEqual(treeKey(rows, 2, 'x'), { type: 'none' });
  assert.deepEqual(treeKey([], 0, 'ArrowDown'), { type: 'none' });
});

test('type-ahead finds the next label with the prefix, wrapping around', () => {
  const labels = ['alpha', 'beta', 'alps', 'gamma'];
  assert.equal(typeAhead(labels, 0, 'al'), 2);
  assert.equal(typeAhead(labels, 2, 'al'), 0);
  assert.equal(typeAhead(labels, 0, 'G'), 3);
  assert.equal(typeAhead(labels, 0, 'zzz'), -1);
});

test('node keys survive hostile names', () => {
  const a = nodeKey({ kind: 'volume', host: 'h', pool: 'p"q', volume: 'a,b' });
  const b = nodeKey({ kind: 'volume', host: 'h', pool: 'p', volume: 'q",a,b' });
  assert.notEqual(a, b);
});
