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
import { volumeOfDisk } from '../../shared/contract/disk-facts.ts';
import { bedTest, cephAdmin, cephSecret, detachLive, detachStray, guestDiskBySerial, liveTargets, type Rbd, requireRbd, type Scope, service, stepTimer, tryVirsh } from './fixtures.ts';
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
  const dev = await guestDiskBySerial(bed, serial);
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

/**
 * A libvirt secret holding the cephx user's key (set from a 0600 file in
 * /dev/shm, removed at once) and a started rbd pool on the cluster using it,
 * both undone at the end.
 */
function rbdPool(s: Scope, r: Rbd, name: string, dir: string): { pool: string; secretUsage: string } {
  const { bed } = s;
  const usage = `${name} key`;
  cephSecret(s, r, usage);
  const poolFile = path.join(dir, 'pool.xml');
  // The secret by usage this time (the other spec names it by UUID): the disk must carry whichever the pool has.
  writeFileSync(poolFile, buildPoolXml({ type: 'rbd', name, source: { hosts: [{ name: r.monHost, port: r.monPort }], name: r.pool, auth: { type: 'ceph', username: r.user, secret: { usage } } } }));
  virsh(bed, 'pool-define', poolFile);
  s.defer(() => tryVirsh(bed, 'pool-undefine', name));
  virsh(bed, 'pool-start', name);
  s.defer(() => tryVirsh(bed, 'pool-destroy', name));
  return { pool: name, secretUsage: usage };
}

bedTest('an rbd image through the planner: disk.attach writes the network disk from the pool (monitor, Ceph pool/image, cephx secret), the guest writes it, pool.stop refused while attached, disk.detach, then the stop goes through', async (s) => {
  const { bed } = s;
  const r = requireRbd(s);
  if (!r) return;
  const costs: Array<[string, number]> = [];
  s.defer(() => s.t.diagnostic(`costs (ms): ${costs.map(([k, v]) => `${k} ${v}`).join(', ')}`));
  const tag = `spindle-netdisk-rbd-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-netdisk-rbd-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const image = `${tag}-img`;
  ceph(r, 'rbd', ['create', `${r.pool}/${image}`, '--size', '32M']);
  s.defer(() => ceph(r, 'rbd', ['rm', '--no-progress', `${r.pool}/${image}`]));
  const { pool, secretUsage } = rbdPool(s, r, tag, dir);

  const api = await service(s);
  const inv = () => api.svc.session('local')?.getInventory();
  const vol = await waitFor(() => inv()?.pools.find((p) => p.name === pool)?.volumes.find((v) => v.name === image), 15_000);
  assert.equal(vol.path, `${r.pool}/${image}`);

  const used = liveTargets(bed, bed.runningVm);
  const target = ['vdt', 'vdu', 'vdv', 'vdw'].find((t) => !used.includes(t));
  assert.ok(target, `no free target among vdt-vdw: ${used.join(' ')}`);
  s.defer(async () => {
    if (!liveTargets(bed, bed.runningVm).includes(target)) return;
    detachStray(bed, bed.runningVm, target);
    await waitFor(() => !liveTargets(bed, bed.runningVm).includes(target), 20_000, 100);
  });
  const serial = `netdisk-rbd-${process.pid}`.slice(0, 20);
  const op = { kind: 'disk.attach', host: 'local', request: { domain: bed.runningVm, source: { kind: 'volume', pool, volume: image }, target, mode: 'live', options: { serial, cache: 'none' } } } as const;
  const plan = await api.call('ops.plan', { op });
  const xml = plan.steps[0]?.stdin ?? '';
  assert.match(xml, /^<disk type='network' device='disk'>/, 'not <disk type=volume>, which libvirt 9.0 refuses for rbd pools');
  for (const part of [`<source protocol='rbd' name='${r.pool}/${image}'>`, `<host name='${r.monHost}' port='${r.monPort}'/>`, `<auth username='${r.user}'>`, `<secret type='ceph' usage='${xmlEscape(secretUsage)}'/>`]) assert.ok(xml.includes(part), `${part} in\n${xml}`);
  assert.doesNotMatch(JSON.stringify(plan), new RegExp(ceph(r, 'ceph', ['auth', 'get-key', `client.${r.user}`]).toString().trim().replace(/[+/=]/g, '\\$&')), 'the key itself is nowhere in the plan');
  const t0 = performance.now();
  const job = await api.run(op);
  costs.push(['disk.attach job', Math.round(performance.now() - t0)]);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  const dev = await guestDiskBySerial(bed, serial);
  costs.push(['until the guest has it', Math.round(performance.now() - t0)]);
  assert.equal(Number(guestExec(bed, '/bin/cat', [`/sys/block/${dev.slice(5)}/size`]).trim()) * 512, 32 << 20, 'the guest sees the 32 MiB image as a new block device');
  const token = `${tag}-${Date.now()}`;
  guestExec(bed, '/bin/sh', ['-c', `[ -b ${dev} ] && printf '%s' '${token}' | dd of=${dev} bs=512 seek=2048 conv=notrunc,fsync 2>/dev/null; echo done`]);
  const exported = ceph(r, 'rbd', ['export', '--no-progress', `${r.pool}/${image}`, '-'], { maxBuffer: 64 << 20 });
  assert.equal(exported.subarray(2048 * 512, 2048 * 512 + token.length).toString('utf8'), token, "the guest's write is in the Ceph image");
  s.t.diagnostic(`live disk XML: ${/<disk type='network'[\s\S]*?<\/disk>/.exec(virsh(bed, 'dumpxml', bed.runningVm))?.[0]}`);

  // The inventory shows the disk as that volume, so the pool cannot be stopped under the guest.
  const disk = await waitFor(() => inv()?.domains.find((d) => d.name === bed.runningVm)?.disks.find((d) => d.target === target), 15_000);
  assert.deepEqual([disk.source.type, disk.sourceLabel], ['network', `rbd:${r.pool}/${image}`]);
  assert.equal(volumeOfDisk(inv() ?? { pools: [] }, disk)?.pool, pool);
  const stop = await api.svc.dispatch('ops.plan', { op: { kind: 'pool.stop', host: 'local', request: { pool } } });
  assert.ok(!stop.ok, 'pool.stop is refused while the image is attached');
  assert.equal(stop.error.msg?.key, 'pools.stop.inUse');
  assert.equal(stop.error.details?.vms, bed.runningVm);
  assert.ok(stop.error.message.includes(`${target}: ${image}`), stop.error.message);

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
