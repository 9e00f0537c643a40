// An iscsi-direct pool on a real iSCSI target (tgt on 127.0.0.1:3260, made by
// e2e/testbed/iscsi-target.sh): libvirt's user-space initiator lists the LUN as
// a volume, QEMU's libiscsi hot-plugs it into the running guest, the guest's
// write lands in the target's backing file. Nothing goes through a kernel
// initiator. Each step's cost is printed as a test diagnostic.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildDiskXml } from '../../electron/backend/libvirt/model/disk-xml.ts';
import { buildPoolXml } from '../../electron/backend/libvirt/model/pool-xml.ts';
import { volumeOfDisk } from '../../shared/contract/disk-facts.ts';
import { bedTest, cliWithLocalHost, detachLive, detachStray, guestDiskBySerial, liveTargets, requireIscsi, service, stepTimer, tryVirsh } from './fixtures.ts';
import { cli, guestExec, virsh, waitFor } from './testbed.ts';

bedTest('an iscsi-direct pool on a real target: define, start, its LUN a volume, hot-plugged, written by the guest, detached, stopped, undefined', async (s) => {
  const { bed } = s;
  const iscsi = requireIscsi(s);
  if (!iscsi) return;
  const timed = stepTimer(s);
  const pool = `spindle-iscsid-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-iscsid-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));

  const listed = timed('iscsi-ls', () => execFileSync('iscsi-ls', ['-s', `iscsi://${iscsi.host}:${iscsi.port}/`], { encoding: 'utf8' }));
  assert.match(listed, new RegExp(`Target:${iscsi.target.replace(/[.:]/g, '\\$&')} Portal:${iscsi.host}:${iscsi.port}`));
  assert.match(listed, /Lun:1\s+Type:DIRECT_ACCESS/);

  const poolFile = path.join(dir, 'pool.xml');
  writeFileSync(
    poolFile,
    buildPoolXml({
      type: 'iscsi-direct',
      name: pool,
      source: { hosts: [{ name: iscsi.host, port: iscsi.port }], devices: [{ path: iscsi.target }], initiatorIqn: iscsi.initiatorIqn },
    }),
  );
  timed('pool-define', () => virsh(bed, 'pool-define', poolFile));
  s.defer(() => tryVirsh(bed, 'pool-undefine', pool));
  timed('pool-start', () => virsh(bed, 'pool-start', pool));
  s.defer(() => tryVirsh(bed, 'pool-destroy', pool));
  assert.match(virsh(bed, 'pool-info', pool), /State:\s+running/);

  // Volumes are named unit:BUS:TARGET:LUN; tgt's LUN 0 is its controller, listed as a 0-byte volume.
  const vols = timed('vol-list', () => virsh(bed, 'vol-list', '--pool', pool, '--details'));
  const lun1 = vols.split('\n').find((l) => /^\s*unit:0:0:1\s/.test(l));
  assert.ok(lun1, `LUN 1 is not a volume of ${pool}:\n${vols}`);
  assert.match(lun1, new RegExp(`ip-${iscsi.host}:${iscsi.port}-iscsi-${iscsi.target.replace(/[.:]/g, '\\$&')}-lun-1\\s+network`));
  // libvirt 9.0 reports the LUN one block short (capacity = last LBA x block size, not +1): 64 MiB - 512.
  const capacity = Number(/<capacity unit='bytes'>(\d+)</.exec(virsh(bed, 'vol-dumpxml', '--pool', pool, 'unit:0:0:1'))?.[1]);
  assert.ok(capacity === iscsi.lunBytes || capacity === iscsi.lunBytes - 512, `capacity ${capacity}, LUN ${iscsi.lunBytes}`);

  // The volume as a <disk type='volume'>, built by the disks feature's XML builder: libvirt
  // translates it into a network disk (protocol iscsi) that QEMU opens with libiscsi.
  const used = liveTargets(bed, bed.runningVm);
  const target = ['vdw', 'vdx', 'vdy', 'vdz'].find((t) => !used.includes(t));
  assert.ok(target, `no free target among vdw-vdz: ${used.join(' ')}`);
  const serial = `spindle-iscsid-${process.pid}`.slice(0, 20);
  const diskFile = path.join(dir, 'disk.xml');
  writeFileSync(diskFile, buildDiskXml({ source: { type: 'volume', pool, volume: 'unit:0:0:1' }, device: 'disk', bus: 'virtio', target, format: 'raw', cache: 'none', serial }));
  timed('attach-device --live', () => virsh(bed, 'attach-device', bed.runningVm, diskFile, '--live'));
  s.defer(async () => {
    if (!liveTargets(bed, bed.runningVm).includes(target)) return;
    virsh(bed, 'detach-device', bed.runningVm, diskFile, '--live');
    await waitFor(() => !liveTargets(bed, bed.runningVm).includes(target), 20_000, 100);
  });
  const live = virsh(bed, 'dumpxml', bed.runningVm);
  assert.match(live, new RegExp(`<source pool='${pool}' volume='unit:0:0:1'`));

  // The guest finds the disk by its serial, writes a token at 1 MiB and flushes it past its cache.
  const dev = await guestDiskBySerial(bed, serial);
  const token = `spindle-iscsi-${process.pid}-${Date.now()}`;
  timed('guest write', () =>
    guestExec(bed, '/bin/sh', ['-c', `printf '%s' '${token}' | dd of=${dev} bs=512 seek=2048 conv=notrunc,fsync 2>/dev/null && blockdev --flushbufs ${dev} 2>/dev/null; echo done`]),
  );
  // The write went guest -> QEMU libiscsi -> tgtd -> the LUN's backing file.
  const buf = Buffer.alloc(token.length);
  const fd = openSync(iscsi.lunFile, 'r');
  try {
    readSync(fd, buf, 0, buf.length, 2048 * 512);
  } finally {
    closeSync(fd);
  }
  assert.equal(buf.toString('utf8'), token, `the guest's write is not in ${iscsi.lunFile}`);
  const size = Number(guestExec(bed, '/bin/cat', [`/sys/block/${dev.slice(5)}/size`]).trim()) * 512;
  assert.equal(size, iscsi.lunBytes, 'the guest sees the whole LUN');

  // detach-device returns when the guest is asked; the disk is gone when the guest lets go.
  await timed('detach (until gone)', () => detachLive(bed, bed.runningVm, diskFile, target));
  timed('pool-destroy', () => virsh(bed, 'pool-destroy', pool));
  timed('pool-undefine', () => virsh(bed, 'pool-undefine', pool));
  assert.ok(!virsh(bed, 'pool-list', '--all', '--name').split('\n').includes(pool), `${pool} is still defined`);
});


