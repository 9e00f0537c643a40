// pool.create for every type beyond dir and fs, through the service's API
// (ops.plan, ops.start) against the real libvirtd and the test bed's
// back-ends, with the discovery methods: a logical pool built on a loop
// device (pvcreate + vgcreate), its VG found by pool.sources and its device
// marked by pool.devices, then deleted; a disk pool labelled on a loop
// device; an iscsi-direct pool on the tgt target found by pool.sources; an
// rbd pool whose secret the job defines with the Ceph test user's key given
// at run time (never in the request or on a command line); and, for each
// type this host cannot start (netfs, gluster, zfs, scsi, mpath), the
// planned XML through a real pool-define and pool-undefine. Everything is
// named with this process's id and removed at the end, also on failure.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreatePoolRequest } from '../../shared/contract/features/pools.ts';
import { planCreatePool } from '../../electron/backend/features/pools/index.ts';
import { bedTest, cephAdmin, cliWithLocalHost, loopDevice, requireIscsi, requireRbd, service, tryVirsh, type Scope } from './fixtures.ts';
import { cli, virsh, waitFor, type Testbed } from './testbed.ts';

const LVM_ENV = { ...process.env, LVM_SUPPRESS_FD_WARNINGS: '1' };
const vgs = (): string[] => execFileSync('vgs', ['--noheadings', '-o', 'vg_name'], { encoding: 'utf8', env: LVM_ENV }).split('\n').map((l) => l.trim()).filter(Boolean);
const definedPools = (s: Scope): string[] => execFileSync('virsh', ['-q', '-c', s.bed.uri, 'pool-list', '--all', '--name'], { encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean);

/** A pool name of this test's own, stopped and undefined at the end if it is still there. */
function scratchPool(s: Scope, name: string): string {
  const pool = `spindle-pc-${name}-${process.pid}`;
  s.defer(() => {
    tryVirsh(s.bed, 'pool-destroy', pool);
    tryVirsh(s.bed, 'pool-undefine', pool);
  });
  return pool;
}

bedTest('logical: pool.create builds PVs and a VG on a loop device (after the device is confirmed), pool.sources lists the VG, pool.devices names it and the pool; pool.delete removes it', async (s) => {
  const api = await service(s);
  const dev = loopDevice(s, 64);
  if (!dev) return;
  const pool = scratchPool(s, 'lvm');
  const vg = `spindle_pc_vg_${process.pid}`;
  // The VG and PV go before the loop device does (deferred later, so run earlier).
  s.defer(() => {
    if (vgs().includes(vg)) spawnSync('vgremove', ['-f', vg], { env: LVM_ENV });
    spawnSync('pvremove', ['-ff', '-y', dev], { env: LVM_ENV });
  });
  const request: CreatePoolRequest = { name: pool, type: 'logical', source: { devices: [dev], name: vg }, build: true, autostart: false };
  const unconfirmed = await api.svc.dispatch('ops.plan', { op: { kind: 'pool.create', host: 'local', request } });
  assert.ok(!unconfirmed.ok && unconfirmed.error.details?.field === 'formatDevices', 'unconfirmed: refused, naming formatDevices');

  const free = (await api.call('pool.devices', { host: 'local' })).find((d) => d.path === dev);
  assert.ok(free, `pool.devices lists ${dev}`);
  assert.equal(free.type, 'loop');
  assert.equal(free.sizeBytes, 64 << 20);
  assert.deepEqual(free.inUse, [], 'a fresh loop device is free');

  const job = await api.run({ kind: 'pool.create', host: 'local', request: { ...request, formatDevices: [dev] } });
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  assert.ok(vgs().includes(vg), 'pool-build made the VG');
  assert.match(virsh(s.bed, 'pool-info', pool), /State:\s+running/);

  const found = await api.call('pool.sources', { host: 'local', type: 'logical' });
  assert.deepEqual(
    found.find((x) => x.name === vg),
    { devices: [dev], name: vg, format: 'lvm2' },
    'the VG, in the shape pool.create takes',
  );
  await waitFor(() => api.svc.session('local')?.getInventory()?.pools.find((p) => p.name === pool), 15_000);
  const used = (await api.call('pool.devices', { host: 'local' })).find((d) => d.path === dev);
  assert.equal(used?.fstype, 'LVM2_member');
  assert.deepEqual(used?.inUse, [
    { reason: 'lvm', name: vg },
    { reason: 'pool', name: pool },
  ]);

  // The second request on a used device: libvirt's --no-overwrite refuses, and the job's undo undefines what it defined.
  const again = scratchPool(s, 'lvm2');
  const twice = await api.run({ kind: 'pool.create', host: 'local', request: { name: again, type: 'logical', source: { devices: [dev], name: `${vg}x` }, build: true, autostart: false, formatDevices: [dev] } });
  assert.equal(twice.state, 'failed');
  assert.ok(!definedPools(s).includes(again), 'undone: the second pool is not left defined');

  const del = await api.run({ kind: 'pool.delete', host: 'local', request: { pool, withVolumes: false } });
  assert.equal(del.state, 'succeeded', JSON.stringify(del.error));
  assert.ok(!vgs().includes(vg), 'pool-delete removed the VG');
  assert.ok(!definedPools(s).includes(pool));
});

bedTest('disk: pool.create writes a gpt label on a loop device (confirmed), starts the pool; pool.devices then shows the table and the pool', async (s) => {
  const api = await service(s);
  const dev = loopDevice(s, 32);
  if (!dev) return;
  // A hostile name: quotes, $(), ; and non-ASCII reach virsh as one argument.
  const pool = scratchPool(s, `disk "$(x)"; it's 池`);
  const job = await api.run({ kind: 'pool.create', host: 'local', request: { name: pool, type: 'disk', source: { devices: [dev] }, build: true, autostart: false, formatDevices: [dev] } });
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  assert.equal(execFileSync('blkid', ['-o', 'value', '-s', 'PTTYPE', dev], { encoding: 'utf8' }).trim(), 'gpt');
  assert.match(virsh(s.bed, 'pool-dumpxml', pool), /<format type='gpt'\/>/);
  assert.match(virsh(s.bed, 'pool-info', pool), /State:\s+running/);
  await waitFor(() => api.svc.session('local')?.getInventory()?.pools.find((p) => p.name === pool), 15_000);
  const d = (await api.call('pool.devices', { host: 'local' })).find((x) => x.path === dev);
  assert.equal(d?.pttype, 'gpt');
  assert.deepEqual(d?.inUse, [{ reason: 'pool', name: pool }]);
  // A second label on it is refused by libvirt (--no-overwrite); the job's undo leaves nothing defined.
  const again = scratchPool(s, 'disk2');
  const twice = await api.run({ kind: 'pool.create', host: 'local', request: { name: again, type: 'disk', source: { devices: [dev] }, build: true, autostart: false, formatDevices: [dev] } });
  assert.equal(twice.state, 'failed');
  assert.ok(!definedPools(s).includes(again));
});

bedTest('iscsi-direct: pool.sources finds the tgt target (with an initiator IQN), pool.create defines and starts the pool on it, its LUN a volume; kernel iscsi discovery says open-iscsi is missing', async (s) => {
  const iscsi = requireIscsi(s);
  if (!iscsi) return;
  const api = await service(s);
  const initiator = `iqn.2026-12.test.spindle:pc-${process.pid}`;
  const needsIqn = await api.svc.dispatch('pool.sources', { host: 'local', type: 'iscsi-direct', sourceHost: `${iscsi.host}:${iscsi.port}` });
  assert.ok(!needsIqn.ok && needsIqn.error.details?.field === 'initiatorIqn');
  const found = await api.call('pool.sources', { host: 'local', type: 'iscsi-direct', sourceHost: `${iscsi.host}:${iscsi.port}`, initiatorIqn: initiator });
  const target = found.find((x) => x.iscsiTarget === iscsi.target);
  assert.deepEqual(target, { hosts: [{ name: iscsi.host, port: iscsi.port }], iscsiTarget: iscsi.target, initiatorIqn: initiator });
  if (!existsSync('/usr/sbin/iscsiadm') && !existsSync('/usr/bin/iscsiadm')) {
    const kernel = await api.svc.dispatch('pool.sources', { host: 'local', type: 'iscsi', sourceHost: iscsi.host });
    assert.ok(!kernel.ok && kernel.error.msg?.key === 'pools.sources.needsOpenIscsi', JSON.stringify(kernel));
  }

  const pool = scratchPool(s, 'iscsid');
  const job = await api.run({ kind: 'pool.create', host: 'local', request: { name: pool, type: 'iscsi-direct', source: target ?? {}, build: false, autostart: false } });
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  assert.match(virsh(s.bed, 'vol-list', pool), /unit:0:0:1/);
});

/** The UUIDs of the libvirt secrets whose usage is `usage` (`secret-list` prints "UUID  ceph USAGE"). */
function secretsOfUsage(bed: Testbed, usage: string): string[] {
  return virsh(bed, 'secret-list')
    .split('\n')
    .map((l) => /^\s*([0-9a-f-]{36})\s+\S+\s+(.*?)\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && m[2] === usage)
    .map((m) => m[1] ?? '');
}

bedTest('rbd: pool.create defines the cephx secret (its key given at run time, decoded by virsh), the pool on the Ceph monitor, starts it; a failed start undoes the secret too', async (s) => {
  const r = requireRbd(s);
  if (!r) return;
  const key = cephAdmin(r, 'ceph', ['auth', 'get-key', `client.${r.user}`]).toString().trim();
  const api = await service(s);
  const usage = `spindle-pc-rbd-${process.pid}`;
  s.defer(() => secretsOfUsage(s.bed, usage).forEach((u) => tryVirsh(s.bed, 'secret-undefine', u)));
  const pool = scratchPool(s, 'rbd');
  const request: CreatePoolRequest = {
    name: pool,
    type: 'rbd',
    source: { hosts: [{ name: r.monHost, port: r.monPort }], name: r.pool, auth: { type: 'ceph', username: r.user, secretUsage: usage } },
    newSecret: true,
    build: false,
    autostart: false,
  };
  const plan = await api.call('ops.plan', { op: { kind: 'pool.create', host: 'local', request } });
  assert.deepEqual(plan.steps.map((x) => x.argv[3]), ['secret-define', 'secret-set-value', 'pool-define', 'pool-start']);
  assert.ok(!JSON.stringify(plan).includes(key), 'the key is not in the plan');
  // Without the key the job does not start.
  const noKey = await api.run({ kind: 'pool.create', host: 'local', request });
  assert.equal(noKey.state, 'failed');
  assert.equal(noKey.error?.msg?.key, 'plan.passphrase');
  assert.deepEqual(secretsOfUsage(s.bed, usage), [], 'nothing ran');

  // A wrong key (valid base64): pool-start fails, and the undo removes the pool and the secret again.
  const wrong = await api.run({ kind: 'pool.create', host: 'local', request }, Buffer.alloc(16, 7).toString('base64'));
  assert.equal(wrong.state, 'failed');
  assert.ok(!definedPools(s).includes(pool), 'undone: the pool');
  assert.deepEqual(secretsOfUsage(s.bed, usage), [], 'undone: the secret');

  const job = await api.run({ kind: 'pool.create', host: 'local', request }, key);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  assert.match(virsh(s.bed, 'pool-info', pool), /State:\s+running/);
  assert.equal(secretsOfUsage(s.bed, usage).length, 1, 'one secret, named by its usage');
  virsh(s.bed, 'vol-list', pool);
});

bedTest('netfs, gluster, zfs, scsi, mpath: the planned XML through a real pool-define and pool-undefine; netfs as a whole job fails at start here and is undone', async (s) => {
  const api = await service(s);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-pc-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const caps = virsh(s.bed, 'pool-capabilities');
  const supported = (t: string) => new RegExp(`<pool type='${t}' supported='yes'>`).test(caps);
  const requests: Array<Omit<CreatePoolRequest, 'name' | 'build' | 'autostart'>> = [
    { type: 'netfs', target: path.join(dir, "nfs it's $(x)"), source: { hosts: [{ name: '127.0.0.1' }], dir: '/export/spindle', format: 'nfs' } },
    { type: 'gluster', source: { hosts: [{ name: '127.0.0.1' }], name: 'gv0', dir: '/vms' } },
    { type: 'zfs', source: { name: 'tank' } },
    { type: 'scsi', source: { adapter: 'host0' } },
    { type: 'mpath' },
  ];
  for (const r of requests) {
    const name = scratchPool(s, `${r.type} 池 'q'`);
    const request = { ...r, name, build: false, autostart: false };
    const planned = await api.svc.dispatch('ops.plan', { op: { kind: 'pool.create', host: 'local', request } });
    let xml: string;
    if (planned.ok) xml = planned.result.steps.find((x) => x.argv[3] === 'pool-define')?.stdin ?? '';
    else {
      // netfs on a host without mount.nfs (this one): refused before anything runs; the XML from the same planner, without the host check.
      assert.equal(r.type, 'netfs', JSON.stringify(planned.error));
      assert.equal(planned.error.msg?.key, 'pools.trap.mountHelper');
      xml = planCreatePool(api.svc.session('local')!.getInventory()!, s.bed.uri, request).steps.find((x) => x.argv[3] === 'pool-define')?.stdin ?? '';
    }
    const file = path.join(dir, `${r.type}.xml`);
    writeFileSync(file, xml);
    const def = spawnSync('virsh', ['-q', '-c', s.bed.uri, 'pool-define', file], { encoding: 'utf8', timeout: 30_000 });
    if (supported(r.type)) {
      assert.equal(def.status, 0, `${r.type}: ${def.stderr}`);
      assert.match(virsh(s.bed, 'pool-dumpxml', '--inactive', name), new RegExp(`<pool type='${r.type}'>`));
      virsh(s.bed, 'pool-undefine', name);
    } else {
      // The driver is not installed here: libvirt says so at define (what pool.types' package column is for).
      assert.match(def.stderr, new RegExp(`missing backend for pool type \\d+ \\(${r.type}\\)`), `${r.type}: ${def.stderr}`);
      s.t.diagnostic(`${r.type}: driver not installed, define refused: ${def.stderr.trim()}`);
    }
  }
  // A whole netfs job: without mount.nfs (this host) refused before anything runs; with it, define and mkdir work,
  // the mount fails (no NFS server here), and the undo undefines.
  const pool = scratchPool(s, 'nfsjob');
  const op = { kind: 'pool.create' as const, host: 'local', request: { name: pool, type: 'netfs', target: path.join(dir, 'nfsjob'), source: { hosts: [{ name: '127.0.0.1' }], dir: '/export/none' }, build: true, autostart: false } };
  if (existsSync('/sbin/mount.nfs')) {
    const job = await api.run(op);
    assert.equal(job.state, 'failed');
  } else {
    const refused = await api.svc.dispatch('ops.plan', { op });
    assert.ok(!refused.ok && refused.error.details?.program === 'mount.nfs', JSON.stringify(refused));
  }
  assert.ok(!definedPools(s).includes(pool), 'undone');
});

bedTest('the CLI: pool devices and pool sources --json, pool create with repeated --source-device/--yes-format (dry run, then for real, --json), pool delete', async (s) => {
  await cliWithLocalHost(s);
  const a = loopDevice(s, 32);
  const b = loopDevice(s, 32);
  if (!a || !b) return;
  const pool = scratchPool(s, 'cli');
  const vg = `spindle_pc_cli_${process.pid}`;
  s.defer(() => {
    if (vgs().includes(vg)) spawnSync('vgremove', ['-f', vg], { env: LVM_ENV });
    for (const d of [a, b]) spawnSync('pvremove', ['-ff', '-y', d], { env: LVM_ENV });
  });
  const ok = (r: { code: number; out: string; err: string }, what: string) => assert.equal(r.code, 0, `${what}: ${r.err}${r.out}`);
  const devices = await cli(['pool', 'devices', '--host', 'local', '--json']);
  ok(devices, 'pool devices');
  const listed = (JSON.parse(devices.out) as { devices: Array<{ path: string; inUse: unknown[] }> }).devices;
  assert.deepEqual(listed.find((d) => d.path === a)?.inUse, []);
  const noHost = await cli(['pool', 'sources', '--host', 'local', '--type', 'netfs']);
  assert.equal(noHost.code, 1);
  assert.match(noHost.err, /needs the server to ask/);

  const create = ['pool', 'create', '--host', 'local', '--name', pool, '--type', 'logical', '--source-device', a, '--source-device', b, '--source-name', vg, '--build'];
  const unconfirmed = await cli([...create, '--yes-format', a]);
  assert.equal(unconfirmed.code, 1);
  assert.match(unconfirmed.err, /are not the pool's devices/);
  const dry = await cli([...create, '--yes-format', a, '--yes-format', b, '--dry-run', '--json']);
  ok(dry, 'dry run');
  const plan = (JSON.parse(dry.out) as { plan: { steps: Array<{ argv: string[]; stdin?: string; destructive?: boolean }> } }).plan;
  assert.deepEqual(plan.steps.map((x) => x.argv[3]), ['pool-define', 'pool-build', 'pool-start']);
  assert.ok(plan.steps[0]?.stdin?.includes(`<device path='${a}'/>`) && plan.steps[0].stdin.includes(`<device path='${b}'/>`));
  assert.ok(plan.steps[1]?.destructive);
  assert.ok(!vgs().includes(vg), 'a dry run changes nothing');

  const made = await cli([...create, '--yes-format', a, '--yes-format', b, '--json']);
  ok(made, 'create');
  const out = JSON.parse(made.out) as { done: string; created: { name: string; type: string; active: boolean; capacity: number } };
  assert.equal(out.created.name, pool);
  assert.equal(out.created.type, 'logical');
  assert.equal(out.created.active, true);
  assert.ok(out.created.capacity >= 48 << 20, `two 32 MiB PVs: ${out.created.capacity}`);
  const found = await cli(['pool', 'sources', '--host', 'local', '--type', 'logical', '--json']);
  ok(found, 'pool sources');
  assert.deepEqual((JSON.parse(found.out) as { sources: Array<{ name?: string; devices?: string[] }> }).sources.find((x) => x.name === vg)?.devices?.sort(), [a, b].sort());
  ok(await cli(['pool', 'delete', '--host', 'local', '--pool', pool]), 'delete');
  assert.ok(!vgs().includes(vg) && !definedPools(s).includes(pool));
});

bedTest('over SSH (sudo): pool.devices reads lsblk, wipefs and pvs on the remote host (a fresh ext4 is seen without udev), pool.sources asks its libvirtd', async (s) => {
  const api = await service(s, 'ssh');
  const dev = loopDevice(s, 16);
  if (!dev) return;
  execFileSync('mkfs.ext4', ['-q', '-L', "it's 池", dev], { timeout: 60_000 });
  const d = (await api.call('pool.devices', { host: 'loopback' })).find((x) => x.path === dev);
  assert.ok(d, `${dev} listed over SSH`);
  assert.equal(d.fstype, 'ext4');
  assert.equal(d.label, "it's 池");
  assert.deepEqual(d.inUse, []);
  assert.ok(Array.isArray(await api.call('pool.sources', { host: 'loopback', type: 'logical' })));
});

bedTest('zfs: pool.sources lists the host’s zpools with zpool itself; without ZFS (this host) it says which package adds zpool', async (s) => {
  const api = await service(s);
  if (spawnSync('sh', ['-c', 'command -v zpool'], { encoding: 'utf8' }).status === 0) {
    const found = await api.call('pool.sources', { host: 'local', type: 'zfs' });
    const listed = execFileSync('zpool', ['list', '-H', '-o', 'name'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    assert.deepEqual(found.map((x) => x.name), listed);
    return;
  }
  await assert.rejects(api.call('pool.sources', { host: 'local', type: 'zfs' }), (e: Error) => {
    assert.match(e.message, /COMMAND_NOT_FOUND|zpool/);
    assert.match(e.message + JSON.stringify(e), /zfsutils-linux/);
    return true;
  });
});
