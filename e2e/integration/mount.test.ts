// Filesystem mounting end to end on the real test bed: a new volume attached
// to the running guest, ext4 created and mounted at /mnt/data through the
// agent, a file written, the mount seen in the guest filesystems view, fstab
// by UUID, then the same qcow2 mounted read-only on the host (FUSE export +
// loop) and the guest's file read there; read-write refused while the VM
// runs; a partitioned raw image mounted by partition on the host; bad
// mountpoints and options refused; mounts cleaned up when the service closes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Operation } from '../../shared/contract/ops.ts';
import type { ServiceHarness } from './service-harness.ts';
import { bedTest, cliWithLocalHost, scratchVolume, service, tryVirsh, type Scope } from './fixtures.ts';
import { cli, guestExec, guestKill, guestSpawn, virsh, waitFor, type Testbed } from './testbed.ts';

const MiB = 1024 ** 2;
async function until<T>(fn: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
const hostMounted = (mp: string): boolean => readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === mp);

interface NewDiskOptions {
  capacityBytes?: number;
  mode?: 'live';
}

/** A new sparse volume (64 MiB unless said) created and attached to the running VM in one job; its target. */
async function attachNew(api: ServiceHarness, bed: Testbed, name: string, format: 'qcow2' | 'raw', opts: NewDiskOptions = {}): Promise<string> {
  const choices = await api.call('disk.choices', { host: 'local', domain: bed.runningVm });
  const target = choices.nextTargets['virtio'];
  assert.ok(target);
  const volume = { pool: bed.pool, name, capacityBytes: opts.capacityBytes ?? 64 * MiB, format, allocation: 'sparse' as const };
  const job = await api.run({ kind: 'disk.attach', host: 'local', request: { domain: bed.runningVm, source: { kind: 'new-volume', volume }, ...(opts.mode ? { mode: opts.mode } : {}) } });
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  return target;
}

async function detachDelete(api: ServiceHarness, bed: Testbed, target: string): Promise<void> {
  const job = await api.run({ kind: 'disk.detach', host: 'local', request: { domain: bed.runningVm, target, deleteVolume: true } });
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
}

/**
 * attachNew(), undone when the test ends (detached and deleted, or at least
 * detached from the running VM) unless the test detached it and cleared `target`.
 */
async function newDisk(s: Scope, api: ServiceHarness, name: string, format: 'qcow2' | 'raw', opts: NewDiskOptions = {}): Promise<{ target: string | undefined }> {
  const disk: { target: string | undefined } = { target: await attachNew(api, s.bed, name, format, opts) };
  s.defer(async () => {
    const target = disk.target;
    if (target) await detachDelete(api, s.bed, target).catch(() => virsh(s.bed, 'detach-disk', s.bed.runningVm, target, '--live'));
  });
  return disk;
}

async function refusal(api: ServiceHarness, op: Operation): Promise<{ message: string; field: string | undefined }> {
  const out = await api.svc.dispatch('ops.plan', { op });
  assert.equal(out.ok, false, `${JSON.stringify(op.request)} should be refused`);
  if (out.ok) throw new Error('unreachable');
  return { message: out.error.message, field: out.error.details?.field };
}

