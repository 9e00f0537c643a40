// An rbd pool on a real one-node Ceph cluster (e2e/testbed/ceph.sh): a cephx
// key handed to a libvirt secret through a 0600 file in /dev/shm (never on a command line),
// the pool (built by pool-xml.ts) defined and started, an image made with
// `rbd create` listed as its volume, one made through libvirt too, and the
// image hot-plugged into the running guest as a network disk, whose write is
// read back from Ceph. Each step's cost is printed as a test diagnostic.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPoolXml } from '../../electron/backend/libvirt/model/pool-xml.ts';
import { xmlEscape } from '../../electron/backend/libvirt/xml.ts';
import { bedTest, detachLive, cephAdmin, cephSecret, liveTargets, requireRbd, stepTimer, tryVirsh } from './fixtures.ts';
import { guestExec, virsh, waitFor } from './testbed.ts';

const ceph = cephAdmin;

bedTest('an rbd pool on a real Ceph cluster: cephx key to a libvirt secret from a 0600 in-memory file, define, start, images listed, one hot-plugged and written by the guest, then all undone', async (s) => {
  const { bed } = s;
  const r = requireRbd(s);
  if (!r) return;
  const timed = stepTimer(s);
  const tag = `spindle-rbd-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-rbd-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));

  const image = `${tag}-a`;
  timed('rbd create', () => ceph(r, 'rbd', ['create', `${r.pool}/${image}`, '--size', '32M']));
  s.defer(() => ceph(r, 'rbd', ['rm', '--no-progress', `${r.pool}/${image}`]));

  // The secret: the cephx key through a 0600 file in /dev/shm, read by virsh without --plain (fixtures.ts's cephSecret says why).
  const uuid = cephSecret(s, r, tag, { timed });

  const pool = tag;
  const poolFile = path.join(dir, 'pool.xml');
  writeFileSync(
    poolFile,
    buildPoolXml({ type: 'rbd', name: pool, source: { hosts: [{ name: r.monHost, port: r.monPort }], name: r.pool, auth: { type: 'ceph', username: r.user, secret: { uuid } } } }),
  );
  timed('pool-define', () => virsh(bed, 'pool-define', poolFile));
  s.defer(() => tryVirsh(bed, 'pool-undefine', pool));
  timed('pool-start', () => virsh(bed, 'pool-start', pool));
  s.defer(() => tryVirsh(bed, 'pool-destroy', pool));
  const vols = timed('vol-list', () => virsh(bed, 'vol-list', '--pool', pool, '--details'));
  assert.match(vols, new RegExp(`^\\s*${image}\\s+${r.pool}/${image}\\s+network\\s+32\\.00 MiB`, 'm'));

  // One image through libvirt: librbd, no rbd CLI.
  const viaLibvirt = `${tag}-b`;
  s.defer(() => tryVirsh(bed, 'vol-delete', '--pool', pool, viaLibvirt));
  timed('vol-create-as', () => virsh(bed, 'vol-create-as', pool, viaLibvirt, '16M'));
  assert.match(ceph(r, 'rbd', ['ls', r.pool]).toString(), new RegExp(`^${viaLibvirt}$`, 'm'));

  // libvirt 9.0 cannot attach an rbd pool's volume as <disk type='volume'>: the disks
  // feature must write a network disk (protocol rbd, the pool's hosts and auth) instead.
  const used = liveTargets(bed, bed.runningVm);
  const target = ['vdw', 'vdx', 'vdy', 'vdz'].find((t) => !used.includes(t));
  assert.ok(target, `no free target among vdw-vdz: ${used.join(' ')}`);
  const serial = `${tag}`.slice(0, 20);
  const volDisk = path.join(dir, 'vol-disk.xml');
  writeFileSync(volDisk, `<disk type='volume' device='disk'><driver name='qemu' type='raw'/><source pool='${pool}' volume='${image}'/><target dev='${target}' bus='virtio'/></disk>\n`);
  assert.throws(() => execFileSync('virsh', ['-q', '-c', bed.uri, 'attach-device', bed.runningVm, volDisk, '--live'], { stdio: 'pipe' }), (e: Error & { stderr?: Buffer }) => {
    assert.match(String(e.stderr), /using 'rbd' pools for backing 'volume' disks isn't yet supported/);
    return true;
  });

  const netDisk = path.join(dir, 'net-disk.xml');
  writeFileSync(
    netDisk,
    [
      `<disk type='network' device='disk'>`,
      `  <driver name='qemu' type='raw' cache='none'/>`,
      `  <auth username='${xmlEscape(r.user)}'><secret type='ceph' uuid='${uuid}'/></auth>`,
      `  <source protocol='rbd' name='${xmlEscape(`${r.pool}/${image}`)}'><host name='${r.monHost}' port='${r.monPort}'/></source>`,
      `  <target dev='${target}' bus='virtio'/>`,
      `  <serial>${serial}</serial>`,
      `</disk>`,
      '',
    ].join('\n'),
  );
  timed('attach-device --live', () => virsh(bed, 'attach-device', bed.runningVm, netDisk, '--live'));
  s.defer(async () => {
    if (!liveTargets(bed, bed.runningVm).includes(target)) return;
    virsh(bed, 'detach-device', bed.runningVm, netDisk, '--live');
    await waitFor(() => !liveTargets(bed, bed.runningVm).includes(target), 20_000, 100);
  });
  const dev = await waitFor(
    () => guestExec(bed, '/bin/sh', ['-c', `for b in /sys/block/vd*; do [ "$(cat $b/serial 2>/dev/null)" = '${serial}' ] && echo /dev/\${b##*/}; done`]).trim(),
    20_000,
    200,
  );
  const token = `${tag}-${Date.now()}`;
  // [ -b ]: never let dd create a plain file in the guest's /dev.
  timed('guest write', () => guestExec(bed, '/bin/sh', ['-c', `[ -b ${dev} ] && printf '%s' '${token}' | dd of=${dev} bs=512 seek=2048 conv=notrunc,fsync 2>/dev/null; echo done`]));
  const exported = timed('rbd export', () => ceph(r, 'rbd', ['export', '--no-progress', `${r.pool}/${image}`, '-'], { maxBuffer: 64 << 20 }));
  assert.equal(exported.subarray(2048 * 512, 2048 * 512 + token.length).toString('utf8'), token, "the guest's write is not in the Ceph image");

  await timed('detach (until gone)', () => detachLive(bed, bed.runningVm, netDisk, target));
  timed('vol-delete', () => virsh(bed, 'vol-delete', '--pool', pool, viaLibvirt));
  timed('pool-destroy', () => virsh(bed, 'pool-destroy', pool));
  timed('pool-undefine', () => virsh(bed, 'pool-undefine', pool));
  timed('secret-undefine', () => virsh(bed, 'secret-undefine', uuid));
  assert.ok(!virsh(bed, 'pool-list', '--all', '--name').split('\n').includes(pool), `${pool} is still defined`);
});
