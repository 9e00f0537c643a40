// The pool.create planner for every type beyond dir and fs: the exact
// commands, the XML on stdin (parsed back with the pool model), the undo
// steps, which steps are destructive, the secret steps (whose value is never
// in the plan), and each refusal with the field it names.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { english } from '../../../../shared/core/messages.ts';
import { CREATE_POOL_FIELDS, CreatePoolRequestSchema, type CreatePoolRequest } from '../../../../shared/contract/features/pools.ts';
import { inv, pool } from '../../../../shared/contract/testdata/inventory-builders.ts';
import { parsePoolSpec } from '../../libvirt/model/pool-xml.ts';
import { planToScript, type Plan } from '../../plan/plan.ts';
import { planCreatePool } from './pool-create.ts';

const U = 'qemu:///system';
const world = inv([], [pool('images', [], { targetPath: '/var/lib/libvirt/images' }), pool('disk0', [], { type: 'disk', targetPath: '/dev' })]);
const req = (over: Partial<CreatePoolRequest> & { type: string }): CreatePoolRequest => CreatePoolRequestSchema.parse({ name: 'new', ...over });
const plan = (over: Partial<CreatePoolRequest> & { type: string }) => planCreatePool(world, U, req(over), { newUuid: () => '11111111-2222-3333-4444-555555555555' });
const argvs = (p: Plan) => p.steps.map((s) => s.argv.slice(3));
const xmlOf = (p: Plan) => parsePoolSpec(p.steps.find((s) => s.argv[3] === 'pool-define')?.stdin ?? '');

function refusal(fn: () => unknown): { message: string; hint: string; field: string | undefined } {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SpindleError, String(e));
    assert.ok(e.msg, 'a refusal is a message');
    const field = e.details?.field;
    assert.ok(field === undefined || (CREATE_POOL_FIELDS as readonly string[]).includes(field), `the field ${field} is one the wizard knows`);
    return { message: e.message, hint: e.hint ?? '', field };
  }
  assert.fail('not refused');
}

test('netfs: one server and its export, build = mkdir, the target must be free', () => {
  const p = plan({ type: 'netfs', target: '/mnt/nfs1', source: { hosts: [{ name: 'nas.example' }], dir: '/export/vm', format: 'nfs' }, build: true });
  assert.deepEqual(argvs(p), [['pool-define', '--file', '/dev/stdin'], ['pool-build', '--pool', 'new'], ['pool-start', '--pool', 'new']]);
  assert.ok(!p.steps.some((s) => s.destructive), 'mkdir destroys nothing');
  assert.deepEqual(xmlOf(p), { type: 'netfs', name: 'new', source: { hosts: [{ name: 'nas.example' }], dir: '/export/vm', format: 'nfs' }, target: { path: '/mnt/nfs1' } });
  assert.match(english(p.title), /Create network filesystem pool new \(nas\.example:\/export\/vm → \/mnt\/nfs1\)/);
  const cifs = xmlOf(plan({ type: 'netfs', target: '/mnt/c', source: { hosts: [{ name: 'win' }], dir: 'share', format: 'cifs' } }));
  assert.equal(cifs.source?.dir, 'share', 'a CIFS share is a name, not a path');
  assert.equal(refusal(() => plan({ type: 'netfs', target: '/mnt/x', source: { dir: '/e' } })).field, 'source.hosts');
  assert.equal(refusal(() => plan({ type: 'netfs', target: '/mnt/x', source: { hosts: [{ name: 'a' }] } })).field, 'source.dir');
  assert.equal(refusal(() => plan({ type: 'netfs', source: { hosts: [{ name: 'a' }], dir: '/e' } })).field, 'target');
  const two = refusal(() => plan({ type: 'netfs', target: '/mnt/x', source: { hosts: [{ name: 'a' }, { name: 'b' }], dir: '/e' } }));
  assert.match(two.message, /exactly one server \(2 given\)/);
  assert.equal(two.field, 'source.hosts');
  assert.match(refusal(() => plan({ type: 'netfs', target: '/var/lib/libvirt/images/', source: { hosts: [{ name: 'a' }], dir: '/e' } })).message, /Pool "images" already uses/);
  assert.equal(refusal(() => plan({ type: 'netfs', target: '/mnt/x', source: { hosts: [{ name: 'a' }], dir: '/e', format: 'ext4' } })).field, 'source', 'the model refuses a format the type does not know');
  assert.equal(refusal(() => plan({ type: 'netfs', target: '/mnt/x', source: { hosts: [{ name: 'a;reboot' }], dir: '/e' } })).field, 'source.hosts');
});

