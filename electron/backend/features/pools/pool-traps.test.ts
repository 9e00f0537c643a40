// The libvirt traps a pool plan avoids or names: a disk pool's p-named
// partitions deleted with parted (vol-delete fails there), a netfs pool
// refused without its mount helper, the back-ends' real stderr (golden files
// in libvirt/testdata/pool-errors) mapped to typed errors, and delete --wipe.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { english, renderMsg } from '../../../../shared/core/messages.ts';
import { PoolDeleteRequestSchema } from '../../../../shared/contract/features/pools.ts';
import { disk, dom, inv, pool } from '../../../../shared/contract/testdata/inventory-builders.ts';
import { planDetachDisk } from '../disks/index.ts';
import type { Pool } from '../../../../shared/contract/models.ts';
import { POOL_WIPE_ALGORITHMS } from '../../libvirt/model/pool-xml.ts';
import { classifyFailure } from '../../transport/command-errors.ts';
import type { RunResult } from '../../transport/runner.ts';
import { planCreatePoolChecked } from './pool-create.ts';
import { planPoolDelete, planPoolStartChecked } from './pool-lifecycle.ts';
import { pSeparatedPartition, type ProbeSession } from './pool-traps.ts';

const U = 'qemu:///system';
const V = ['virsh', '--connect', U];
const GOLDEN = new URL('../../libvirt/testdata/pool-errors/', import.meta.url).pathname;
const golden = (name: string) => readFileSync(GOLDEN + name, 'utf8');

function caught(fn: () => unknown): SpindleError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SpindleError, String(e));
    return e;
  }
  assert.fail('not refused');
}
async function rejected(p: Promise<unknown>): Promise<SpindleError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SpindleError, String(e));
    return e;
  }
  assert.fail('not refused');
}
const zh = (e: SpindleError) => renderMsg(e.msg!, 'zh-CN');

/** A disk pool on `device` whose volumes are the given partitions. */
function diskPool(device: string, parts: string[]): Pool {
  const p = pool('d1', parts, { type: 'disk', targetPath: '/dev', sourceDescription: device });
  return { ...p, volumes: p.volumes.map((v) => ({ ...v, path: `/dev/${v.name}`, key: `/dev/${v.name}` })) };
}

test('p-named partitions: device and number; sdb1-style names are left to libvirt', () => {
  assert.deepEqual(pSeparatedPartition('/dev/loop0p2'), { device: '/dev/loop0', number: 2 });
  assert.deepEqual(pSeparatedPartition('/dev/nvme0n1p12'), { device: '/dev/nvme0n1', number: 12 });
  assert.deepEqual(pSeparatedPartition('/dev/mmcblk1p1'), { device: '/dev/mmcblk1', number: 1 });
  assert.equal(pSeparatedPartition('/dev/sdb1'), null);
  assert.equal(pSeparatedPartition('/dev/loop0'), null);
  assert.equal(pSeparatedPartition('/var/lib/x/disk0p1'), null, 'only device nodes');
});

