import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpindleError } from '../../../shared/errors.ts';
import type { Domain, Inventory } from '../../../shared/models.ts';
import { planAttachDisk, planDetachDisk } from './disk-attach.ts';

const disk = (target: string, file: string, extra: Partial<Domain['disks'][number]> = {}): Domain['disks'][number] => ({
  target, bus: 'virtio', device: 'disk', source: { type: 'file', file }, sourceLabel: file, readonly: false, shareable: false, backingChain: [], ...extra,
});
const dom = (name: string, state: Domain['state'], disks: Domain['disks']): Domain => ({ name, uuid: '', state, vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks });
const vol = (name: string, backing?: string) => ({ name, pool: 'p', key: `/p/${name}`, path: `/p/${name}`, format: 'qcow2', capacity: 1, allocation: 1, backingChain: backing ? [{ type: 'file', path: backing }] : [] });

const inv: Inventory = {
  host: 'h', uri: 'u', loadedAt: '', durationMs: 0,
  domains: [dom('run', 'running', [disk('vda', '/p/root.qcow2'), disk('sda', '/p/cd.iso', { bus: 'sata', device: 'cdrom', readonly: true })]), dom('off', 'shutoff', [disk('vda', '/p/child.qcow2', { backingChain: [{ type: 'file', path: '/p/base.qcow2' }] })])],
  pools: [{ name: 'p', uuid: '', type: 'dir', active: true, autostart: true, capacity: 1, allocation: 1, available: 1, volumes: [vol('root.qcow2'), vol('base.qcow2'), vol('child.qcow2', '/p/base.qcow2'), vol('free.qcow2')] }],
};

const fails = (fn: () => unknown, re: RegExp): void => {
  assert.throws(fn, (e: unknown) => e instanceof SpindleError && re.test(e.message) && !!e.hint);
};

test('attach: defaults follow the VM state, targets skip used names, sd* shared with the CD-ROM', () => {
  const p = planAttachDisk(inv, 'qemu:///system', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' } });
  assert.deepEqual(p.steps[0]?.argv.slice(-2), ['--live', '--config']);
  assert.match(p.steps[0]?.stdin ?? '', /<target dev='vdb' bus='virtio'\/>/);
  const scsi = planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' }, bus: 'scsi' });
  assert.match(scsi.steps[0]?.stdin ?? '', /<target dev='sdb' bus='scsi'\/>/);
  const off = planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'iso', path: '/isos/x.iso' } });
  assert.deepEqual(off.steps[0]?.argv.slice(-1), ['--config']);
  assert.match(off.steps[0]?.stdin ?? '', /device='cdrom'[\s\S]*bus='sata'[\s\S]*<readonly\/>/);
});

test('attach refusals', () => {
  fails(() => planAttachDisk(inv, 'u', { domain: 'nope', source: { kind: 'file', path: '/x' } }), /no VM/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' }, mode: 'live' }), /not running/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' }, bus: 'sata' }), /cannot be hot-plugged/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'free.qcow2' }, target: 'vda' }), /already has a disk vda/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'volume', pool: 'p', volume: 'root.qcow2' } }), /VM "run" uses it as vda \(read-write\)/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'volume', pool: 'p', volume: 'base.qcow2' } }), /backing file under disk vda of VM "off"/);
  fails(() => planAttachDisk(inv, 'u', { domain: 'run', source: { kind: 'file', path: '/elsewhere/a.img' } }), /format/);
  // Read-only or shareable are the user's explicit choices.
  assert.ok(planAttachDisk(inv, 'u', { domain: 'off', source: { kind: 'volume', pool: 'p', volume: 'root.qcow2' }, options: { readonly: true } }).warnings[0]);
});

test('detach: delete only pool volumes nothing else depends on, naming the file', () => {
  const ok = planDetachDisk(inv, 'u', { domain: 'run', target: 'vda', deleteVolume: true });
  assert.equal(ok.steps.length, 2);
  assert.equal(ok.steps[1]?.destructive, true);
  assert.deepEqual(ok.steps[1]?.argv.slice(-4), ['--pool', 'p', '--vol', 'root.qcow2']);
  assert.match(ok.warnings[0] ?? '', /exactly one file: \/p\/root.qcow2/);
  fails(() => planDetachDisk(inv, 'u', { domain: 'run', target: 'vdz' }), /has no disk vdz/);
  fails(() => planDetachDisk(inv, 'u', { domain: 'run', target: 'sda' }), /cannot be hot-plugged/);
  fails(() => planDetachDisk(inv, 'u', { domain: 'run', target: 'sda', mode: 'persistent', deleteVolume: true }), /not a volume of any pool/);
  const withBase = { ...inv, domains: [...inv.domains, dom('b', 'shutoff', [disk('vda', '/p/base.qcow2')])] };
  fails(() => planDetachDisk(withBase, 'u', { domain: 'b', target: 'vda', deleteVolume: true }), /volume "child.qcow2" is built on it/);
});
