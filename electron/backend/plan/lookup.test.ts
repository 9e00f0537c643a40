// The refusals of the lookups every planner starts with: a catalog message
// (English for the CLI, Chinese for a zh-CN user) naming the request field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Domain, Inventory } from '../../../shared/contract/models.ts';
import { SpindleError } from '../../../shared/core/errors.ts';
import { renderMsg } from '../../../shared/core/messages.ts';
import { findDisk, findDomain, findPool, findVolume } from './lookup.ts';

const dom = { name: 'vm1', disks: [{ target: 'vda' }, { target: 'vdb' }] } as unknown as Domain;
const inv = { host: 'h1', domains: [dom, { name: 'empty', disks: [] }], pools: [{ name: 'default', volumes: [{ name: 'a.qcow2' }] }] } as unknown as Inventory;

function refusal(fn: () => unknown, code: string, field: string, en: string, hint: string, zh: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SpindleError);
    assert.equal(e.code, code);
    assert.equal(e.details?.['field'], field);
    assert.equal(e.message, en);
    assert.equal(e.hint, hint);
    assert.match(renderMsg(e.msg!, 'zh-CN'), zh);
    return true;
  });
}

test('found objects are returned; missing ones are refused with the field at fault, in both languages', () => {
  assert.equal(findDomain(inv, 'vm1'), dom);
  assert.equal(findDisk(dom, 'vdb').target, 'vdb');
  assert.equal(findPool(inv, 'default').name, 'default');
  assert.equal(findVolume(inv, 'default', 'a.qcow2').name, 'a.qcow2');
  refusal(() => findDomain(inv, 'vm9'), 'UNKNOWN_DOMAIN', 'domain', 'There is no VM "vm9" on h1.', 'Pick one of the VMs listed for this host.', /^主机 h1 上没有虚拟机“vm9”。$/);
  refusal(() => findDisk(dom, 'vdz'), 'INVALID_ARGUMENT', 'target', 'VM "vm1" has no disk vdz.', 'Its disks: vda; vdb.', /^虚拟机“vm1”没有磁盘 vdz。$/);
  refusal(() => findDisk(findDomain(inv, 'empty'), 'vda'), 'INVALID_ARGUMENT', 'target', 'VM "empty" has no disk vda.', 'Its disks: none.', /没有磁盘 vda/);
  refusal(() => findPool(inv, 'nope'), 'UNKNOWN_POOL', 'pool', 'There is no storage pool "nope" on h1.', 'Pick one of the pools listed for this host.', /存储池“nope”/);
  refusal(() => findVolume(inv, 'default', 'b', 'source'), 'UNKNOWN_VOLUME', 'source', 'There is no volume "b" in pool "default".', 'Pick a volume the pool lists (refresh the pool if it is new).', /存储池“default”中没有卷“b”/);
  refusal(() => findVolume(inv, 'gone', 'a.qcow2'), 'UNKNOWN_VOLUME', 'volume', 'There is no volume "a.qcow2" in pool "gone".', 'Pick a volume the pool lists (refresh the pool if it is new).', /卷“a.qcow2”/);
});