bedTest('guest: create ext4, mount at /mnt/data with fstab by UUID, see it in the view; host: read the file read-only, refuse read-write; unmount both', async (s) => {
  const { t, bed } = s;
  const api = await service(s);
  const name = `mount-${process.pid}.qcow2`;
  const file = `${bed.poolPath}/${name}`;
  const fsUuid = randomUUID();
  const marker = `spindle-${process.pid}-${Date.now()}`;
  const disk = await newDisk(s, api, name, 'qcow2');
  const target = disk.target!;
  s.defer(() => removeFstabLines(bed, fsUuid));
  let guestMounted = false;
  s.defer(() => guestMounted && guestExec(bed, '/bin/umount', ['/mnt/data']));
  const view = await until(async () => {
    const r = await api.call('guest.blockdevs', { host: 'local', domain: bed.runningVm });
    return r.devices.some((d) => d.target === target) ? r : null;
  }, 15_000);
  assert.equal(view.agent, 'ok');
  assert.ok(view.mkfs.includes('ext4'), `mkfs found: ${view.mkfs.join(',')}`);
  const dev = view.devices.find((d) => d.target === target)!;
  assert.equal(dev.fsType, undefined, 'a new volume holds nothing');
  assert.equal(dev.sizeBytes, 64 * MiB);

  // Bad input is refused before anything runs, naming the field.
  const base = { domain: bed.runningVm, device: dev.path, options: [] as string[], fstab: false, mkfs: { type: 'ext4' as const, confirm: dev.path } };
  for (const [mp, re] of [
    ['mnt/data', /not an absolute path/],
    ['/mnt/../etc', /"\.\."/],
    ['/mnt/$(touch /x)', /contains "\$"/],
    ['/mnt/a;b', /contains ";"/],
    ['/etc', /system needs/],
  ] as const) {
    const r = await refusal(api, { kind: 'guest.mount', host: 'local', request: { ...base, mountpoint: mp } });
    assert.match(r.message, re);
    assert.equal(r.field, 'mountpoint');
  }
  const badOpt = await refusal(api, { kind: 'guest.mount', host: 'local', request: { ...base, mountpoint: '/mnt/data', options: ['noatime,exec'] } });
  assert.equal(badOpt.field, 'options');
  const noConfirm = await refusal(api, { kind: 'guest.mount', host: 'local', request: { ...base, mountpoint: '/mnt/data', mkfs: { type: 'ext4', confirm: '/dev/vda' } } });
  assert.equal(noConfirm.field, 'mkfs');

  const op: Operation = { kind: 'guest.mount', host: 'local', request: { ...base, mountpoint: '/mnt/data', options: ['noatime', 'nofail'], mkfs: { type: 'ext4', label: 'spdata', confirm: dev.path, uuid: fsUuid }, fstab: true, requestId: `it${String(process.pid).padStart(6, "0")}` } };
  const plan = await api.call('ops.plan', { op });
  assert.equal(plan.script, (await api.call('ops.plan', { op })).script, 'planning twice gives the same commands');
  const tee = plan.steps.find((step) => step.guestArgv?.[0] === 'tee');
  assert.equal(tee?.guestInput, `UUID=${fsUuid} /mnt/data ext4 noatime,nofail 0 2\n`);
  assert.ok(plan.steps[0]?.destructive);
  const started = Date.now();
  const job = await api.run(op);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  guestMounted = true;
  t.diagnostic(`guest mount job (mkfs, mount, fstab, test through fstab): ${Date.now() - started} ms`);

  guestExec(bed, '/bin/sh', ['-c', `echo ${marker} > /mnt/data/hello.txt && sync`]);
  const viewStart = Date.now();
  const after = await api.call('guest.blockdevs', { host: 'local', domain: bed.runningVm });
  t.diagnostic(`guest.blockdevs (lsblk, blkid, mkfs probe, fstab, guest-get-disks, guest-get-fsinfo): ${Date.now() - viewStart} ms`);
  const mounted = after.devices.find((d) => d.target === target)!;
  assert.deepEqual(mounted.mountpoints, ['/mnt/data']);
  assert.equal(mounted.fsType, 'ext4');
  assert.equal(mounted.label, 'spdata');
  assert.ok((mounted.usedBytes ?? 0) > 0 && (mounted.totalBytes ?? 0) > 50 * MiB, JSON.stringify(mounted));
  const line = after.fstab?.find((e) => e.file === '/mnt/data');
  assert.equal(line?.spec, `UUID=${mounted.uuid}`);
  const fstabText = guestExec(bed, '/bin/cat', ['/etc/fstab']);
  assert.match(fstabText, new RegExp(`UUID=${mounted.uuid} /mnt/data ext4`));
  assert.match(guestExec(bed, '/bin/ls', ['/etc']), /fstab\.spindle-/, 'the old fstab is kept');

  const whole = await api.call('host.imagePartitions', { host: 'local', source: { kind: 'volume', pool: bed.pool, volume: name } });
  assert.deepEqual([whole.table, whole.fsType], [null, 'ext4']);

  // The host reads the guest's file read-only while the VM runs.
  const rwOp: Operation = { kind: 'host.mount', host: 'local', request: { source: { kind: 'volume', pool: bed.pool, volume: name }, readOnly: false } };
  const rw = await refusal(api, rwOp);
  assert.match(rw.message, new RegExp(`in use by the running VM "${bed.runningVm}"`));
  assert.equal(rw.field, 'readOnly');
  const roStart = Date.now();
  const roJob = await api.run({ kind: 'host.mount', host: 'local', request: { source: { kind: 'volume', pool: bed.pool, volume: name }, readOnly: true } });
  t.diagnostic(`host read-only mount of the qcow2 (plan with qemu-io probe, FUSE export, loop mount): ${Date.now() - roStart} ms`);
  assert.equal(roJob.state, 'succeeded', JSON.stringify(roJob.error));
  const mp = roJob.result?.mountpoint ?? '';
  assert.ok(mp.startsWith('/run/spindle/mnt/') && hostMounted(mp), mp);
  assert.equal(readFileSync(`${mp}/hello.txt`, 'utf8').trim(), marker);
  assert.throws(() => writeFileSync(`${mp}/nope.txt`, 'x'), /EROFS|read-only/i);
  const listed = await api.call('host.mounts', { host: 'local' });
  assert.deepEqual(
    listed.map((m) => [m.id, m.via, m.readOnly, m.format]),
    [[roJob.result?.id, 'fuse', true, 'qcow2']],
  );
  const unStart = Date.now();
  const un = await api.run({ kind: 'host.umount', host: 'local', request: { id: roJob.result?.id ?? '' } });
  t.diagnostic(`host unmount (umount, stop the export, wait for FUSE, clean up): ${Date.now() - unStart} ms`);
  assert.equal(un.state, 'succeeded', JSON.stringify(un.error));
  assert.equal(hostMounted(mp), false);
  assert.equal(existsSync(mp), false, 'the mountpoint Spindle made is removed');
  assert.deepEqual(await api.call('host.mounts', { host: 'local' }), []);

  // A program working in /mnt/data keeps it busy: the unmount fails, naming it, and changes nothing.
  const holder = guestSpawn(bed, 'cd /mnt/data && exec sleep 60');
  await new Promise((r) => setTimeout(r, 300));
  const busy = await api.run({ kind: 'guest.umount', host: 'local', request: { domain: bed.runningVm, mountpoint: '/mnt/data', fstab: true } });
  assert.equal(busy.state, 'failed');
  assert.match(busy.error?.message ?? '', /busy/i);
  assert.match(busy.error?.hint ?? '', new RegExp(`sleep \\(pid ${holder}\\)`));
  assert.match(guestExec(bed, '/bin/cat', ['/etc/fstab']), /\/mnt\/data/, 'fstab untouched by the failed unmount');
  guestKill(bed, holder);
  await new Promise((r) => setTimeout(r, 300));

  // Unmount in the guest and take the fstab line out.
  const um = await api.run({ kind: 'guest.umount', host: 'local', request: { domain: bed.runningVm, mountpoint: '/mnt/data', fstab: true } });
  assert.equal(um.state, 'succeeded', JSON.stringify(um.error));
  guestMounted = false;
  assert.doesNotMatch(guestExec(bed, '/bin/cat', ['/etc/fstab']), /\/mnt\/data/);
  const gone = await api.call('guest.blockdevs', { host: 'local', domain: bed.runningVm });
  assert.deepEqual(gone.devices.find((d) => d.target === target)?.mountpoints, []);

  await detachDelete(api, bed, target);
  disk.target = undefined;
  assert.equal(existsSync(file), false);
});