test('delete of a disk pool on a loop device: parted rm N and pool-refresh for each partition, never vol-delete', () => {
  const d = diskPool('/dev/loop7', ['loop7p1', 'loop7p2']);
  const plan = planPoolDelete(inv([], [d]), U, { pool: 'd1', withVolumes: true });
  assert.deepEqual(
    plan.steps.map((s) => s.argv),
    [
      ['parted', '-s', '/dev/loop7', 'rm', '1'],
      [...V, 'pool-refresh', '--pool', 'd1'],
      ['parted', '-s', '/dev/loop7', 'rm', '2'],
      [...V, 'pool-refresh', '--pool', 'd1'],
      [...V, 'pool-destroy', '--pool', 'd1'],
      [...V, 'pool-delete', '--pool', 'd1'],
      [...V, 'pool-undefine', '--pool', 'd1'],
    ],
  );
  assert.equal(plan.steps[0]?.destructive, true);
  assert.match(english(plan.steps[0]!.description), /Delete partition 1 of \/dev\/loop7 \(volume "loop7p1" of pool "d1"\) with parted/);
  assert.doesNotMatch(JSON.stringify(plan.steps.map((s) => s.argv)), /vol-delete/);
  // On /dev/sdb libvirt names the partition right: its own vol-delete.
  const sdb = diskPool('/dev/sdb', ['sdb1']);
  assert.deepEqual(planPoolDelete(inv([], [sdb]), U, { pool: 'd1', withVolumes: true }).steps[0]?.argv, [...V, 'vol-delete', '--pool', 'd1', '--vol', 'sdb1']);
  // A partition of another device than the pool's source is not handed to parted.
  const other = diskPool('/dev/loop7', ['loop8p1']);
  assert.deepEqual(planPoolDelete(inv([], [other]), U, { pool: 'd1', withVolumes: true }).steps[0]?.argv, [...V, 'vol-delete', '--pool', 'd1', '--vol', 'loop8p1']);
});

test('libvirt 9.0 vol-delete of a p-named partition (golden stderr): a typed error that names parted rm N and pool-refresh', () => {
  const e = classifyFailure({ code: 1, stdout: '', stderr: golden('vol-delete-disk-p-separator.stderr.txt') } as RunResult, 'virsh', 'this machine');
  assert.equal(e.msg?.key, 'pools.trap.partitionDelete');
  assert.equal(e.details?.device, '/dev/loop0');
  assert.equal(e.details?.partition, '2');
  assert.match(e.hint ?? '', /parted -s \/dev\/loop0 rm 2\), then refresh the pool/);
  assert.match(zh(e), /parted 只认 2/);
});

test('no device-mapper (golden stderr of lvcreate and of vol-create-as): a typed error naming dm_mod and /dev/mapper/control', () => {
  for (const [file, program, code] of [
    ['lvcreate-no-device-mapper.stderr.txt', 'lvcreate', 3],
    ['vol-create-logical-no-device-mapper.stderr.txt', 'virsh', 1],
  ] as const) {
    const e = classifyFailure({ code, stdout: '', stderr: golden(file) } as RunResult, program, 'this machine');
    assert.equal(e.msg?.key, 'transport.noDeviceMapper', file);
    assert.equal(e.code, 'COMMAND_FAILED');
    assert.match(e.message, /device-mapper is missing/);
    assert.match(e.hint ?? '', /modprobe dm_mod/);
    assert.match(e.hint ?? '', /\/dev\/mapper\/control given to the container/);
    assert.match(zh(e), /device-mapper/);
  }
});

test('netfs pool-start without mount helper (golden stderr, nfs and cifs; util-linux\'s helper text): the package named', () => {
  for (const [file, pkg] of [
    ['pool-start-netfs-nfs-no-helper.stderr.txt', 'nfs-common'],
    ['pool-start-netfs-cifs-no-helper.stderr.txt', 'cifs-utils'],
  ] as const) {
    const e = classifyFailure({ code: 1, stdout: '', stderr: golden(file) } as RunResult, 'virsh', 'this machine');
    assert.equal(e.msg?.key, 'pools.trap.mountFailed', file);
    assert.match(e.hint ?? '', new RegExp(`Install ${pkg}`));
  }
  const helper = `error: Failed to start pool n1
error: internal error: Child process (/bin/mount -o nodev,nosuid,noexec -t glusterfs srv:/vol /mnt/n1) unexpected exit status 32: mount: /mnt/n1: bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper program.`;
  const e = classifyFailure({ code: 1, stdout: '', stderr: helper } as RunResult, 'virsh', 'this machine');
  assert.match(e.hint ?? '', /Install glusterfs-client \(Debian\/Ubuntu\) or glusterfs-fuse \(Fedora\/RHEL\)/);
});

