// The operations API end to end on the real test bed, as the wizards use it:
// plan, start a job, follow its events, and check the result on the host and
// inside the running guest.
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import type { Job, Operation } from '../../shared/contract/ops.ts';
import { bedTest, detachStray, scratchVolume, service } from './fixtures.ts';
import { guestExec, virsh, waitFor, type Testbed } from './testbed.ts';

const MiB = 1024 ** 2;

const guestDisks = (bed: Testbed): string[] => guestExec(bed, '/bin/ls', ['/sys/block']).split(/\s+/).filter((n) => /^vd[a-z]+$/.test(n));
const guestBytes = (bed: Testbed, dev: string): number => Number(guestExec(bed, '/bin/cat', [`/sys/block/${dev}/size`]).trim()) * 512;

bedTest('attach a new layered volume live, mount it, grow disk and filesystem, unmount, detach and delete', async (s) => {
  const { bed } = s;
  const api = await service(s);
  const name = scratchVolume(s, `ops-${process.pid}.qcow2`);
  const file = `${bed.poolPath}/${name}`;
  let attachedAs: string | undefined;
  s.defer(() => {
    if (!attachedAs) return;
    try {
      guestExec(bed, '/bin/umount', ['/mnt/opsdata']);
    } catch {
      /* not mounted */
    }
    detachStray(bed, bed.runningVm, attachedAs);
  });
  const before = guestDisks(bed);
  const choices = await api.call('disk.choices', { host: 'local', domain: bed.runningVm });
  assert.ok(choices.buses.includes('virtio') && choices.buses.includes('sata'), JSON.stringify(choices));
  assert.equal(choices.usbController, false);
  assert.equal(choices.osBootOrder, true);
  assert.equal(choices.running, true);
  const target = choices.nextTargets['virtio'];
  assert.ok(target);

  const op: Operation = {
    kind: 'disk.attach',
    host: 'local',
    request: { domain: bed.runningVm, source: { kind: 'new-volume', volume: { pool: bed.pool, name, capacityBytes: 64 * MiB, format: 'qcow2', allocation: 'sparse', backingVolume: 'base.qcow2' } } },
  };
  const plan = await api.call('ops.plan', { op });
  assert.deepEqual(plan.steps.map((step) => step.argv[3]), ['vol-create', 'vol-list', 'attach-device', 'attach-device']);
  assert.match(plan.steps[0]?.stdin ?? '', /<backingStore>[\s\S]*base\.qcow2/);
  assert.match(plan.script, /'attach-device' '--domain' 'spindle-test-vm' '--file' '\/dev\/stdin' '--live'/);

  const job = await api.run(op);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  attachedAs = target;
  const states = api.events.filter((e) => e.event === 'job' && (e.payload as Job).id === job.id).map((e) => (e.payload as Job).step);
  assert.deepEqual([...new Set(states)], [0, 1, 2, 3], 'one event per step at least');
  const dom = api.svc.session('local')!.getInventory()!.domains.find((d) => d.name === bed.runningVm)!;
  assert.ok(dom.disks.some((d) => d.target === target && d.backingChain.some((b) => b.path?.endsWith('base.qcow2'))));
  assert.equal(dom.pendingDisks, undefined, 'live and saved config agree');
  const dev = await waitFor(() => guestDisks(bed).find((d) => !before.includes(d)), 15_000, 200);
  assert.equal(guestBytes(bed, dev), 64 * MiB);

  // A filesystem in the guest (the guest-side tools are the test's, as an operator would).
  guestExec(bed, '/usr/sbin/mkfs.ext4', ['-q', `/dev/${dev}`]);
  guestExec(bed, '/bin/mkdir', ['-p', '/mnt/opsdata']);
  guestExec(bed, '/bin/mount', [`/dev/${dev}`, '/mnt/opsdata']);
  const fs = await api.call('guest.fsinfo', { host: 'local', domain: bed.runningVm });
  assert.equal(fs.agent, 'ok');
  const mine = fs.filesystems.find((f) => f.mountpoint === '/mnt/opsdata');
  assert.deepEqual(mine?.targets, [target], 'matched to the libvirt target, whatever the guest calls it');
  const total0 = mine?.totalBytes ?? 0;

  const grow = await api.run({ kind: 'disk.resize', host: 'local', request: { domain: bed.runningVm, target, newSizeBytes: 96 * MiB } });
  assert.equal(grow.state, 'succeeded', JSON.stringify(grow.error));
  await waitFor(() => guestBytes(bed, dev) === 96 * MiB, 10_000, 200);
  const growPlan = await api.call('ops.plan', { op: { kind: 'guest.growfs', host: 'local', request: { domain: bed.runningVm, target } } });
  assert.deepEqual(growPlan.steps[0]?.guestArgv, ['resize2fs', `/dev/${dev}`]);
  const growFs = await api.run({ kind: 'guest.growfs', host: 'local', request: { domain: bed.runningVm, target } });
  assert.equal(growFs.state, 'succeeded', JSON.stringify(growFs.error));
  const total1 = (await api.call('guest.fsinfo', { host: 'local', domain: bed.runningVm })).filesystems.find((f) => f.mountpoint === '/mnt/opsdata')?.totalBytes ?? 0;
  assert.ok(total1 > total0 + 20 * MiB, `filesystem grew: ${total0} -> ${total1}`);

  // A bad mountpoint is refused before anything runs; then the real unmount.
  await assert.rejects(api.call('ops.plan', { op: { kind: 'guest.umount', host: 'local', request: { domain: bed.runningVm, mountpoint: '/mnt/../etc' } } }), /contains "\." or "\.\."/);
  const um = await api.run({ kind: 'guest.umount', host: 'local', request: { domain: bed.runningVm, mountpoint: '/mnt/opsdata' } });
  assert.equal(um.state, 'succeeded', JSON.stringify(um.error));
  assert.ok(!(await api.call('guest.fsinfo', { host: 'local', domain: bed.runningVm })).filesystems.some((f) => f.mountpoint === '/mnt/opsdata'));

  const detach: Operation = { kind: 'disk.detach', host: 'local', request: { domain: bed.runningVm, target, deleteVolume: true } };
  const dplan = await api.call('ops.plan', { op: detach });
  assert.match(dplan.warnings.join(' '), new RegExp(`exactly one file: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const dj = await api.run(detach);
  assert.equal(dj.state, 'succeeded', JSON.stringify(dj.error));
  attachedAs = undefined;
  assert.equal(existsSync(file), false, 'the volume file is gone');
  assert.ok(existsSync(`${bed.poolPath}/base.qcow2`), 'its backing file is not');
  assert.ok(!guestDisks(bed).includes(dev), 'the guest no longer has it');
});

bedTest('an encrypted volume: created with its secret, attached live, the passphrase in no event', async (s) => {
  const { bed } = s;
  const api = await service(s);
  const name = scratchVolume(s, `luks-${process.pid}.qcow2`);
  // A canary of this run only: a shell that ran the passphrase would create it.
  const canary = `/tmp/spindle-canary-${process.pid}-pass`;
  const passphrase = `pass phrase ${process.pid} $(touch ${canary}) ;'"`;
  let target: string | undefined;
  s.defer(() => target && virsh(bed, 'detach-disk', bed.runningVm, target, '--live'));
  const create: Operation = { kind: 'volume.create', host: 'local', request: { pool: bed.pool, name, capacityBytes: 32 * MiB, format: 'qcow2', allocation: 'sparse', encryption: 'luks' } };
  const refused = await api.svc.dispatch('ops.start', { op: create });
  assert.equal(refused.ok, true, 'the job starts; it fails for the missing passphrase');
  if (refused.ok) {
    const j = await api.svc.jobs.wait(refused.result.id);
    assert.equal(j.state, 'failed');
    assert.match(j.error?.message ?? '', /needs a passphrase/);
  }
  const job = await api.run(create, passphrase);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  const vol = api.svc.session('local')!.getInventory()!.pools.find((p) => p.name === bed.pool)!.volumes.find((v) => v.name === name)!;
  const secret = vol.encryption?.secretUuid;
  if (secret) s.defer(() => virsh(bed, 'secret-undefine', secret));
  assert.equal(vol.encryption?.format, 'luks');
  assert.ok(secret);
  assert.match(virsh(bed, 'secret-dumpxml', secret), /private='yes'/);

  const attach = await api.run({ kind: 'disk.attach', host: 'local', request: { domain: bed.runningVm, source: { kind: 'volume', pool: bed.pool, volume: name }, mode: 'live' } });
  assert.equal(attach.state, 'succeeded', JSON.stringify(attach.error));
  const dom = api.svc.session('local')!.getInventory()!.domains.find((d) => d.name === bed.runningVm)!;
  target = dom.disks.find((d) => d.source.volume === name)?.target;
  assert.ok(target, 'attached (QEMU opened the LUKS image with the secret)');
  const all = JSON.stringify(api.events);
  assert.equal(all.includes(passphrase), false, 'the passphrase is in no event');
  assert.equal(existsSync(canary), false, 'no shell ran the passphrase');
  const det = await api.run({ kind: 'disk.detach', host: 'local', request: { domain: bed.runningVm, target } });
  assert.equal(det.state, 'succeeded', JSON.stringify(det.error));
  target = undefined;
});

bedTest('a live attach that fails after the saved config took it ends "partial", with the VM marked pending', async (s) => {
  const { bed } = s;
  const api = await service(s);
  // A raw file attached as qcow2: the saved config takes it (libvirt does not open images then); QEMU refuses it now.
  // (A missing file is refused before anything runs: the plan checks the source on the host.)
  const missing = `/tmp/spindle-not-qcow2-${process.pid}.raw`;
  writeFileSync(missing, Buffer.alloc(1 << 20));
  s.defer(() => rmSync(missing, { force: true }));
  const job = await api.run({ kind: 'disk.attach', host: 'local', request: { domain: bed.runningVm, source: { kind: 'file', path: missing }, format: 'qcow2', options: { readonly: true } } });
  assert.equal(job.state, 'partial', JSON.stringify(job));
  assert.match(job.error?.hint ?? '', /after the next shutdown/);
  const dom = api.svc.session('local')!.getInventory()!.domains.find((d) => d.name === bed.runningVm)!;
  const target = dom.pendingDisks?.configOnly[0];
  if (target) s.defer(() => virsh(bed, 'detach-disk', bed.runningVm, target, '--config'));
  assert.ok(target, JSON.stringify(dom.pendingDisks));
  const xml = await api.call('domain.xml', { host: 'local', domain: bed.runningVm });
  assert.ok(xml.config.includes(missing) && !xml.live?.includes(missing));
});

bedTest('cancel stops a full preallocation mid-way and removes the partial file', async (s) => {
  const { bed } = s;
  const api = await service(s);
  // Removed by the cancel; deleted here only if it was not.
  const name = scratchVolume(s, `full-${process.pid}.raw`);
  const job = await api.call('ops.start', { op: { kind: 'volume.create', host: 'local', request: { pool: bed.pool, name, capacityBytes: 8 * 1024 * MiB, format: 'raw', allocation: 'full' } } });
  const progressed = await waitFor(() => {
    const j = api.svc.jobs.get(job.id);
    return j && (j.state !== 'running' || (j.step === 1 && (j.progress ?? 0) > 1 / 3)) ? j : null;
  }, 60_000, 100);
  assert.equal(progressed.state, 'running', 'still writing when cancelled (8 GiB of zeros)');
  assert.equal(progressed.cancellable, true);
  api.svc.jobs.cancel(job.id);
  const end = await api.svc.jobs.wait(job.id);
  assert.equal(end.state, 'cancelled', JSON.stringify(end));
  assert.match(end.error?.message ?? '', /undone: Remove the partly written/);
  assert.equal(existsSync(`${bed.poolPath}/${name}`), false);
});

bedTest('browsing host files and reading image formats', async (s) => {
  const { bed } = s;
  const api = await service(s);
  const list = await api.call('host.browse', { host: 'local', path: bed.poolPath });
  assert.ok(list.entries.some((e) => e.name === 'base.qcow2' && e.kind === 'file'));
  assert.equal(list.parent, bed.poolPath.replace(/\/[^/]+$/, ''));
  const dev = await api.call('host.browse', { host: 'local', path: '/dev' });
  assert.ok(dev.entries.some((e) => e.kind === 'block' || e.kind === 'dir'));
  const info = await api.call('host.imageInfo', { host: 'local', path: `${bed.poolPath}/overlay.qcow2` });
  assert.equal(info.format, 'qcow2');
  assert.equal(info.backingFile, `${bed.poolPath}/base.qcow2`);
  await assert.rejects(api.call('host.browse', { host: 'local', path: '/no/such/dir' }), /does not exist/);
  await assert.rejects(api.call('host.browse', { host: 'local', path: 'relative' }), /not an absolute path/);
});

bedTest('over SSH with sudo: a fully written volume with progress, and browsing', async (s) => {
  const { bed } = s;
  const api = await service(s, 'ssh');
  const name = scratchVolume(s, `ssh full ${process.pid} $(x);.raw`);
  const list = await api.call('host.browse', { host: 'loopback', path: bed.poolPath });
  assert.ok(list.entries.some((e) => e.name === 'overlay.qcow2'));
  const end = await api.run({ kind: 'volume.create', host: 'loopback', request: { pool: bed.pool, name, capacityBytes: 1024 * MiB, format: 'raw', allocation: 'full' } });
  assert.equal(end.state, 'succeeded', JSON.stringify(end.error));
  const vol = api.svc.session('loopback')!.getInventory()!.pools.find((p) => p.name === bed.pool)!.volumes.find((v) => v.name === name);
  assert.ok(vol, 'the pool lists the new volume after the refresh step');
  assert.ok(vol.allocation >= 1024 * MiB, `fully allocated: ${vol.allocation}`);
});