bedTest('host: a partitioned raw image mounted by partition, read-write once no VM uses it; the service unmounts it on close', async (s) => {
  const { bed } = s;
  const name = `parts-${process.pid}.raw`;
  // Strict: the volume must still be there once the service is closed.
  s.defer(() => virsh(bed, 'vol-delete', '--pool', bed.pool, name));
  const api = await service(s);
  let target: string | undefined;
  s.defer(() => target && virsh(bed, 'detach-disk', bed.runningVm, target, '--live'));
  target = await attachNew(api, bed, name, 'raw');
  const dev = await until(async () => {
    const r = await api.call('guest.blockdevs', { host: 'local', domain: bed.runningVm });
    return r.devices.find((d) => d.target === target) ?? null;
  }, 15_000);
  // The guest partitions and formats it (the test's own doing, as an operator would).
  guestExec(bed, '/bin/sh', ['-c', `printf 'n\\np\\n1\\n\\n+16M\\nn\\np\\n2\\n\\n\\nw\\n' | fdisk ${dev.path} >/dev/null 2>&1; mkfs.ext4 -q -L p2 ${dev.path}2 && mkdir -p /mnt/p2 && mount ${dev.path}2 /mnt/p2 && echo second > /mnt/p2/which.txt && umount /mnt/p2 && sync`]);
  const seen = await api.call('guest.blockdevs', { host: 'local', domain: bed.runningVm });
  const p2 = seen.devices.find((d) => d.path === `${dev.path}2`);
  assert.equal(p2?.fsType, 'ext4');
  assert.equal(p2?.target, target, 'a partition is matched to its VM disk');
  assert.equal(seen.devices.find((d) => d.path === dev.path)?.hasChildren, true);

  const det = await api.run({ kind: 'disk.detach', host: 'local', request: { domain: bed.runningVm, target } });
  assert.equal(det.state, 'succeeded', JSON.stringify(det.error));
  target = undefined;

  const source = { kind: 'volume' as const, pool: bed.pool, volume: name };
  const parts = await api.call('host.imagePartitions', { host: 'local', source });
  assert.equal(parts.table, 'dos');
  assert.deepEqual(
    parts.partitions.map((p) => [p.number, p.type, p.fsType]),
    [
      [1, 'linux', undefined],
      [2, 'linux', 'ext4'],
    ],
  );
  const bad = await refusal(api, { kind: 'host.mount', host: 'local', request: { source, partition: 3, readOnly: true } });
  assert.equal(bad.field, 'partition');
  const badMp = await refusal(api, { kind: 'host.mount', host: 'local', request: { source, readOnly: true, mountpoint: '/mnt/$(id)' } });
  assert.equal(badMp.field, 'mountpoint');

  const job = await api.run({ kind: 'host.mount', host: 'local', request: { source, partition: 2, readOnly: false } });
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  const mp = job.result?.mountpoint ?? '';
  assert.equal(readFileSync(`${mp}/which.txt`, 'utf8').trim(), 'second');
  writeFileSync(`${mp}/from-host.txt`, 'written on the host\n');
  const [m] = await api.call('host.mounts', { host: 'local' });
  assert.deepEqual([m?.via, m?.partition, m?.readOnly], ['loop', 2, false]);

  // Unmounted behind Spindle's back: the list forgets it.
  execFileSync('umount', [mp]);
  assert.deepEqual(await api.call('host.mounts', { host: 'local' }), []);
  assert.equal(existsSync(mp), false, 'the mountpoint Spindle made went with the forgotten mount');
  const again = await api.run({ kind: 'host.mount', host: 'local', request: { source, partition: 2, readOnly: true } });
  assert.equal(again.state, 'succeeded', JSON.stringify(again.error));
  const mp2 = again.result?.mountpoint ?? '';
  assert.equal(readFileSync(`${mp2}/from-host.txt`, 'utf8'), 'written on the host\n');

  // Closing the service (Spindle exiting) unmounts what it mounted.
  await api.close();
  assert.equal(hostMounted(mp2), false);
  assert.equal(existsSync(mp2), false);
});

