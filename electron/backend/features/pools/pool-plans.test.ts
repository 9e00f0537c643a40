// The pool planners against small inventories: every refusal (with the field
// it names and the VMs or volumes it lists), the exact commands, names that
// reach virsh as one argument each, and plans whose script a shell parses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { english } from '../../../../shared/core/messages.ts';
import { CreatePoolRequestSchema, type CreatePoolRequest } from '../../../../shared/contract/features/pools.ts';
import { disk, dom, inv, pool } from '../../../../shared/contract/testdata/inventory-builders.ts';
import { parsePoolSpec } from '../../libvirt/model/pool-xml.ts';
import { planToScript } from '../../plan/plan.ts';
import { planCreatePool } from './pool-create.ts';
import { planPoolAutostart, planPoolDelete, planPoolRefresh, planPoolStart, planPoolStop, planPoolUndefine } from './pool-lifecycle.ts';

const U = 'qemu:///system';
const V = ['virsh', '--connect', U];

function refusal(fn: () => unknown): { message: string; field: string | undefined; details: Record<string, string> | undefined } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SpindleError, String(e));
    assert.ok(e.msg, 'a refusal is a message');
    return { message: e.message, field: e.details?.field, details: e.details };
  }
  assert.fail('not refused');
}

// p1 has a.qcow2 (used by the running web as vdb) and b.raw (used by the stopped db as vdc); empty is unused; off is stopped.
const p1 = pool('p1', ['a.qcow2', 'b.raw'], { targetPath: '/p' });
const world = inv(
  [dom('web', { disks: [disk('vda'), disk('vdb', { source: { type: 'file', file: '/p/a.qcow2' } })] }), dom('db', { state: 'shutoff', disks: [disk('vdc', { source: { type: 'volume', pool: 'p1', volume: 'b.raw' } })] })],
  [p1, pool('empty', [], { targetPath: '/e' }), pool('off', [], { active: false, autostart: true, targetPath: '/o' }), pool('iscsi1', [], { type: 'iscsi' })],
);

test('start, refresh, autostart, undefine: the commands, and the refusals of the wrong state', () => {
  assert.deepEqual(planPoolStart(world, U, { pool: 'off' }).steps.map((s) => s.argv), [[...V, 'pool-start', '--pool', 'off']]);
  assert.match(refusal(() => planPoolStart(world, U, { pool: 'p1' })).message, /"p1" is already running/);
  assert.deepEqual(planPoolRefresh(world, U, { pool: 'p1' }).steps[0]?.argv, [...V, 'pool-refresh', '--pool', 'p1']);
  assert.match(refusal(() => planPoolRefresh(world, U, { pool: 'off' })).message, /not running/);
  assert.deepEqual(planPoolAutostart(world, U, { pool: 'p1', on: true }).steps[0]?.argv, [...V, 'pool-autostart', '--pool', 'p1']);
  const off = planPoolAutostart(world, U, { pool: 'off', on: false });
  assert.deepEqual(off.steps[0]?.argv, [...V, 'pool-autostart', '--pool', 'off', '--disable']);
  assert.deepEqual(off.warnings, [], 'off was on: no warning');
  assert.match(english(planPoolAutostart(world, U, { pool: 'off', on: true }).warnings[0] ?? ''), /already starts with the host/);
  assert.deepEqual(planPoolUndefine(world, U, { pool: 'off' }).steps[0]?.argv, [...V, 'pool-undefine', '--pool', 'off']);
  assert.match(english(planPoolUndefine(world, U, { pool: 'off' }).warnings[0] ?? ''), /its storage \(\/o\)/);
  const r = refusal(() => planPoolUndefine(world, U, { pool: 'p1' }));
  assert.match(r.message, /"p1" is running: stop it/);
  assert.equal(r.field, 'pool');
  const unknown = refusal(() => planPoolStart(world, U, { pool: 'nope' }));
  assert.match(unknown.message, /nope/);
});

