// libvirt's storage traps against the real libvirtd of the test bed, through
// the service's API: a disk pool on a loop device, whose partitions
// (/dev/loopNp1) libvirt 9.0's vol-delete cannot remove (checked, and the
// stderr kept as a golden file), deleted with its partitions by Spindle's
// plan (parted rm N, pool-refresh); a netfs pool refused at plan time while
// the host lacks mount.nfs; and pool delete --wipe on a dir pool: the vol-wipe
// step Spindle plans leaves the volume's bytes zero, then the whole plan runs.
// Everything is named spindle-trap-*-PID and removed at the end, also on failure.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bedTest, golden, loopDevice, service, tryVirsh, type Scope } from './fixtures.ts';
import { virsh, waitFor } from './testbed.ts';
import { classifyFailure } from '../../electron/backend/transport/command-errors.ts';
import type { RunResult } from '../../electron/backend/transport/runner.ts';

const GOLDEN = new URL('../../electron/backend/libvirt/testdata/pool-errors/', import.meta.url).pathname;
const definedPools = (s: Scope): string[] => virsh(s.bed, 'pool-list', '--all', '--name').split('\n').map((l) => l.trim()).filter(Boolean);

function scratchPool(s: Scope, name: string): string {
  const pool = `spindle-trap-${name}-${process.pid}`;
  s.defer(() => {
    tryVirsh(s.bed, 'pool-destroy', pool);
    tryVirsh(s.bed, 'pool-undefine', pool);
  });
  return pool;
}

function tempDir(s: Scope): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-trap-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

