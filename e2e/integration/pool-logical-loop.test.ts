// A logical (LVM) pool on a loop device (fixtures.loopDevice): pool-build
// (pvcreate + vgcreate), start, refresh, destroy, delete all work here; making
// a volume does not, because this machine has no device-mapper. That failure is
// real and is what users of a dm-less host (containers, some VPSes) meet, so
// its exact text, from lvcreate and as libvirt passes it on, is kept as golden
// files (electron/backend/libvirt/testdata/pool-errors) for the error catalog.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPoolXml } from '../../electron/backend/libvirt/model/pool-xml.ts';
import { bedTest, golden, loopDevice, service, stepTimer, tryVirsh } from './fixtures.ts';
import { virsh, waitFor } from './testbed.ts';

const GOLDEN = new URL('../../electron/backend/libvirt/testdata/pool-errors/', import.meta.url).pathname;
// LVM warns about every inherited descriptor it was not expecting; that is our process, not LVM's answer.
const LVM_ENV = { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' };

/** stderr with this run's names replaced by the golden files' (spindle_vg, spindle_lv). */
function normalized(stderr: string, vg: string, lv: string): string {
  return stderr.replaceAll(vg, 'spindle_vg').replaceAll(lv, 'spindle_lv');
}

const vgs = (): string[] => execFileSync('vgs', ['--noheadings', '-o', 'vg_name'], { encoding: 'utf8', env: LVM_ENV }).split('\n').map((l) => l.trim()).filter(Boolean);

bedTest('a logical pool on a loop device builds, starts, refreshes and is deleted; lvcreate fails where device-mapper is missing', async (s) => {
  const { bed } = s;
  const timed = stepTimer(s);
  const dev = loopDevice(s, 64);
  if (!dev) return;
  const pool = `spindle-lvm-${process.pid}`;
  const vg = `spindle_vg_${process.pid}`;
  const lv = `spindle_lv_${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-lvm-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'pool.xml');
  writeFileSync(file, buildPoolXml({ type: 'logical', name: pool, source: { devices: [{ path: dev }], name: vg, format: 'lvm2' }, target: { path: `/dev/${vg}` } }));

  timed('pool-define', () => virsh(bed, 'pool-define', file));
  s.defer(() => tryVirsh(bed, 'pool-undefine', pool));
  timed('pool-build', () => virsh(bed, 'pool-build', pool));
  // Whatever happens, the VG and PV go before the loop device does (deferred later, so run earlier).
  s.defer(() => {
    if (vgs().includes(vg)) spawnSync('vgremove', ['-f', vg], { env: LVM_ENV });
    spawnSync('pvremove', ['-ff', '-y', dev], { env: LVM_ENV });
  });
  assert.ok(vgs().includes(vg), `pool-build made no volume group ${vg}`);
  timed('pool-start', () => virsh(bed, 'pool-start', pool));
  s.defer(() => tryVirsh(bed, 'pool-destroy', pool));
  timed('pool-refresh', () => virsh(bed, 'pool-refresh', pool));
  const info = virsh(bed, 'pool-info', '--bytes', pool);
  assert.match(info, /State:\s+running/);
  // 64 MiB less LVM's metadata area and rounding to 4 MiB extents: 60 MiB.
  assert.match(info, /Capacity:\s+62914560\b/);
  assert.equal(virsh(bed, 'vol-list', '--pool', pool).trim(), '');

  if (spawnSync('dmsetup', ['targets'], { encoding: 'utf8', timeout: 30_000 }).status === 0) {
    // A machine with device-mapper: volumes are made for real (and removed again).
    virsh(bed, 'vol-create-as', pool, lv, '8M');
    virsh(bed, 'vol-delete', '--pool', pool, lv);
  } else {
    // Without it (this machine): lvcreate itself, then the same through libvirt (what Spindle's volume create would see).
    const direct = spawnSync('lvcreate', ['--name', lv, '-L', '8M', vg, '--yes'], { encoding: 'utf8', env: LVM_ENV, timeout: 60_000 });
    assert.equal(direct.status, 3, `lvcreate exit status ${direct.status}: ${direct.stderr}`);
    golden(GOLDEN, 'lvcreate-no-device-mapper.stderr.txt', normalized(direct.stderr, vg, lv));
    const viaLibvirt = spawnSync('virsh', ['-q', '-c', bed.uri, 'vol-create-as', pool, lv, '8M'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(viaLibvirt.status, 1);
    golden(GOLDEN, 'vol-create-logical-no-device-mapper.stderr.txt', normalized(viaLibvirt.stderr, vg, lv));
    // Spindle's volume create there: the job fails with what is missing (dm_mod, /dev/mapper/control), not lvcreate's raw text only.
    const api = await service(s);
    await waitFor(() => api.svc.session('local')?.getInventory()?.pools.some((p) => p.name === pool && p.active), 15_000);
    const job = await api.run({ kind: 'volume.create', host: 'local', request: { pool, name: lv, capacityBytes: 8 << 20, format: 'raw', allocation: 'full' } });
    assert.equal(job.state, 'failed');
    assert.match(job.error?.hint ?? '', /modprobe dm_mod/, JSON.stringify(job.error));
    assert.match(job.error?.hint ?? '', /\/dev\/mapper\/control given to the container/);
  }

  timed('pool-destroy', () => virsh(bed, 'pool-destroy', pool));
  timed('pool-delete', () => virsh(bed, 'pool-delete', pool));
  assert.ok(!vgs().includes(vg), `pool-delete left volume group ${vg}`);
  timed('pool-undefine', () => virsh(bed, 'pool-undefine', pool));
  assert.ok(!virsh(bed, 'pool-list', '--all', '--name').split('\n').includes(pool));
});