bedTest('CLI twins: guest fs, guest mount/umount refusals and --dry-run, host partitions, host mount --dry-run', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const h = ['--host', 'local', '--vm', bed.runningVm];
  const fs = await cli(['guest', 'fs', ...h]);
  assert.equal(fs.code, 0, fs.err);
  assert.match(fs.out, /DEVICE\s+KIND\s+DISK/);
  assert.match(fs.out, /\/dev\/vda\s+disk\s+vda/);
  assert.match(fs.out, /mkfs in the guest: ext4/);
  const json = JSON.parse((await cli(['guest', 'fs', ...h, '--json'])).out) as { agent: string; devices: { target?: string }[] };
  assert.equal(json.agent, 'ok');
  assert.ok(json.devices.some((d) => d.target === 'vdb'));

  const noConfirm = await cli(['guest', 'mount', ...h, '--device', '/dev/vdb', '--mountpoint', '/mnt/x', '--mkfs', 'ext4']);
  assert.equal(noConfirm.code, 2);
  assert.match(noConfirm.err, /--yes-erase \/dev\/vdb/);
  const bad = await cli(['guest', 'mount', ...h, '--device', '/dev/vdb', '--mountpoint', '/mnt/a b', '--dry-run']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /contains a space/);
  const dry = await cli(['guest', 'umount', ...h, '--mountpoint', '/mnt/never', '--dry-run']);
  assert.match(dry.err, /Nothing is mounted at \/mnt\/never/);

  // The shut-off VM's disk image, mounted read-only on the host.
  const part = await cli(['host', 'partitions', '--host', 'local', '--volume', `${bed.pool}/base.qcow2`]);
  assert.equal(part.code, 0, part.err);
  const m = await cli(['host', 'mount', '--host', 'local', '--volume', `${bed.pool}/base.qcow2`, '--dry-run']);
  assert.equal(m.code, 0, m.err);
  assert.match(m.out, /'qemu-storage-daemon' '--blockdev'/);
  assert.match(m.out, /'mount' .*'-o' 'ro,loop/);
});

