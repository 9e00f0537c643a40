// The whole life of a filesystem pool on a loop device, through the API as the
// wizard runs it: pool.create (mkfs after the device is named again), a raw
// volume in it, that volume hot-plugged into the running guest, the guest's
// write read back from the volume's file on the host, detached, then
// pool.delete with its volumes; nothing is left (no pool, no mount, no file).
import assert from 'node:assert/strict';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bedTest, detachStray, guestDiskBySerial, liveTargets, loopDevice, service, tryVirsh } from './fixtures.ts';
import { guestExec, virsh, waitFor } from './testbed.ts';

bedTest('fs pool on a loop device through the API: created and built, a volume written by the guest and read back on the host, detached, pool deleted with it, nothing left', async (s) => {
  const { bed } = s;
  const dev = loopDevice(s, 96);
  if (!dev) return;
  const pool = `spindle-fsg-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-fsg-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  // QEMU runs as its own user: it must be able to enter the folder above the mount (mkdtemp makes it 0700).
  chmodSync(dir, 0o755);
  const target = path.join(dir, 'mnt');
  s.defer(() => {
    tryVirsh(bed, 'pool-destroy', pool);
    tryVirsh(bed, 'pool-undefine', pool);
  });
  const api = await service(s);
  const inv = () => api.svc.session('local')?.getInventory();

  const created = await api.run({ kind: 'pool.create', host: 'local', request: { name: pool, type: 'fs', target, source: { devices: [dev], format: 'ext4' }, build: true, formatDevices: [dev], autostart: false } });
  assert.equal(created.state, 'succeeded', JSON.stringify(created.error));
  assert.match(virsh(bed, 'pool-info', pool), /State:\s+running/);

  const volume = 'guest data.raw';
  const made = await api.run({ kind: 'volume.create', host: 'local', request: { pool, name: volume, capacityBytes: 8 << 20, format: 'raw', allocation: 'full' } });
  assert.equal(made.state, 'succeeded', JSON.stringify(made.error));
  const vol = await waitFor(() => inv()?.pools.find((p) => p.name === pool)?.volumes.find((v) => v.name === volume), 15_000);
  assert.equal(vol.path, path.join(target, volume));

  const used = liveTargets(bed, bed.runningVm);
  const disk = ['vdp', 'vdq', 'vdr', 'vds'].find((t) => !used.includes(t));
  assert.ok(disk, `no free target among vdp-vds: ${used.join(' ')}`);
  s.defer(async () => {
    if (!liveTargets(bed, bed.runningVm).includes(disk)) return;
    detachStray(bed, bed.runningVm, disk);
    await waitFor(() => !liveTargets(bed, bed.runningVm).includes(disk), 20_000, 100);
  });
  const serial = `fsg-${process.pid}`.slice(0, 20);
  const attached = await api.run({ kind: 'disk.attach', host: 'local', request: { domain: bed.runningVm, source: { kind: 'volume', pool, volume }, target: disk, mode: 'live', options: { serial, cache: 'none' } } });
  assert.equal(attached.state, 'succeeded', JSON.stringify(attached.error));
  const gdev = await guestDiskBySerial(bed, serial);
  const token = `spindle-fsg-${Date.now()}`;
  guestExec(bed, '/bin/sh', ['-c', `printf '%s' '${token}' | dd of=${gdev} bs=512 seek=8 conv=notrunc,fsync 2>/dev/null; echo done`]);
  const buf = Buffer.alloc(token.length);
  const fd = openSync(vol.path, 'r');
  try {
    readSync(fd, buf, 0, token.length, 8 * 512);
  } finally {
    closeSync(fd);
  }
  assert.equal(buf.toString('utf8'), token, "the guest's write is in the volume's file on the fs pool");

  // In use: the pool can neither be stopped nor deleted under the guest.
  const refused = await api.svc.dispatch('ops.plan', { op: { kind: 'pool.delete', host: 'local', request: { pool, withVolumes: true } } });
  assert.ok(!refused.ok && refused.error.msg?.key === 'pools.delete.inUse', JSON.stringify(refused));

  const detached = await api.run({ kind: 'disk.detach', host: 'local', request: { domain: bed.runningVm, target: disk, mode: 'live' } });
  assert.equal(detached.state, 'succeeded', JSON.stringify(detached.error));
  await waitFor(() => !inv()?.domains.find((d) => d.name === bed.runningVm)?.disks.some((d) => d.target === disk), 15_000);

  const deleted = await api.run({ kind: 'pool.delete', host: 'local', request: { pool, withVolumes: true } });
  assert.equal(deleted.state, 'succeeded', JSON.stringify(deleted.error));
  assert.ok(!virsh(bed, 'pool-list', '--all', '--name').split('\n').includes(pool), 'the pool is gone');
  assert.ok(!virsh(bed, 'dumpxml', bed.runningVm).includes(vol.path), 'no disk of the guest names the volume');
  const mounts = readFileSync('/proc/mounts', 'utf8');
  assert.ok(!mounts.includes(` ${target} `), 'the filesystem is unmounted');
  assert.equal(existsSync(target), false, 'pool-delete removed the mount directory');
});
