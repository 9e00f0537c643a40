// An rbd pool on a real one-node Ceph cluster (e2e/testbed/ceph.sh): a cephx
// key handed to a libvirt secret through a 0600 file in /dev/shm (never on a command line),
// the pool (built by pool-xml.ts) defined and started, an image made with
// `rbd create` listed as its volume, one made through libvirt too, and the
// image hot-plugged into the running guest as a network disk, whose write is
// read back from Ceph. Each step's cost is printed as a test diagnostic.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPoolXml } from '../../electron/backend/libvirt/model/pool-xml.ts';
import { xmlEscape } from '../../electron/backend/libvirt/xml.ts';
import { volumeOfDisk } from '../../shared/contract/disk-facts.ts';
import { bedTest, detachStray, liveTargets, service, tryVirsh, type Scope } from './fixtures.ts';
import { guestExec, virsh, waitFor, type Testbed } from './testbed.ts';

type Rbd = Testbed['rbd'];

/** Ceph's own CLIs as the cluster's admin. */
function ceph(r: Rbd, program: 'ceph' | 'rbd', args: string[], opts: { maxBuffer?: number } = {}): Buffer {
  return execFileSync(program, ['-c', r.conf, '-n', 'client.admin', '-k', r.adminKeyring, ...args], { timeout: 60_000, maxBuffer: opts.maxBuffer ?? 1 << 20 });
}

/** The cluster's description, or null after a loud skip; under CI=true a missing cluster fails (as requireTestbed does). */
function requireRbd(s: Scope): Rbd | null {
  const r = (s.bed as Partial<Testbed>).rbd;
  let problem = r ? null : 'testbed.json has no "rbd" entry';
  if (r) {
    try {
      const stat = ceph(r, 'ceph', ['osd', 'stat']).toString();
      if (!/ 1 up/.test(stat)) problem = `the Ceph OSD is not up: ${stat.trim()}`;
    } catch (e) {
      problem = `the Ceph cluster does not answer (${(e as Error).message.split('\n')[0]})`;
    }
  }
  if (!problem) return r ?? null;
  const text = `CEPH CLUSTER MISSING: ${problem}; run "sudo bash e2e/testbed/setup.sh"`;
  if (process.env.CI === 'true') throw new Error(`${text} (CI=true: missing infrastructure is a failure)`);
  console.error(`\n*** ${text}: test SKIPPED ***\n`);
  s.t.skip(text);
  return null;
}

bedTest('an rbd pool on a real Ceph cluster: cephx key to a libvirt secret from a 0600 in-memory file, define, start, images listed, one hot-plugged and written by the guest, then all undone', async (s) => {
  const { bed } = s;
  const r = requireRbd(s);
  if (!r) return;
  const costs: Array<[string, number]> = [];
  const timed = <T>(step: string, fn: () => T): T => {
    const t0 = performance.now();
    const v = fn();
    costs.push([step, Math.round(performance.now() - t0)]);
    return v;
  };
  s.defer(() => s.t.diagnostic(`costs (ms): ${costs.map(([k, v]) => `${k} ${v}`).join(', ')}`));
  const tag = `spindle-rbd-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-rbd-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));

  const image = `${tag}-a`;
  timed('rbd create', () => ceph(r, 'rbd', ['create', `${r.pool}/${image}`, '--size', '32M']));
  s.defer(() => ceph(r, 'rbd', ['rm', '--no-progress', `${r.pool}/${image}`]));

  // The secret: its value is the cephx key as Ceph prints it (base64), read by virsh from a
  // file without --plain (virsh decodes it; --plain would store the base64 text, and librados
  // then fails to connect with "No such file or directory"). The file is 0600 in /dev/shm
  // (memory) and gone right after: Node's stdin "pipes" are sockets, which virsh cannot open
  // as /dev/stdin (ENXIO; the backend's LocalRunner does the same for that reason).
  const uuid = randomUUID();
  const secretFile = path.join(dir, 'secret.xml');
  writeFileSync(secretFile, `<secret ephemeral='no' private='yes'><uuid>${uuid}</uuid><usage type='ceph'><name>${xmlEscape(tag)}</name></usage></secret>\n`);
  timed('secret-define', () => virsh(bed, 'secret-define', secretFile));
  s.defer(() => tryVirsh(bed, 'secret-undefine', uuid));
  const key = ceph(r, 'ceph', ['auth', 'get-key', `client.${r.user}`]);
  const keyFile = path.join(existsSync('/dev/shm') ? '/dev/shm' : dir, `${tag}-key`);
  writeFileSync(keyFile, key, { mode: 0o600, flag: 'wx' });
  try {
    timed('secret-set-value', () => virsh(bed, 'secret-set-value', '--secret', uuid, '--file', keyFile));
  } finally {
    rmSync(keyFile, { force: true });
  }

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

  const d0 = performance.now();
  virsh(bed, 'detach-device', bed.runningVm, netDisk, '--live');
  await waitFor(() => !liveTargets(bed, bed.runningVm).includes(target), 20_000, 50);
  costs.push(['detach (until gone)', Math.round(performance.now() - d0)]);
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
  const uuid = randomUUID();
  const secretFile = path.join(dir, 'secret.xml');
  const usage = `${name} key`;
  writeFileSync(secretFile, `<secret ephemeral='no' private='yes'><uuid>${uuid}</uuid><usage type='ceph'><name>${xmlEscape(usage)}</name></usage></secret>\n`);
  virsh(bed, 'secret-define', secretFile);
  s.defer(() => tryVirsh(bed, 'secret-undefine', uuid));
  const keyFile = path.join(existsSync('/dev/shm') ? '/dev/shm' : dir, `${name}-key`);
  writeFileSync(keyFile, ceph(r, 'ceph', ['auth', 'get-key', `client.${r.user}`]), { mode: 0o600, flag: 'wx' });
  try {
    virsh(bed, 'secret-set-value', '--secret', uuid, '--file', keyFile);
  } finally {
    rmSync(keyFile, { force: true });
  }
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
  const dev = await waitFor(
    () => guestExec(bed, '/bin/sh', ['-c', `for b in /sys/block/vd*; do [ "$(cat $b/serial 2>/dev/null)" = '${serial}' ] && echo /dev/\${b##*/}; done`]).trim(),
    20_000,
    200,
  );
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