bedTest('disk pool on a loop device: libvirt 9.0 vol-delete of loopNp2 fails (golden); pool.delete removes the partitions with parted rm N + pool-refresh', async (s) => {
  const api = await service(s);
  const dev = loopDevice(s, 64);
  if (!dev) return;
  const pool = scratchPool(s, 'disk');
  const made = await api.run({ kind: 'pool.create', host: 'local', request: { name: pool, type: 'disk', source: { devices: [dev] }, build: true, autostart: false, formatDevices: [dev] } });
  assert.equal(made.state, 'succeeded', JSON.stringify(made.error));
  const base = path.basename(dev);
  for (const n of [1, 2]) virsh(s.bed, 'vol-create-as', pool, `${base}p${n}`, '8M');
  assert.ok(existsSync(`${dev}p2`), 'the kernel shows the partition');

  // The trap itself: libvirt passes "p2" to parted. The partition stays.
  const raw = spawnSync('virsh', ['-q', '-c', s.bed.uri, 'vol-delete', '--pool', pool, '--vol', `${base}p2`], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(raw.status, 1, `libvirt's vol-delete now works here? ${raw.stdout}${raw.stderr}`);
  golden(GOLDEN, 'vol-delete-disk-p-separator.stderr.txt', raw.stderr.replaceAll(base, 'loop0'));
  assert.ok(existsSync(`${dev}p2`));
  const mapped = classifyFailure({ code: 1, stdout: '', stderr: raw.stderr } as RunResult, 'virsh', 'this machine');
  assert.equal(mapped.msg?.key, 'pools.trap.partitionDelete');
  assert.equal(mapped.details?.device, dev);

  // Spindle's plan: parted rm and pool-refresh per partition, then the pool.
  await waitFor(() => api.svc.session('local')?.getInventory()?.pools.find((p) => p.name === pool)?.volumes.length === 2 || (void virsh(s.bed, 'pool-refresh', pool), false), 15_000, 500);
  const op = { kind: 'pool.delete' as const, host: 'local', request: { pool, withVolumes: true } };
  const plan = await api.call('ops.plan', { op });
  assert.deepEqual(
    plan.steps.slice(0, 4).map((st) => st.argv),
    [
      ['parted', '-s', dev, 'rm', '1'],
      ['virsh', '--connect', s.bed.uri, 'pool-refresh', '--pool', pool],
      ['parted', '-s', dev, 'rm', '2'],
      ['virsh', '--connect', s.bed.uri, 'pool-refresh', '--pool', pool],
    ],
  );
  const job = await api.run(op);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  assert.ok(!existsSync(`${dev}p1`) && !existsSync(`${dev}p2`), 'the partitions are gone');
  assert.ok(!definedPools(s).includes(pool));
  // pool-delete of a disk pool clears the partition table itself.
  assert.match(spawnSync('parted', ['-s', dev, 'print'], { encoding: 'utf8' }).stderr, /unrecognised disk label/);
});

bedTest('netfs without mount.nfs on the host: pool.create and pool.start refused at plan time with the package; nothing defined', async (s) => {
  const api = await service(s);
  const target = tempDir(s);
  const pool = scratchPool(s, 'nfs');
  const op = { kind: 'pool.create' as const, host: 'local', request: { name: pool, type: 'netfs', target, source: { hosts: [{ name: '127.0.0.1' }], dir: '/export', format: 'nfs' }, build: false, autostart: false } };
  const out = await api.svc.dispatch('ops.plan', { op });
  if (existsSync('/sbin/mount.nfs')) {
    // A host with nfs-common: the plan is made; the check must not refuse it.
    assert.ok(out.ok, JSON.stringify(out));
    s.t.diagnostic('mount.nfs is installed here: only the positive path was checked');
    return;
  }
  assert.ok(!out.ok);
  assert.equal(out.error.code, 'COMMAND_NOT_FOUND');
  assert.equal(out.error.details?.program, 'mount.nfs');
  assert.equal(out.error.details?.field, 'source.format');
  assert.match(out.error.hint ?? '', /Install nfs-common \(Debian\/Ubuntu\) or nfs-utils \(Fedora\/RHEL\)/);
  assert.ok(!definedPools(s).includes(pool));

  // A netfs pool defined elsewhere (format auto: mount takes host:/dir as nfs): start is refused the same way.
  const xml = path.join(target, '..', `${path.basename(target)}.xml`);
  writeFileSync(xml, `<pool type='netfs'><name>${pool}</name><source><host name='127.0.0.1'/><dir path='/export'/></source><target><path>${target}</path></target></pool>`);
  s.defer(() => rmSync(xml, { force: true }));
  virsh(s.bed, 'pool-define', xml);
  await waitFor(() => api.svc.session('local')?.getInventory()?.pools.some((p) => p.name === pool), 15_000);
  const start = await api.svc.dispatch('ops.plan', { op: { kind: 'pool.start', host: 'local', request: { pool } } });
  assert.ok(!start.ok);
  assert.equal(start.error.msg?.key, 'pools.trap.mountHelper');
  // What libvirt itself says when started anyway, mapped to the same package.
  const raw = spawnSync('virsh', ['-q', '-c', s.bed.uri, 'pool-start', pool], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(raw.status, 1);
  const mapped = classifyFailure({ code: 1, stdout: '', stderr: raw.stderr } as RunResult, 'virsh', 'this machine');
  assert.equal(mapped.msg?.key, 'pools.trap.mountFailed', raw.stderr);
  assert.match(mapped.hint ?? '', /nfs-common/);
});

bedTest('pool delete --wipe on a dir pool: the planned vol-wipe leaves the volume all zero bytes, then the job wipes, deletes the volumes and the pool', async (s) => {
  const api = await service(s);
  const target = path.join(tempDir(s), 'pool');
  const pool = scratchPool(s, 'wipe');
  const made = await api.run({ kind: 'pool.create', host: 'local', request: { name: pool, type: 'dir', target, build: true, autostart: false } });
  assert.equal(made.state, 'succeeded', JSON.stringify(made.error));
  const vol = "data $(x) 池.raw";
  virsh(s.bed, 'vol-create-as', pool, vol, '1M', '--format', 'raw');
  const file = path.join(target, vol);
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(1 << 20, 0xa5), 0, 1 << 20, 0);
  closeSync(fd);
  assert.ok(readFileSync(file).some((b) => b !== 0));
  await waitFor(() => api.svc.session('local')?.getInventory()?.pools.find((p) => p.name === pool)?.volumes.length === 1 || (void virsh(s.bed, 'pool-refresh', pool), false), 15_000, 500);

  const op = { kind: 'pool.delete' as const, host: 'local', request: { pool, withVolumes: true, wipe: true } };
  const plan = await api.call('ops.plan', { op });
  assert.deepEqual(plan.steps.map((st) => st.argv[3]), ['vol-wipe', 'vol-delete', 'pool-destroy', 'pool-delete', 'pool-undefine']);
  assert.ok(plan.steps[0]?.destructive);
  // The wipe step alone, exactly as planned: the data is gone, the file stays.
  execFileSync(plan.steps[0]!.argv[0]!, plan.steps[0]!.argv.slice(1), { timeout: 60_000 });
  const after = readFileSync(file);
  assert.equal(after.length, 1 << 20);
  assert.ok(after.every((b) => b === 0), 'every byte is zero after vol-wipe');

  const job = await api.run(op);
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  assert.ok(!existsSync(file) && !existsSync(target));
  assert.ok(!definedPools(s).includes(pool));

  // Refusals: wipe without deleting volumes; an algorithm libvirt does not have.
  const bad = await api.svc.dispatch('ops.plan', { op: { kind: 'pool.delete', host: 'local', request: { pool: 'spindle-test-pool', withVolumes: false, wipe: true } } });
  assert.ok(!bad.ok && bad.error.details?.field === 'withVolumes', JSON.stringify(bad));
});