bedTest('over SSH with sudo: a qcow2 volume whose name has spaces and $(x) mounted read-only on the host, listed, unmounted', async (s) => {
  const { bed } = s;
  const name = scratchVolume(s, `ssh mount ${process.pid} $(x);.qcow2`);
  const raw = `/tmp/spindle-ssh-mount-${process.pid}.raw`;
  s.defer(() => rmSync(raw, { force: true }));
  // An ext4 image with one file, made here with the host's own tools, converted into the pool as qcow2.
  execFileSync('truncate', ['-s', '32M', raw]);
  execFileSync('mkfs.ext4', ['-q', '-L', 'sshfs', raw]);
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, `${bed.poolPath}/${name}`]);
  virsh(bed, 'pool-refresh', bed.pool);
  const api = await service(s, 'ssh');
  await waitFor(() => api.svc.session('loopback')?.getInventory()?.pools.some((p) => p.volumes.some((v) => v.name === name)), 30_000);
  const source = { kind: 'volume' as const, pool: bed.pool, volume: name };
  const parts = await api.call('host.imagePartitions', { host: 'loopback', source });
  assert.deepEqual([parts.table, parts.fsType, parts.format], [null, 'ext4', 'qcow2']);
  const job = await api.run({ kind: 'host.mount', host: 'loopback', request: { source, readOnly: true } });
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  const mp = job.result?.mountpoint ?? '';
  assert.ok(hostMounted(mp), mp);
  assert.ok(existsSync(`${mp}/lost+found`), 'the ext4 filesystem is visible');
  const listed = await api.call('host.mounts', { host: 'loopback' });
  assert.deepEqual(listed.map((m) => [m.via, m.readOnly]), [['fuse', true]]);
  const unJob = await api.run({ kind: 'host.umount', host: 'loopback', request: { id: job.result?.id ?? '' } });
  assert.equal(unJob.state, 'succeeded', JSON.stringify(unJob.error));
  assert.equal(hostMounted(mp), false);
});

