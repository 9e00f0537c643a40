// pool.usage against real back-ends: dir pools (the test bed's, with a qcow2
// volume of our own, checked against virsh's own numbers; one on a 16 MiB
// tmpfs whose qcow2 volumes overcommit it 128 times), a logical pool on a
// loop device (the VG and its PV as vgs/pvs report them; this machine has no
// device-mapper, so no thin pool), and an rbd pool on the test bed's one-node
// Ceph, asked as the pool's cephx user with the key from its libvirt secret
// sent on standard input (no process's command line ever shows it), locally
// and over SSH; a private secret falls back to the host's keyring and says so.
// Through the API and the CLI (text in English and Chinese, and --json).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PoolUsage } from '../../shared/contract/features/pools.usage.ts';
import { english } from '../../shared/core/messages.ts';
import { buildPoolXml, type PoolSpec } from '../../electron/backend/libvirt/model/pool-xml.ts';
import { bedTest, cephAdmin, cephSecret, cliWithLocalHost, loopDevice, requireRbd, service, tryVirsh, type Rbd, type Scope } from './fixtures.ts';
import { cli, virsh, type Testbed } from './testbed.ts';

const GiB = 2 ** 30;
const LVM_ENV = { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' };

function tempDir(s: Scope, prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `spindle-usage-${prefix}-`));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Defines (and starts unless told) a pool of this test's own; stopped and undefined at the end. */
function definePool(s: Scope, spec: PoolSpec, opts: { build?: boolean; start?: boolean } = {}): string {
  const file = path.join(tempDir(s, 'xml'), 'pool.xml');
  writeFileSync(file, buildPoolXml(spec));
  virsh(s.bed, 'pool-define', file);
  s.defer(() => tryVirsh(s.bed, 'pool-undefine', spec.name));
  if (opts.build) virsh(s.bed, 'pool-build', spec.name);
  if (opts.start !== false) {
    virsh(s.bed, 'pool-start', spec.name);
    s.defer(() => tryVirsh(s.bed, 'pool-destroy', spec.name));
  }
  return spec.name;
}

function bytesInfo(bed: Testbed, ...args: string[]): Record<string, number> {
  const out = virsh(bed, ...args, '--bytes');
  // vol-info prints "N bytes", pool-info just N.
  const rows = out.split('\n').flatMap((l) => {
    const m = /^([^:]+):\s*(\d+)(?: bytes)?\s*$/.exec(l);
    return m ? [[(m[1] ?? '').trim(), Number(m[2])] as const] : [];
  });
  return Object.fromEntries(rows);
}

/**
 * The pool's volumes and their capacities summed, as virsh says (vol-list, then vol-info of each
 * volume by its path: other tests leave names with spaces there), or null when a volume went
 * away between the two.
 */
function virshOvercommit(bed: Testbed, pool: string, dir: string): { volumes: number; sumCapacityBytes: number } | null {
  const lines = virsh(bed, 'vol-list', '--pool', pool).split('\n').filter((l) => l.trim());
  const paths = lines.map((l) => l.indexOf(` ${dir}/`)).flatMap((at, i) => (at < 0 ? [] : [(lines[i] ?? '').slice(at + 1).trim()]));
  // A line without a path: a name with a line break, split by vol-list; read again later.
  if (paths.length !== lines.length) return null;
  let sum = 0;
  for (const p of paths) {
    try {
      sum += bytesInfo(bed, 'vol-info', '--vol', p)['Capacity'] ?? NaN;
    } catch {
      return null;
    }
  }
  return { volumes: paths.length, sumCapacityBytes: sum };
}

const keysOf = (u: PoolUsage): string[] => u.problems.map((m) => m.key);