test('stop: refused while a running VM uses a volume, naming the VM and its disk; a stopped VM does not block it', () => {
  const r = refusal(() => planPoolStop(world, U, { pool: 'p1' }));
  assert.match(r.message, /cannot be stopped: a running VM uses its volumes: web \(vdb: a\.qcow2\)/);
  assert.equal(r.details?.vms, 'web');
  const idle = inv([dom('web', { state: 'shutoff', disks: [disk('vdb', { source: { type: 'file', file: '/p/a.qcow2' } })] })], [p1]);
  assert.deepEqual(planPoolStop(idle, U, { pool: 'p1' }).steps.map((s) => s.argv), [[...V, 'pool-destroy', '--pool', 'p1']]);
  assert.match(refusal(() => planPoolStop(world, U, { pool: 'off' })).message, /not running/);
  const two = inv([dom('a', { disks: [disk('vdb', { source: { type: 'file', file: '/p/a.qcow2' } })] }), dom('b', { disks: [disk('vdc', { source: { type: 'file', file: '/p/b.raw' } })] })], [p1]);
  assert.match(refusal(() => planPoolStop(two, U, { pool: 'p1' })).message, /2 running VMs use its volumes: a \(vdb: a\.qcow2\); b \(vdc: b\.raw\)/);
});

test('delete: lists every volume, refused while any VM (running or not) uses one, or without --with-volumes', () => {
  const used = refusal(() => planPoolDelete(world, U, { pool: 'p1', withVolumes: true }));
  assert.match(used.message, /2 VMs use its volumes: web \(vdb: a\.qcow2\); db \(vdc: b\.raw\)/);
  assert.equal(used.details?.vms, 'web,db');
  const free = inv([], [p1]);
  const listed = refusal(() => planPoolDelete(free, U, { pool: 'p1', withVolumes: false }));
  assert.match(listed.message, /holds 2 volumes that deleting it would remove: a\.qcow2; b\.raw/);
  assert.equal(listed.field, 'withVolumes');
  const plan = planPoolDelete(free, U, { pool: 'p1', withVolumes: true });
  assert.deepEqual(plan.steps.map((s) => s.argv.slice(3)), [
    ['vol-delete', '--pool', 'p1', '--vol', 'a.qcow2'],
    ['vol-delete', '--pool', 'p1', '--vol', 'b.raw'],
    ['pool-destroy', '--pool', 'p1'],
    ['pool-delete', '--pool', 'p1'],
    ['pool-undefine', '--pool', 'p1'],
  ]);
  assert.match(english(plan.title), /its 2 volumes and its storage/);
  assert.match(english(plan.warnings[0] ?? ''), /removes for good the 2 volumes of pool "p1": a\.qcow2; b\.raw/);
  assert.ok(plan.steps[0]?.destructive && plan.steps[3]?.destructive);
  assert.deepEqual(planPoolDelete(world, U, { pool: 'empty', withVolumes: false }).steps.map((s) => s.argv[3]), ['pool-destroy', 'pool-delete', 'pool-undefine']);
  assert.match(refusal(() => planPoolDelete(world, U, { pool: 'off', withVolumes: false })).message, /not running, so Spindle cannot list/);
  assert.match(refusal(() => planPoolDelete(world, U, { pool: 'iscsi1', withVolumes: false })).message, /cannot delete the storage of a iscsi pool/);
});

const req = (over: Partial<CreatePoolRequest>): CreatePoolRequest => CreatePoolRequestSchema.parse({ name: 'new', type: 'dir', target: '/srv/new', ...over });