test('logical: build = pvcreate+vgcreate on the devices (destructive, confirmed device by device, undone by pool-delete); or an existing VG by name', () => {
  const devs = ['/dev/loop3', '/dev/loop4'];
  const ask = refusal(() => plan({ type: 'logical', source: { devices: devs, name: 'vg_new' }, build: true }));
  assert.match(ask.message, /writes LVM physical volumes and the volume group vg_new on \/dev\/loop3, \/dev\/loop4: repeat the device names/);
  assert.match(ask.hint, /--yes-format for each of/);
  assert.equal(ask.field, 'formatDevices');
  assert.match(refusal(() => plan({ type: 'logical', source: { devices: devs }, build: true, formatDevices: ['/dev/loop3'] })).message, /confirmed \(\/dev\/loop3\) are not the pool's devices \(\/dev\/loop3, \/dev\/loop4\)/);
  const p = plan({ type: 'logical', source: { devices: devs, name: 'vg_new' }, build: true, formatDevices: ['/dev/loop4', '/dev/loop3'] });
  assert.deepEqual(argvs(p), [['pool-define', '--file', '/dev/stdin'], ['pool-build', '--pool', 'new', '--no-overwrite'], ['pool-start', '--pool', 'new']]);
  assert.deepEqual(p.steps.map((s) => s.destructive ?? false), [false, true, false]);
  assert.deepEqual(p.steps[1]?.undo?.argv.slice(3), ['pool-delete', '--pool', 'new'], 'a failed start leaves no VG behind');
  assert.deepEqual(p.steps[0]?.undo?.argv.slice(3), ['pool-undefine', '--pool', 'new']);
  assert.deepEqual(p.steps[2]?.undo?.argv.slice(3), ['pool-destroy', '--pool', 'new']);
  assert.deepEqual(xmlOf(p), { type: 'logical', name: 'new', source: { devices: [{ path: '/dev/loop3' }, { path: '/dev/loop4' }], name: 'vg_new' } });
  assert.match(english(p.warnings[0] ?? ''), /\/dev\/loop3, \/dev\/loop4 are overwritten with LVM physical volumes and the volume group vg_new/);
  // An existing VG: no build, no device, no target (libvirt uses /dev/VG).
  const existing = plan({ type: 'logical', source: { name: 'vg0' } });
  assert.deepEqual(argvs(existing), [['pool-define', '--file', '/dev/stdin'], ['pool-start', '--pool', 'new']]);
  assert.deepEqual(xmlOf(existing), { type: 'logical', name: 'new', source: { name: 'vg0' } });
  assert.equal(refusal(() => plan({ type: 'logical', source: { name: 'vg0' }, build: true })).field, 'source.devices');
  assert.equal(refusal(() => plan({ type: 'logical', source: { name: 'vg0' }, formatDevices: ['/dev/sda'] })).field, 'formatDevices');
  assert.equal(refusal(() => plan({ type: 'logical', source: { devices: ['/dev/a', '/dev/a'] } })).field, 'source.devices');
  assert.equal(refusal(() => plan({ type: 'logical', source: { devices: ['sda'] } })).field, 'source', 'the model wants absolute device paths');
});

test('disk: build = a partition label (gpt unless given), destructive; target /dev unless given; a second disk pool may share /dev', () => {
  const p = plan({ type: 'disk', source: { devices: ['/dev/loop5'] }, build: true, formatDevices: ['/dev/loop5'] });
  assert.deepEqual(argvs(p), [['pool-define', '--file', '/dev/stdin'], ['pool-build', '--pool', 'new', '--no-overwrite'], ['pool-start', '--pool', 'new']]);
  assert.ok(p.steps[1]?.destructive);
  assert.equal(p.steps[1]?.undo, undefined);
  assert.deepEqual(xmlOf(p), { type: 'disk', name: 'new', source: { devices: [{ path: '/dev/loop5' }], format: 'gpt' }, target: { path: '/dev' } });
  assert.match(english(p.steps[1]?.description ?? ''), /Write a gpt partition table on \/dev\/loop5/);
  assert.equal(xmlOf(plan({ type: 'disk', source: { devices: ['/dev/loop5'], format: 'dos' }, build: true, formatDevices: ['/dev/loop5'] })).source?.format, 'dos');
  assert.equal(xmlOf(plan({ type: 'disk', source: { devices: ['/dev/loop5'] } })).source?.format, undefined, 'without build libvirt reads the label');
  assert.match(refusal(() => plan({ type: 'disk', source: { devices: ['/dev/a', '/dev/b'] } })).message, /exactly one block device \(2 given\)/);
  assert.equal(refusal(() => plan({ type: 'disk', source: { devices: ['/dev/a'], format: 'unknown' }, build: true, formatDevices: ['/dev/a'] })).field, 'source.format');
});

test('iscsi: server and target IQN, device folder /dev/disk/by-path, no build; CHAP with a new secret whose value is never in the plan', () => {
  const src = { hosts: [{ name: '10.0.0.5', port: 3260 }], iscsiTarget: 'iqn.2026-12.test:lun1', initiatorIqn: 'iqn.2026-12.test:me' };
  const p = plan({ type: 'iscsi', source: src });
  assert.deepEqual(argvs(p), [['pool-define', '--file', '/dev/stdin'], ['pool-start', '--pool', 'new']]);
  assert.deepEqual(xmlOf(p), { type: 'iscsi', name: 'new', source: { hosts: [{ name: '10.0.0.5', port: 3260 }], devices: [{ path: 'iqn.2026-12.test:lun1' }], initiatorIqn: 'iqn.2026-12.test:me' }, target: { path: '/dev/disk/by-path' } });
  assert.equal(refusal(() => plan({ type: 'iscsi', source: { hosts: src.hosts } })).field, 'source.iscsiTarget');
  assert.equal(refusal(() => plan({ type: 'iscsi', source: { ...src, devices: ['/dev/sda'] } })).field, 'source.devices', 'an IQN is given as iscsiTarget');
  assert.equal(refusal(() => plan({ type: 'iscsi', source: src, build: true })).field, 'build');
  const chap = plan({ type: 'iscsi', source: { ...src, auth: { type: 'chap', username: 'u1', secretUsage: 'lun1-chap' } }, newSecret: true });
  assert.deepEqual(argvs(chap), [
    ['secret-define', '--file', '/dev/stdin'],
    ['secret-set-value', '--secret', '11111111-2222-3333-4444-555555555555', '--file', '/dev/stdin', '--plain'],
    ['pool-define', '--file', '/dev/stdin'],
    ['pool-start', '--pool', 'new'],
  ]);
  assert.match(chap.steps[0]?.stdin ?? '', /<usage type='iscsi'>\s*<target>lun1-chap<\/target>/);
  assert.match(chap.steps[0]?.stdin ?? '', /private='yes'/);
  assert.deepEqual(chap.steps[0]?.undo?.argv.slice(3), ['secret-undefine', '--secret', '11111111-2222-3333-4444-555555555555']);
  assert.equal(chap.steps[1]?.secretStdin, 'passphrase');
  assert.equal(chap.steps[1]?.stdin, undefined, 'the value comes at run time');
  assert.deepEqual(xmlOf(chap).source?.auth, { type: 'chap', username: 'u1', secret: { usage: 'lun1-chap' } });
  assert.match(english(chap.warnings[0] ?? ''), /secret "lun1-chap" \(11111111-.*\) stays after the pool/);
  assert.match(refusal(() => plan({ type: 'iscsi', source: { ...src, auth: { type: 'ceph', username: 'u', secretUsage: 's' } } })).message, /authenticates with chap, not ceph/);
  assert.equal(refusal(() => plan({ type: 'iscsi', source: src, newSecret: true })).field, 'newSecret');
  assert.equal(spawnSync('sh', ['-n'], { input: planToScript(chap) }).status, 0);
  assert.doesNotMatch(planToScript(chap), /secret-set-value[^\n]*<</, 'the script pipes the value from the environment, not a here-document');
});

test('iscsi-direct: server, target IQN and initiator IQN, no target path', () => {
  const src = { hosts: [{ name: '127.0.0.1', port: 3260 }], iscsiTarget: 'iqn.2026-12.test.spindle:lun1', initiatorIqn: 'iqn.2026-12.test.spindle:init' };
  const p = plan({ type: 'iscsi-direct', source: src });
  assert.deepEqual(argvs(p), [['pool-define', '--file', '/dev/stdin'], ['pool-start', '--pool', 'new']]);
  assert.deepEqual(xmlOf(p), { type: 'iscsi-direct', name: 'new', source: { hosts: [{ name: '127.0.0.1', port: 3260 }], devices: [{ path: src.iscsiTarget }], initiatorIqn: src.initiatorIqn } });
  assert.match(english(p.title), /iSCSI \(direct\) pool new \(127\.0\.0\.1:3260\/iqn\.2026-12\.test\.spindle:lun1\)/);
  const noInit = refusal(() => plan({ type: 'iscsi-direct', source: { hosts: src.hosts, iscsiTarget: src.iscsiTarget } }));
  assert.equal(noInit.field, 'source.initiatorIqn');
  assert.match(noInit.hint, /--initiator/);
  assert.equal(refusal(() => plan({ type: 'iscsi-direct', target: '/dev/x', source: src })).field, 'target');
});

test('rbd: monitors, Ceph pool, cephx with a new secret: define (usage ceph), set the DECODED key (no --plain), undo undefines it', () => {
  const src = { hosts: [{ name: '127.0.0.1', port: 6789 }, { name: 'mon2' }], name: 'spindle-rbd', auth: { type: 'ceph' as const, username: 'spindle', secretUsage: 'client.spindle "key" 池' } };
  const p = plan({ type: 'rbd', source: src, newSecret: true, autostart: true });
  assert.deepEqual(argvs(p), [
    ['secret-define', '--file', '/dev/stdin'],
    ['secret-set-value', '--secret', '11111111-2222-3333-4444-555555555555', '--file', '/dev/stdin'],
    ['pool-define', '--file', '/dev/stdin'],
    ['pool-start', '--pool', 'new'],
    ['pool-autostart', '--pool', 'new'],
  ]);
  assert.match(p.steps[0]?.stdin ?? '', /<usage type='ceph'>\s*<name>client\.spindle &quot;key&quot; 池<\/name>/);
  // Readable back (pool.usage runs ceph df as this user with it); a CHAP password stays private.
  assert.match(p.steps[0]?.stdin ?? '', /private='no'/);
  assert.equal(p.steps[1]?.secretStdin, 'passphrase');
  assert.deepEqual(xmlOf(p), { type: 'rbd', name: 'new', source: { hosts: [{ name: '127.0.0.1', port: 6789 }, { name: 'mon2' }], name: 'spindle-rbd', auth: { type: 'ceph', username: 'spindle', secret: { usage: src.auth.secretUsage } } } });
  // Without newSecret: the pool names an existing secret, nothing else is made.
  assert.deepEqual(argvs(plan({ type: 'rbd', source: src })).map((a) => a[0]), ['pool-define', 'pool-start']);
  assert.equal(refusal(() => plan({ type: 'rbd', source: { hosts: src.hosts } })).field, 'source.name');
  assert.equal(refusal(() => plan({ type: 'rbd', target: '/x', source: src })).field, 'target');
  assert.equal(refusal(() => plan({ type: 'rbd', source: { ...src, auth: { ...src.auth, type: 'chap' } } })).field, 'source.auth');
  assert.equal(refusal(() => plan({ type: 'rbd', source: { ...src, devices: ['/dev/sda'] } })).field, 'source.devices');
  // The undo of a job that fails at pool-start: newest first, the secret last.
  const undos = p.steps.filter((s) => s.undo).map((s) => s.undo?.argv[3]);
  assert.deepEqual(undos, ['secret-undefine', 'pool-undefine', 'pool-destroy']);
});

test('zfs: an existing zpool by name, or zpool create on devices (destructive, confirmed; no --no-overwrite, which zfs rejects)', () => {
  assert.deepEqual(xmlOf(plan({ type: 'zfs', source: { name: 'tank' } })), { type: 'zfs', name: 'new', source: { name: 'tank' } });
  const p = plan({ type: 'zfs', source: { name: 'tank', devices: ['/dev/sdb', '/dev/sdc'] }, build: true, formatDevices: ['/dev/sdb', '/dev/sdc'] });
  assert.deepEqual(argvs(p)[1], ['pool-build', '--pool', 'new']);
  assert.ok(p.steps[1]?.destructive);
  assert.deepEqual(p.steps[1]?.undo?.argv.slice(3), ['pool-delete', '--pool', 'new']);
  assert.match(english(p.warnings[0] ?? ''), /overwritten with the zpool tank/);
  assert.equal(refusal(() => plan({ type: 'zfs', source: {} })).field, 'source.name');
  assert.equal(refusal(() => plan({ type: 'zfs', source: { name: 'tank' }, build: true })).field, 'source.devices');
});

test('gluster, scsi, mpath: what each takes, and the defaults filled in', () => {
  assert.deepEqual(xmlOf(plan({ type: 'gluster', source: { hosts: [{ name: 'g1' }], name: 'gv0', dir: '/vms' } })), { type: 'gluster', name: 'new', source: { hosts: [{ name: 'g1' }], dir: '/vms', name: 'gv0' } });
  assert.equal(refusal(() => plan({ type: 'gluster', source: { hosts: [{ name: 'g1' }] } })).field, 'source.name');
  assert.deepEqual(xmlOf(plan({ type: 'scsi', source: { adapter: 'host0' } })), { type: 'scsi', name: 'new', source: { adapter: { type: 'scsi_host', name: 'host0' } }, target: { path: '/dev/disk/by-path' } });
  const noAdapter = refusal(() => plan({ type: 'scsi' }));
  assert.equal(noAdapter.field, 'source.adapter');
  assert.match(noAdapter.hint, /--adapter host0/);
  assert.deepEqual(xmlOf(plan({ type: 'mpath' })), { type: 'mpath', name: 'new', target: { path: '/dev/mapper' } });
  assert.equal(refusal(() => plan({ type: 'mpath', source: { name: 'x' } })).field, 'source.name');
  assert.equal(refusal(() => plan({ type: 'mpath', build: true })).field, 'build');
  assert.equal(xmlOf(plan({ type: 'scsi', source: { adapter: 'host0' }, target: '/dev/disk/by-id' })).target?.path, '/dev/disk/by-id', 'a given folder wins');
});

test('hostile names in the pool name, the target and the source names stay one argv word and escaped XML', () => {
  const odd = "-rf it's $(reboot); `x` 池";
  const p = plan({ type: 'logical', name: odd, source: { devices: [`/dev/disk/by-id/${odd}`], name: odd }, build: true, formatDevices: [`/dev/disk/by-id/${odd}`] });
  assert.equal(xmlOf(p).name, odd);
  assert.equal(xmlOf(p).source?.name, odd);
  assert.deepEqual(p.steps[1]?.argv.slice(3), ['pool-build', '--pool', odd, '--no-overwrite']);
  assert.equal(spawnSync('sh', ['-n'], { input: planToScript(p) }).status, 0);
  const nfs = plan({ type: 'netfs', name: odd, target: `/mnt/${odd}`, source: { hosts: [{ name: 'nas' }], dir: `/export/${odd}` } });
  assert.equal(xmlOf(nfs).target?.path, `/mnt/${odd}`);
  assert.equal(refusal(() => plan({ type: 'rbd', name: 'a/b', source: { hosts: [{ name: 'm' }], name: 'p' } })).field, 'name');
});