bedTest("dir pools: overcommit of the test bed's pool against virsh's own numbers, and a 16 MiB tmpfs pool overcommitted 128 times (API, CLI text en/zh, --json)", async (s) => {
  const { bed } = s;
  const api = await service(s);
  await cliWithLocalHost(s);
  // A 3 GiB qcow2 of our own in the shared pool: other tests add and remove volumes there too.
  const own = `spindle-usage-${process.pid}.qcow2`;
  virsh(bed, 'vol-create-as', bed.pool, own, '3G', '--format', 'qcow2');
  s.defer(() => tryVirsh(bed, 'vol-delete', '--pool', bed.pool, own));
  let checked = false;
  for (let attempt = 0; attempt < 5 && !checked; attempt++) {
    const before = virshOvercommit(bed, bed.pool, bed.poolPath);
    const u = await api.call('pool.usage', { host: 'local', pool: bed.pool });
    const after = virshOvercommit(bed, bed.pool, bed.poolPath);
    // Someone else's volume came or went meanwhile: read again.
    if (!before || !after || before.volumes !== after.volumes || before.sumCapacityBytes !== after.sumCapacityBytes) {
      await new Promise((res) => setTimeout(res, 300));
      continue;
    }
    const capacity = bytesInfo(bed, 'pool-info', bed.pool)['Capacity'] ?? NaN;
    assert.deepEqual({ volumes: u.overcommit.volumes, sumCapacityBytes: u.overcommit.sumCapacityBytes }, before);
    assert.ok(u.overcommit.sumCapacityBytes >= 3 * GiB, 'our 3 GiB volume is counted (pool.usage reads the pool afresh)');
    assert.equal(u.capacity, capacity);
    assert.ok(Math.abs((u.overcommit.ratio ?? NaN) - before.sumCapacityBytes / capacity) < 1e-9);
    assert.equal(u.type, 'dir');
    assert.deepEqual(u.problems, []);
    assert.ok(u.lvm === undefined && u.zfs === undefined && u.ceph === undefined);
    checked = true;
  }
  assert.ok(checked, "the shared pool's volumes kept changing during 5 reads");

  // A dir pool on a 16 MiB tmpfs with two sparse 1 GiB qcow2 volumes: 2 GiB promised on 16 MiB.
  const dir = tempDir(s, 'tmpfs');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0755', 'spindle-usage', dir]);
  s.defer(() => void spawnSync('umount', [dir]));
  const pool = definePool(s, { type: 'dir', name: `spindle-usage-dir-${process.pid}`, target: { path: dir } });
  for (const v of ['a.qcow2', 'b.qcow2']) virsh(bed, 'vol-create-as', pool, v, '1G', '--format', 'qcow2');
  s.defer(() => ['a.qcow2', 'b.qcow2'].forEach((v) => tryVirsh(bed, 'vol-delete', '--pool', pool, v)));
  const u = await api.call('pool.usage', { host: 'local', pool });
  assert.equal(u.capacity, 16 << 20);
  assert.deepEqual(u.overcommit, { volumes: 2, sumCapacityBytes: 2 * GiB, ratio: 128 });

  const text = await cli(['pool', 'usage', '--host', 'local', '--pool', pool]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`^Pool ${pool} \\(dir\\) on local, read at \\d{4}-`, 'm'));
  assert.match(text.out, /^libvirt: capacity 16\.0 MiB, allocation [\d.]+ [KM]iB, available [\d.]+ MiB$/m);
  assert.match(text.out, /^Volumes: 2, capacities summed 2\.00 GiB = 128 × the pool's capacity$/m);
  assert.match(text.out, /^Alerts:\n {2}- The volumes' capacities add up to 128 times the pool's capacity/m);
  process.env.LANG = 'zh_CN.UTF-8';
  s.defer(() => delete process.env.LANG);
  const zh = await cli(['pool', 'usage', '--host', 'local', '--pool', pool]);
  delete process.env.LANG;
  assert.equal(zh.code, 0, zh.err);
  assert.match(zh.out, /^卷：2 个，容量之和 2\.00 GiB = 存储池容量的 128 倍$/m);
  assert.doesNotMatch(zh.out, /capacity|Volumes|Alerts/, 'no English in the Chinese report');
  const json = await cli(['pool', 'usage', '--host', 'local', '--pool', pool, '--json']);
  assert.equal(json.code, 0, json.err);
  assert.deepEqual((JSON.parse(json.out) as PoolUsage).overcommit, u.overcommit);
});