/** A host whose /sbin holds `helpers`; the netfs pool's saved XML has `format`. */
function probe(helpers: string[], format?: string): ProbeSession & { ran: string[][] } {
  const ran: string[][] = [];
  return {
    ran,
    config: { uri: U },
    runner: {
      label: 'this machine',
      async run(argv: readonly string[]) {
        ran.push([...argv]);
        const found = argv.some((a) => helpers.some((h) => a === `/sbin/${h}`));
        return { code: found ? 0 : 1, stdout: '', stderr: '' };
      },
    } as unknown as ProbeSession['runner'],
    virsh: {
      async exec() {
        return `<pool type='netfs'><name>n1</name><source><host name='srv'/><dir path='/e'/>${format ? `<format type='${format}'/>` : ''}</source><target><path>/mnt/n1</path></target></pool>`;
      },
    } as unknown as ProbeSession['virsh'],
  };
}

test('netfs start and create: refused before anything runs when the host lacks the mount helper, naming the package', async () => {
  const world = inv([], [pool('n1', [], { type: 'netfs', active: false, targetPath: '/mnt/n1' })]);
  const bare = probe([], 'nfs');
  const e = await rejected(planPoolStartChecked(bare, world, { pool: 'n1' }));
  assert.equal(e.code, 'COMMAND_NOT_FOUND');
  assert.equal(e.details?.program, 'mount.nfs');
  assert.equal(e.details?.field, 'pool');
  assert.match(e.message, /There is no \/sbin\/mount\.nfs on this machine, so libvirt cannot mount the nfs share of pool "n1"/);
  assert.match(e.hint ?? '', /Install nfs-common \(Debian\/Ubuntu\) or nfs-utils \(Fedora\/RHEL\)/);
  assert.match(zh(e), /本机上没有 \/sbin\/mount\.nfs/);
  assert.deepEqual(bare.ran[0], ['test', '-x', '/sbin/mount.nfs', '-o', '-x', '/sbin/fs.d/mount.nfs', '-o', '-x', '/sbin/fs/mount.nfs']);
  // auto (libvirt's default) mounts host:/dir as nfs.
  assert.equal((await rejected(planPoolStartChecked(probe([]), world, { pool: 'n1' }))).details?.program, 'mount.nfs');
  assert.equal((await rejected(planPoolStartChecked(probe([], 'cifs'), world, { pool: 'n1' }))).details?.program, 'mount.cifs');
  // With the helper: the plan.
  assert.deepEqual((await planPoolStartChecked(probe(['mount.nfs'], 'nfs'), world, { pool: 'n1' })).steps.map((s) => s.argv[3]), ['pool-start']);
  // Not a netfs pool: no probe.
  const dirWorld = inv([], [pool('d', [], { active: false, targetPath: '/d' })]);
  const p = probe([]);
  await planPoolStartChecked(p, dirWorld, { pool: 'd' });
  assert.equal(p.ran.length, 0);

  const req = { name: 'n2', type: 'netfs', target: '/mnt/n2', source: { hosts: [{ name: 'srv' }], dir: '/e', format: 'glusterfs' }, build: false, autostart: false };
  const c = await rejected(planCreatePoolChecked(probe([]), inv([], []), req));
  assert.equal(c.details?.field, 'source.format');
  assert.match(c.hint ?? '', /glusterfs-client/);
  assert.ok((await planCreatePoolChecked(probe(['mount.glusterfs']), inv([], []), req)).steps.length > 0);
});