/**
 * Takes this test's lines (by its filesystem's UUID) out of the guest's fstab, and the file
 * if nothing else is left in it; other tests' lines stay (they may be running now).
 */
function removeFstabLines(bed: Testbed, uuid: string): void {
  guestExec(bed, '/bin/sh', ['-c', 'if [ -e /etc/fstab ]; then sed -i "/^UUID=$1 /d" /etc/fstab; [ -s /etc/fstab ] || rm -f /etc/fstab; fi; rm -f /etc/fstab.spindle-it$2 /etc/fstab.spindle-lo$2; exit 0', 'sh', uuid, String(process.pid)]);
}

/** A path exists in the test guest. */
const inGuest = (bed: Testbed, p: string): boolean => guestExec(bed, '/bin/sh', ['-c', 'test -e "$1" && echo yes || echo no', 'sh', p]).trim() === 'yes';

bedTest('bugs 4 and 6: a disk attached now only gets nofail in fstab; the folder Spindle made for a mount goes with the unmount, one that was there stays', async (s) => {
  const { bed } = s;
  const api = await service(s);
  const name = `liveonly-${process.pid}.raw`;
  const root = `/mnt/spindle-it-${process.pid}`;
  const made = `${root}/made`;
  const before = `${root}/there-before`;
  const fsUuid = randomUUID();
  // Attached to the running VM only: gone after its next shutdown.
  const { target } = await newDisk(s, api, name, 'raw', { capacityBytes: 32 * MiB, mode: 'live' });
  s.defer(() => removeFstabLines(bed, fsUuid));
  s.defer(() => guestExec(bed, '/bin/sh', ['-c', 'for m in "$1/made" "$1/there-before"; do umount "$m" 2>/dev/null; done; rm -rf "$1"', 'sh', root]));
  await waitFor(() => api.svc.session('local')?.getInventory()?.domains.find((d) => d.name === bed.runningVm)?.pendingDisks?.liveOnly.includes(target!), 30_000);
  const dev = await until(async () => (await api.call('guest.blockdevs', { host: 'local', domain: bed.runningVm })).devices.find((d) => d.target === target) ?? null, 15_000);

  // Bug 4: fstab asked without nofail; the planner adds it, says why, and the guest's fstab gets it.
  const op: Operation = { kind: 'guest.mount', host: 'local', request: { domain: bed.runningVm, device: dev.path, mountpoint: made, options: ['noatime'], mkfs: { type: 'ext4', confirm: dev.path, uuid: fsUuid }, fstab: true, requestId: `lo${String(process.pid).padStart(6, "0")}` } };
  const plan = await api.call('ops.plan', { op });
  const tee = plan.steps.find((step) => step.guestArgv?.[0] === 'tee');
  assert.equal(tee?.guestInput, `UUID=${fsUuid} ${made} ext4 noatime,nofail 0 2\n`);
  assert.ok(plan.warnings.some((w) => w.includes(`a disk attached to the running VM only`)), plan.warnings.join('\n'));
  assert.ok(plan.warningMsgs?.some((m) => m?.key === 'mounts.guest.nofailAdded'));
  // Bug 6: the folder (and its missing parent) is made by the plan, and noted.
  assert.deepEqual(plan.steps.map((step) => step.guestArgv?.[0]).slice(1, 4), ['mkdir', 'mkdir', 'touch']);
  const job = await api.run(op);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  assert.match(guestExec(bed, '/bin/cat', ['/etc/fstab']), new RegExp(` ${made} ext4 noatime,nofail `));
  assert.ok(guestExec(bed, '/bin/cat', ['/proc/mounts']).includes(`${dev.path} ${made} ext4`), 'mounted');

  // Unmounted with its fstab line: the folder Spindle made goes; its parent (made by mkdir -p) is left.
  const um = await api.run({ kind: 'guest.umount', host: 'local', request: { domain: bed.runningVm, mountpoint: made, fstab: true } });
  assert.equal(um.state, 'succeeded', JSON.stringify(um.error));
  assert.equal(inGuest(bed, made), false, 'the folder Spindle made is removed');
  assert.equal(inGuest(bed, root), true);
  assert.doesNotMatch(guestExec(bed, '/bin/cat', ['/etc/fstab']), new RegExp(made));

  // A folder that was there before stays, as it was.
  guestExec(bed, '/bin/mkdir', ['-p', before]);
  const op2: Operation = { kind: 'guest.mount', host: 'local', request: { domain: bed.runningVm, device: dev.path, mountpoint: before, options: [], fstab: false } };
  const plan2 = await api.call('ops.plan', { op: op2 });
  assert.deepEqual(plan2.steps.map((step) => step.guestArgv?.[0]), ['mount'], 'nothing made');
  assert.equal((await api.run(op2)).state, 'succeeded');
  assert.equal((await api.run({ kind: 'guest.umount', host: 'local', request: { domain: bed.runningVm, mountpoint: before } })).state, 'succeeded');
  assert.equal(inGuest(bed, before), true, 'a folder that existed before is kept');

  // A folder Spindle made that gained a file of its own is kept too (only the note may be in it).
  const op3: Operation = { kind: 'guest.mount', host: 'local', request: { domain: bed.runningVm, device: dev.path, mountpoint: made, options: [], fstab: false } };
  assert.equal((await api.run(op3)).state, 'succeeded');
  guestExec(bed, '/bin/sh', ['-c', 'umount "$1" && touch "$1/mine.txt" && mount "$2" "$1"', 'sh', made, dev.path]);
  assert.equal((await api.run({ kind: 'guest.umount', host: 'local', request: { domain: bed.runningVm, mountpoint: made } })).state, 'succeeded');
  assert.equal(inGuest(bed, `${made}/mine.txt`), true, 'a folder with files in it is kept');
});

