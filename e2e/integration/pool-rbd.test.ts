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
import { bedTest, liveTargets, tryVirsh, type Scope } from './fixtures.ts';
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