bedTest('a logical pool on a loop device: the VG and its PV as vgs and pvs report them, locally and over SSH; a VG that does not exist is said so', async (s) => {
  const { bed } = s;
  const dev = loopDevice(s, 64);
  if (!dev) return;
  const vg = `spindle_usage_vg_${process.pid}`;
  // The VG and PV go before the loop device does (deferred later, so run earlier).
  const pool = definePool(s, { type: 'logical', name: `spindle-usage-lvm-${process.pid}`, source: { devices: [{ path: dev }], name: vg, format: 'lvm2' }, target: { path: `/dev/${vg}` } }, { start: false });
  s.defer(() => {
    spawnSync('vgremove', ['-f', vg], { env: LVM_ENV });
    spawnSync('pvremove', ['-ff', '-y', dev], { env: LVM_ENV });
  });
  virsh(bed, 'pool-build', pool);
  virsh(bed, 'pool-start', pool);
  s.defer(() => tryVirsh(bed, 'pool-destroy', pool));
  const lvmNumber = (program: 'vgs' | 'pvs', field: string, arg: string): number =>
    Number(execFileSync(program, ['--noheadings', '--units', 'b', '--nosuffix', '-o', field, arg], { encoding: 'utf8', env: LVM_ENV }).trim());

  for (const host of ['local', 'ssh'] as const) {
    const api = await service(s, host);
    const u = await api.call('pool.usage', { host: host === 'local' ? 'local' : 'loopback', pool });
    assert.deepEqual(u.problems.map((m) => english(m)), [], host);
    assert.equal(u.lvm?.vg.name, vg);
    assert.equal(u.lvm?.vg.sizeBytes, lvmNumber('vgs', 'vg_size', vg));
    assert.equal(u.lvm?.vg.freeBytes, lvmNumber('vgs', 'vg_free', vg));
    assert.equal(u.lvm?.vg.extentBytes, 4 << 20, "LVM's default extent");
    assert.deepEqual(u.lvm?.vg.pvs, [{ path: dev, sizeBytes: lvmNumber('pvs', 'pv_size', dev), freeBytes: lvmNumber('pvs', 'pv_free', dev) }]);
    assert.deepEqual(u.lvm?.thinPools, [], 'no device-mapper here: no thin pool can exist');
    assert.equal(u.capacity, u.lvm?.vg.sizeBytes, "libvirt's capacity is the VG's size");
    assert.deepEqual(u.overcommit, { volumes: 0, sumCapacityBytes: 0, ratio: 0 });
  }
  await cliWithLocalHost(s);
  const text = await cli(['pool', 'usage', '--host', 'local', '--pool', pool]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`^Volume group ${vg}: 60\\.0 MiB, 60\\.0 MiB free; 15 extents of 4\\.00 MiB, 15 free$`, 'm'));
  assert.match(text.out, new RegExp(`^PV +SIZE +FREE\\n${dev} +60\\.0 MiB +60\\.0 MiB$`, 'm'));
  assert.match(text.out, new RegExp(`^No thin pool in volume group ${vg}\\.$`, 'm'));

  // A defined, stopped logical pool whose VG is not there: LVM's real "not found", as a problem.
  const missingVg = `spindle_usage_none_${process.pid}`;
  const ghost = definePool(s, { type: 'logical', name: `spindle-usage-ghost-${process.pid}`, source: { name: missingVg, format: 'lvm2' }, target: { path: `/dev/${missingVg}` } }, { start: false });
  const api = await service(s);
  const g = await api.call('pool.usage', { host: 'local', pool: ghost });
  assert.deepEqual(keysOf(g), ['pools.usage.inactive', 'pools.usage.vgMissing']);
  assert.equal(english(g.problems[1]!), `Volume group "${missingVg}" does not exist on this machine.`);
  assert.equal(g.lvm, undefined);
});