test('delete --wipe: vol-wipe (zero by default) before each vol-delete, destructive; refused where libvirt cannot wipe', () => {
  const world = inv([], [pool('p1', ['a.qcow2', 'b.raw'], { targetPath: '/p' }), pool('g', ['x'], { type: 'gluster' }), pool('z', ['x'], { type: 'zfs' }), pool('r', ['img'], { type: 'rbd' })]);
  const req = PoolDeleteRequestSchema.parse({ pool: 'p1', withVolumes: true, wipe: true });
  const plan = planPoolDelete(world, U, req);
  assert.deepEqual(
    plan.steps.map((s) => s.argv.slice(3)),
    [
      ['vol-wipe', '--pool', 'p1', '--vol', 'a.qcow2', '--algorithm', 'zero'],
      ['vol-delete', '--pool', 'p1', '--vol', 'a.qcow2'],
      ['vol-wipe', '--pool', 'p1', '--vol', 'b.raw', '--algorithm', 'zero'],
      ['vol-delete', '--pool', 'p1', '--vol', 'b.raw'],
      ['pool-destroy', '--pool', 'p1'],
      ['pool-delete', '--pool', 'p1'],
      ['pool-undefine', '--pool', 'p1'],
    ],
  );
  assert.ok(plan.steps.slice(0, 4).every((s) => s.destructive));
  assert.match(english(plan.steps[0]!.description), /Overwrite volume "a\.qcow2" of pool "p1" \(zero\)/);
  assert.ok(plan.warnings.some((w) => /Each of the 2 volumes is overwritten \(zero\)/.test(english(w))));
  const scrub = planPoolDelete(world, U, { pool: 'p1', withVolumes: true, wipe: true, algorithm: 'dod' });
  assert.deepEqual(scrub.steps[0]?.argv.slice(-2), ['--algorithm', 'dod']);
  assert.ok(scrub.warnings.some((w) => /runs scrub on the host/.test(english(w))));
  // Without wipe: no vol-wipe at all.
  assert.ok(!planPoolDelete(world, U, { pool: 'p1', withVolumes: true }).steps.some((s) => s.argv.includes('vol-wipe')));

  const gl = caught(() => planPoolDelete(world, U, { pool: 'g', withVolumes: true, wipe: true }));
  // gluster is not deletable at all in libvirt; zfs is, but has no vol-wipe.
  assert.match(gl.message, /cannot delete the storage|cannot wipe/);
  const zf = caught(() => planPoolDelete(world, U, { pool: 'z', withVolumes: true, wipe: true }));
  assert.match(zf.message, /libvirt cannot wipe the volumes of a zfs pool \("z"\)/);
  assert.equal(zf.details?.field, 'wipe');
  assert.match(zh(zf), /无法擦除 zfs/);
  // rbd and iscsi-direct pools are not deletable by libvirt (no deletePool), so their wipe rules (zero and trim; zero) are the table's only.
  assert.match(caught(() => planPoolDelete(world, U, { pool: 'r', withVolumes: true, wipe: true })).message, /cannot delete the storage of a rbd pool/);
  assert.deepEqual(POOL_WIPE_ALGORITHMS.rbd, ['zero', 'trim']);
  assert.deepEqual(POOL_WIPE_ALGORITHMS['iscsi-direct'], ['zero']);
  assert.equal(caught(() => planPoolDelete(world, U, { pool: 'p1', withVolumes: false, wipe: true })).details?.field, 'withVolumes');
  assert.equal(caught(() => planPoolDelete(world, U, { pool: 'p1', withVolumes: true, algorithm: 'zero' })).details?.field, 'algorithm');
  assert.throws(() => PoolDeleteRequestSchema.parse({ pool: 'p1', withVolumes: true, wipe: true, algorithm: 'shred' }));
});

test('disk detach --delete-volume of a p-named partition: parted rm N and pool-refresh after the detach, not vol-delete', () => {
  const d = diskPool('/dev/nvme0n1', ['nvme0n1p3']);
  const world = inv([dom('run', { disks: [disk('vdb', { source: { type: 'block', dev: '/dev/nvme0n1p3' } })] })], [d]);
  const plan = planDetachDisk(world, U, { domain: 'run', target: 'vdb', deleteVolume: true });
  assert.deepEqual(plan.steps.slice(-2).map((s) => s.argv), [
    ['parted', '-s', '/dev/nvme0n1', 'rm', '3'],
    [...V, 'pool-refresh', '--pool', 'd1'],
  ]);
  assert.ok(!plan.steps.some((s) => s.argv.includes('vol-delete')));
});