test('create dir: define (XML on stdin), build, start, autostart; undo stops and undefines', () => {
  const plan = planCreatePool(world, U, req({ build: true, autostart: true, permissions: { mode: '0711', owner: '0', group: '0' } }));
  assert.deepEqual(plan.steps.map((s) => s.argv.slice(3)), [['pool-define', '--file', '/dev/stdin'], ['pool-build', '--pool', 'new'], ['pool-start', '--pool', 'new'], ['pool-autostart', '--pool', 'new']]);
  assert.deepEqual(parsePoolSpec(plan.steps[0]?.stdin ?? ''), { type: 'dir', name: 'new', target: { path: '/srv/new', permissions: { mode: '0711', owner: '0', group: '0' } } });
  assert.deepEqual(plan.steps[0]?.undo?.argv.slice(3), ['pool-undefine', '--pool', 'new']);
  assert.deepEqual(plan.steps[2]?.undo?.argv.slice(3), ['pool-destroy', '--pool', 'new']);
  assert.deepEqual(planCreatePool(world, U, req({})).steps.map((s) => s.argv[3]), ['pool-define', 'pool-start'], 'no build, no autostart unless asked');
  assert.equal(spawnSync('sh', ['-n'], { input: planToScript(plan) }).status, 0);
});

test('create fs: mkfs only after the device is named again, and only on a device that holds nothing (--no-overwrite)', () => {
  const fs = { type: 'fs', source: { devices: ['/dev/loop7'] }, target: '/mnt/fsp' };
  const ask = refusal(() => planCreatePool(world, U, req({ ...fs, build: true })));
  assert.match(ask.message, /writes a ext4 filesystem on \/dev\/loop7: repeat the device names/);
  assert.equal(ask.field, 'formatDevices');
  assert.match(refusal(() => planCreatePool(world, U, req({ ...fs, build: true, formatDevices: ['/dev/loop6'] }))).message, /\(\/dev\/loop6\) are not the pool's devices \(\/dev\/loop7\)/);
  assert.match(refusal(() => planCreatePool(world, U, req({ ...fs, formatDevices: ['/dev/loop7'] }))).message, /nothing is built/);
  const plan = planCreatePool(world, U, req({ ...fs, source: { devices: ['/dev/loop7'], format: 'xfs' }, build: true, formatDevices: ['/dev/loop7'] }));
  assert.deepEqual(plan.steps.map((s) => s.argv.slice(3)), [['pool-define', '--file', '/dev/stdin'], ['pool-build', '--pool', 'new', '--no-overwrite'], ['pool-start', '--pool', 'new']]);
  assert.ok(plan.steps[1]?.destructive);
  assert.deepEqual(parsePoolSpec(plan.steps[0]?.stdin ?? '').source, { devices: [{ path: '/dev/loop7' }], format: 'xfs' });
  assert.match(english(plan.warnings[0] ?? ''), /\/dev\/loop7 is overwritten with a xfs filesystem/);
  // Without build: libvirt mounts what is there (format auto).
  assert.deepEqual(parsePoolSpec(planCreatePool(world, U, req({ ...fs })).steps[0]?.stdin ?? '').source?.format, 'auto');
  assert.match(refusal(() => planCreatePool(world, U, req({ ...fs, source: { devices: ['/dev/loop7'], format: 'auto' }, build: true, formatDevices: ['/dev/loop7'] }))).message, /not auto/);
  assert.equal(refusal(() => planCreatePool(world, U, req({ type: 'fs', target: '/mnt/x' }))).field, 'source.devices');
});

test('create: refusals of the type, the name, the target and the permissions', () => {
  const later = refusal(() => planCreatePool(world, U, req({ type: 'sheepdog' })));
  assert.match(later.message, /cannot create a sheepdog pool yet; it creates dir, fs, netfs, .* pools now/);
  assert.equal(later.field, 'type');
  assert.match(refusal(() => planCreatePool(world, U, req({ type: 'nfs' }))).message, /nfs is not a libvirt pool type/);
  assert.match(refusal(() => planCreatePool(world, U, req({ name: 'p1' }))).message, /already has a pool named "p1"/);
  assert.match(refusal(() => planCreatePool(world, U, req({ target: 'rel/dir' }))).message, /must be absolute/);
  const same = refusal(() => planCreatePool(world, U, req({ target: '/p/' })));
  assert.match(same.message, /Pool "p1" already uses \/p\//);
  assert.equal(same.field, 'target');
  assert.match(refusal(() => planCreatePool(world, U, req({ permissions: { mode: '999' } }))).message, /not an octal permission/);
  assert.match(refusal(() => planCreatePool(world, U, req({ permissions: { owner: 'root' } }))).message, /owner "root" is not a number/);
  const dev = refusal(() => planCreatePool(world, U, req({ source: { devices: ['/dev/sda'] } })));
  assert.match(dev.message, /A dir pool takes no block device/);
  assert.equal(dev.field, 'source.devices');
});

test('hostile names: refused by the name rule, or one argv word each, never a shell string', () => {
  for (const bad of ['a\nb', 'x/y', ' lead']) {
    const r = refusal(() => planCreatePool(world, U, req({ name: bad })));
    assert.equal(r.field, 'name', `${JSON.stringify(bad)}: ${r.message}`);
  }
  const odd = "-rf it's $(reboot); `x` 池";
  const plan = planCreatePool(world, U, req({ name: odd, target: `/srv/${odd}` }));
  assert.equal(parsePoolSpec(plan.steps[0]?.stdin ?? '').name, odd, 'the XML carries the name escaped');
  assert.deepEqual(plan.steps[1]?.argv.slice(3), ['pool-start', '--pool', odd]);
  const script = planToScript(plan);
  assert.equal(spawnSync('sh', ['-n'], { input: script }).status, 0);
  const echoed = spawnSync('sh', ['-c', `virsh() { shift 2; printf '%s\\n' "$@"; }; ${script.replace(/^#!.*\n/, '').replace(/'virsh'/g, 'virsh')}`], { encoding: 'utf8' });
  assert.ok(echoed.stdout.includes(`${odd}\n`), 'the shell passes the name through as one word');
  const withOdd = inv([dom(odd, { disks: [disk('vdb', { source: { type: 'file', file: '/q/v' } })] })], [pool(odd, ['v'], { targetPath: '/q', volumes: [{ name: 'v', pool: odd, key: 'v', path: '/q/v', capacity: 1, allocation: 0, backingChain: [] }] })]);
  assert.match(refusal(() => planPoolStop(withOdd, U, { pool: odd })).message, /\$\(reboot\)/);
});

test('backing chains count: a base image in the pool is in use by the VM whose overlay lives elsewhere, and no volume that backs another image is deleted', () => {
  // bases holds base.qcow2; web runs on /o/overlay.qcow2 (in pool over) which is built on it; spare.qcow2 in over is built on it too.
  const bases = pool('bases', ['base.qcow2'], { targetPath: '/b' });
  const over = pool('over', ['overlay.qcow2', 'spare.qcow2'], { targetPath: '/o' });
  over.volumes = over.volumes.map((v) => ({ ...v, path: `/o/${v.name}`, backingChain: [{ type: 'file', format: 'qcow2', path: '/b/base.qcow2' }] }));
  bases.volumes = bases.volumes.map((v) => ({ ...v, path: `/b/${v.name}` }));
  const overlay = disk('vdb', { source: { type: 'file', file: '/o/overlay.qcow2' }, backingChain: [{ type: 'file', format: 'qcow2', path: '/b/base.qcow2' }] });
  const chained = inv([dom('web', { disks: [disk('vda'), overlay] })], [bases, over]);
  const stop = refusal(() => planPoolStop(chained, U, { pool: 'bases' }));
  assert.match(stop.message, /web \(vdb: base\.qcow2\)/);
  assert.equal(stop.details?.vms, 'web');
  // With the VM gone, spare.qcow2 still builds on base.qcow2: deleting bases with its volumes is refused, naming it.
  const noVm = inv([], [bases, over]);
  const del = refusal(() => planPoolDelete(noVm, U, { pool: 'bases', withVolumes: true }));
  assert.equal(del.field, 'withVolumes');
  assert.match(del.message, /over\/overlay\.qcow2 \(on base\.qcow2\).*over\/spare\.qcow2 \(on base\.qcow2\)/);
});