const admin = (r: Rbd, args: string[]): string => cephAdmin(r, 'ceph', args).toString();

/** Every process's command line, read until `done` resolves: the key must be in none of them. */
async function watchCommandLines(secret: string, done: Promise<unknown>): Promise<{ scans: number; seen: string[] }> {
  const seen: string[] = [];
  let scans = 0;
  let over = false;
  void done.finally(() => (over = true));
  while (!over) {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (cmd.includes(secret)) seen.push(cmd.replaceAll('\0', ' '));
      } catch {
        // gone already
      }
    }
    scans++;
    await new Promise((res) => setImmediate(res));
  }
  return { scans, seen };
}

bedTest("an rbd pool on the test bed's Ceph: its pool and the cluster's health as client.<user>, the key from the libvirt secret on stdin only (local and SSH); a private secret falls back to the host keyring", async (s) => {
  const r = requireRbd(s);
  if (!r) return;
  const tag = `spindle-usage-rbd-${process.pid}`;
  const key = admin(r, ['auth', 'get-key', `client.${r.user}`]).trim();
  const uuid = cephSecret(s, r, tag, { private: false });
  const source = (secret: string) => ({ hosts: [{ name: r.monHost, port: r.monPort }], name: r.pool, auth: { type: 'ceph' as const, username: r.user, secret: { uuid: secret } } });
  const pool = definePool(s, { type: 'rbd', name: tag, source: source(uuid) });
  const df = JSON.parse(admin(r, ['df', '--format', 'json'])) as { stats: { total_bytes: number } };
  const health = (JSON.parse(admin(r, ['health', '--format', 'json'])) as { status: string }).status;

  for (const host of ['local', 'ssh'] as const) {
    const api = await service(s, host);
    const call = api.call('pool.usage', { host: host === 'local' ? 'local' : 'loopback', pool });
    const watched = await watchCommandLines(key, call);
    const u = await call;
    assert.deepEqual(watched.seen, [], `${host}: the key is on no command line`);
    assert.ok(watched.scans > 0);
    assert.deepEqual(u.problems.map((m) => english(m)), [], host);
    assert.equal(u.ceph?.keyFrom, 'libvirt-secret');
    assert.equal(u.ceph?.pool, r.pool);
    assert.equal(u.ceph?.cluster.totalBytes, df.stats.total_bytes);
    assert.equal(u.ceph?.health.status, health);
    assert.ok((u.ceph?.maxAvailBytes ?? 0) > 0 && (u.ceph?.objects ?? 0) >= 1, JSON.stringify(u.ceph));
    assert.ok(!JSON.stringify(u).includes(key), 'the key is not in the result');
  }

  await cliWithLocalHost(s);
  const text = await cli(['pool', 'usage', '--host', 'local', '--pool', pool]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`^Ceph pool ${r.pool}: stored .+ used .+ max available .+ % used\\), objects: \\d+; key from the pool's libvirt secret$`, 'm'));
  assert.match(text.out, new RegExp(`^Ceph cluster: ${health}; 512 MiB raw, `, 'm'));

  // A private secret cannot be read back: the host's keyring is tried (this host has none for client.<user>).
  const privateUuid = cephSecret(s, r, `${tag}-p`, { private: true });
  const privatePool = definePool(s, { type: 'rbd', name: `${tag}-p`, source: source(privateUuid) });
  const api = await service(s);
  const p = await api.call('pool.usage', { host: 'local', pool: privatePool });
  assert.equal(p.problems[0]?.key, 'pools.usage.secretPrivate');
  const hostKeyring = existsSync(`/etc/ceph/ceph.client.${r.user}.keyring`);
  if (hostKeyring) assert.equal(p.ceph?.keyFrom, 'host-keyring');
  else {
    assert.equal(p.ceph, undefined);
    assert.deepEqual(keysOf(p), ['pools.usage.secretPrivate', 'pools.usage.readFailed']);
  }
});