bedTest('an iscsi-direct LUN through the planner: only the data LUN listed, disk.attach writes a network disk, the guest sees it, pool.stop refused while attached, disk.detach, then the stop goes through', async (s) => {
  const { bed } = s;
  const iscsi = requireIscsi(s);
  if (!iscsi) return;
  const costs: Array<[string, number]> = [];
  s.defer(() => s.t.diagnostic(`costs (ms): ${costs.map(([k, v]) => `${k} ${v}`).join(', ')}`));
  const pool = `spindle-netdisk-iscsid-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-netdisk-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const poolFile = path.join(dir, 'pool.xml');
  writeFileSync(poolFile, buildPoolXml({ type: 'iscsi-direct', name: pool, source: { hosts: [{ name: iscsi.host, port: iscsi.port }], devices: [{ path: iscsi.target }], initiatorIqn: iscsi.initiatorIqn } }));
  virsh(bed, 'pool-define', poolFile);
  s.defer(() => tryVirsh(bed, 'pool-undefine', pool));
  virsh(bed, 'pool-start', pool);
  s.defer(() => tryVirsh(bed, 'pool-destroy', pool));
  assert.match(virsh(bed, 'vol-list', '--pool', pool), /unit:0:0:0/, 'libvirt lists the controller LUN');

  const api = await service(s);
  const inv = () => api.svc.session('local')?.getInventory();
  const listed = await waitFor(() => inv()?.pools.find((p) => p.name === pool && p.volumes.length), 15_000);
  assert.deepEqual(listed.volumes.map((v) => v.name), ['unit:0:0:1'], "the target's 0-byte controller (LUN 0) is no volume in the inventory");

  const used = liveTargets(bed, bed.runningVm);
  const target = ['vdt', 'vdu', 'vdv', 'vdw'].find((t) => !used.includes(t));
  assert.ok(target, `no free target among vdt-vdw: ${used.join(' ')}`);
  s.defer(async () => {
    if (!liveTargets(bed, bed.runningVm).includes(target)) return;
    detachStray(bed, bed.runningVm, target);
    await waitFor(() => !liveTargets(bed, bed.runningVm).includes(target), 20_000, 100);
  });
  const serial = `netdisk-iscsi-${process.pid}`.slice(0, 20);
  // The CLI twin plans the same network disk (--dry-run runs nothing).
  await cliWithLocalHost(s);
  const dry = await cli(['disk', 'attach', '--host', 'local', '--vm', bed.runningVm, '--volume', `${pool}/unit:0:0:1`, '--target', target, '--mode', 'live', '--dry-run']);
  assert.equal(dry.code, 0, dry.err);
  assert.ok(dry.out.includes(`<disk type='network' device='disk'>`) && dry.out.includes(`<source protocol='iscsi' name='${iscsi.target}/1'>`), dry.out);
  assert.ok(!liveTargets(bed, bed.runningVm).includes(target), 'a dry run attaches nothing');
  const op = { kind: 'disk.attach', host: 'local', request: { domain: bed.runningVm, source: { kind: 'volume', pool, volume: 'unit:0:0:1' }, target, mode: 'live', options: { serial, cache: 'none' } } } as const;
  const plan = await api.call('ops.plan', { op });
  const xml = plan.steps[0]?.stdin ?? '';
  assert.match(xml, /^<disk type='network' device='disk'>/);
  assert.ok(xml.includes(`<source protocol='iscsi' name='${iscsi.target}/1'>`) && xml.includes(`<host name='${iscsi.host}' port='${iscsi.port}'/>`) && xml.includes(`<iqn name='${iscsi.initiatorIqn}'/>`), xml);
  const t0 = performance.now();
  const job = await api.run(op);
  costs.push(['disk.attach job', Math.round(performance.now() - t0)]);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  const dev = await guestDiskBySerial(bed, serial);
  costs.push(['until the guest has it', Math.round(performance.now() - t0)]);
  assert.equal(Number(guestExec(bed, '/bin/cat', [`/sys/block/${dev.slice(5)}/size`]).trim()) * 512, iscsi.lunBytes, 'the guest sees the whole LUN as a new block device');
  assert.match(virsh(bed, 'dumpxml', bed.runningVm), new RegExp(`<disk type='network' device='disk'>\\s*<driver name='qemu' type='raw' cache='none'/>\\s*<source protocol='iscsi' name='${iscsi.target.replace(/[.:]/g, '\\$&')}/1'`));

  // The inventory shows the disk as that volume, so the pool cannot be stopped under the guest.
  const disk = await waitFor(() => inv()?.domains.find((d) => d.name === bed.runningVm)?.disks.find((d) => d.target === target), 15_000);
  assert.equal(disk.source.type, 'network');
  assert.equal(volumeOfDisk(inv() ?? { pools: [] }, disk)?.pool, pool);
  const stop = await api.svc.dispatch('ops.plan', { op: { kind: 'pool.stop', host: 'local', request: { pool } } });
  assert.ok(!stop.ok, 'pool.stop is refused while the LUN is attached');
  assert.equal(stop.error.msg?.key, 'pools.stop.inUse');
  assert.equal(stop.error.details?.vms, bed.runningVm);
  assert.match(stop.error.message, new RegExp(`${target}: unit:0:0:1`));

  const d0 = performance.now();
  const detached = await api.run({ kind: 'disk.detach', host: 'local', request: { domain: bed.runningVm, target, mode: 'live' } });
  assert.equal(detached.state, 'succeeded', JSON.stringify(detached.error));
  costs.push(['disk.detach job (guest let go)', Math.round(performance.now() - d0)]);
  assert.ok(!liveTargets(bed, bed.runningVm).includes(target));
  await waitFor(() => !inv()?.domains.find((d) => d.name === bed.runningVm)?.disks.some((d) => d.target === target), 15_000);
  const stopped = await api.run({ kind: 'pool.stop', host: 'local', request: { pool } });
  assert.equal(stopped.state, 'succeeded', JSON.stringify(stopped.error));
  assert.match(virsh(bed, 'pool-info', pool), /State:\s+inactive/);
});