bedTest('the agent channel: the plan built from the channel model is what libvirtd takes (a VM defined for the test, saved configuration)', async (s) => {
  const { bed } = s;
  const api = await service(s);
  const vm = `spindle-chan-${process.pid}`;
  const dir = mkdtempSync(`${tmpdir()}/spindle-chan-`);
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  s.defer(() => tryVirsh(bed, 'undefine', vm));
  const xml = `<domain type='qemu'><name>${vm}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64' machine='q35'>hvm</type></os><devices><emulator>/usr/bin/qemu-system-x86_64</emulator></devices></domain>`;
  writeFileSync(`${dir}/d.xml`, xml);
  virsh(bed, 'define', `${dir}/d.xml`);
  await waitFor(() => api.svc.session('local')?.getInventory()?.domains.some((d) => d.name === vm), 30_000);
  // Stopped: only the saved configuration can take it; live is refused on the mode field.
  const live = await refusal(api, { kind: 'guest.agentChannel', host: 'local', request: { domain: vm, mode: 'live' } });
  assert.equal(live.field, 'mode');
  const job = await api.run({ kind: 'guest.agentChannel', host: 'local', request: { domain: vm } });
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  const { hasGuestAgentChannel } = await import('../../electron/backend/libvirt/model/channel-xml.ts');
  assert.equal(hasGuestAgentChannel(virsh(bed, 'dumpxml', '--inactive', vm)), true);
  // Now it has one: asked again, refused on the VM.
  const again = await refusal(api, { kind: 'guest.agentChannel', host: 'local', request: { domain: vm } });
  assert.match(again.message, /already has the guest agent channel/);
});
