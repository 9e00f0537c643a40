// Storage pools through `spindle pool ...` against the real libvirtd: a dir
// pool in a temp folder created, started, refreshed, autostart on and off,
// refused to stop while the running test VM uses one of its volumes, stopped
// and undefined; delete listing every volume it removes; an fs pool on a loop
// device built (after the device is named again), started, given a volume,
// stopped and undefined. Nothing is left behind: pools, loop devices, folders.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bedTest, cliWithLocalHost, detachStray, liveTargets, loopDevice, service, tryVirsh, type Scope } from './fixtures.ts';
import { cli, virsh, waitFor } from './testbed.ts';

function tempDir(s: Scope): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-pools-'));
  // QEMU runs as its own user: it must reach the volumes through this folder.
  chmodSync(dir, 0o755);
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A pool name of this test's own, undefined (and stopped) at the end if it is still there. */
function scratchPool(s: Scope, name: string): string {
  const pool = `spindle-${name}-${process.pid}`;
  s.defer(() => {
    tryVirsh(s.bed, 'pool-destroy', pool);
    tryVirsh(s.bed, 'pool-undefine', pool);
  });
  return pool;
}

function poolInfo(s: Scope, pool: string): Record<string, string> {
  const out = execFileSync('virsh', ['-q', '-c', s.bed.uri, 'pool-info', pool], { encoding: 'utf8' });
  return Object.fromEntries(out.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]));
}

function definedPools(s: Scope): string[] {
  return execFileSync('virsh', ['-q', '-c', s.bed.uri, 'pool-list', '--all', '--name'], { encoding: 'utf8' }).split('\n').map((l) => l.trim()).filter(Boolean);
}

const ok = (r: { code: number; out: string; err: string }, what: string) => assert.equal(r.code, 0, `${what}: ${r.err}${r.out}`);

bedTest('pool types: what this libvirtd says it runs, and the package of each type it lacks', async (s) => {
  await cliWithLocalHost(s);
  const r = await cli(['pool', 'types', '--host', 'local', '--json']);
  ok(r, 'pool types');
  const types = (JSON.parse(r.out) as { types: Array<{ type: string; supported: boolean; packages: { debian: string | null; fedora: string | null } }> }).types;
  // Read at the same time from virsh itself: other work on this machine installs storage drivers (rbd, zfs, ...).
  const caps = execFileSync('virsh', ['-q', '-c', s.bed.uri, 'pool-capabilities'], { encoding: 'utf8' });
  const supported = new Set([...caps.matchAll(/<pool type='([\w-]+)' supported='yes'>/g)].map((m) => m[1]));
  assert.deepEqual(types.filter((t) => t.supported).map((t) => t.type).sort(), [...supported].sort());
  for (const t of ['dir', 'fs', 'logical', 'disk']) assert.ok(supported.has(t), `${t} runs on the test bed`);
  const text = await cli(['pool', 'types', '--host', 'local']);
  ok(text, 'pool types (text)');
  for (const t of types.filter((x) => !x.supported && x.packages.debian)) {
    assert.match(text.out, new RegExp(`^${t.type}: not on this host \\(Debian/Ubuntu: ${t.packages.debian}; Fedora/RHEL: ${t.packages.fedora}\\)`, 'm'));
  }
  assert.match(text.out, /^dir: runs here; build yes, Spindle creates yes; volumes: /m);
});

bedTest('dir pool: create, refresh, autostart on/off, stop refused while the running VM uses a volume, stop, undefine', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const dir = tempDir(s);
  const target = path.join(dir, 'pool');
  const pool = scratchPool(s, 'dir');
  const h = ['--host', 'local', '--pool', pool];

  const create = ['pool', 'create', '--host', 'local', '--name', pool, '--type', 'dir', '--target', target, '--build', '--mode', '0711'];
  const dry = await cli([...create, '--dry-run']);
  ok(dry, 'dry run');
  assert.match(dry.out, /'pool-define' '--file' '\/dev\/stdin' <<'SPINDLE_EOF'\n<pool type='dir'>/);
  assert.match(dry.out, /'pool-build' '--pool' '[^']+'\n/);
  assert.ok(!definedPools(s).includes(pool) && !existsSync(target), 'a dry run makes nothing');
  ok(await cli(create), 'create');
  assert.equal(poolInfo(s, pool)['State'], 'running');
  assert.equal(statSync(target).mode & 0o777, 0o711, 'pool-build made the directory with its mode');
  const again = await cli(create);
  assert.equal(again.code, 1);
  assert.match(again.err, /already has a pool named/);

  // A file made behind libvirt's back appears after a refresh.
  execFileSync('qemu-img', ['create', '-q', '-f', 'raw', path.join(target, 'scratch.raw'), '8M']);
  ok(await cli(['pool', 'refresh', ...h]), 'refresh');
  assert.match(virsh(bed, 'vol-list', pool), /scratch\.raw/);

  ok(await cli(['pool', 'autostart', ...h, 'on']), 'autostart on');
  assert.equal(poolInfo(s, pool)['Autostart'], 'yes');
  ok(await cli(['pool', 'autostart', ...h, 'off']), 'autostart off');
  assert.equal(poolInfo(s, pool)['Autostart'], 'no');
  const bad = await cli(['pool', 'autostart', ...h, 'maybe']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /takes on or off/);

  // The running VM uses a volume of the pool: stop is refused, naming it.
  const vdisk = 'vdw';
  s.defer(() => detachStray(bed, bed.runningVm, vdisk));
  virsh(bed, 'attach-disk', bed.runningVm, path.join(target, 'scratch.raw'), vdisk, '--driver', 'qemu', '--subdriver', 'raw', '--live');
  const refused = await cli(['pool', 'stop', ...h]);
  assert.equal(refused.code, 1, refused.out);
  assert.match(refused.err, new RegExp(`cannot be stopped: a running VM uses its volumes: ${bed.runningVm} \\(${vdisk}: scratch\\.raw\\)`));
  assert.equal(poolInfo(s, pool)['State'], 'running', 'nothing ran');
  const undefineActive = await cli(['pool', 'undefine', ...h]);
  assert.equal(undefineActive.code, 1);
  assert.match(undefineActive.err, /is running: stop it before it is undefined/);
  virsh(bed, 'detach-disk', bed.runningVm, vdisk, '--live');
  await waitFor(() => !liveTargets(bed, bed.runningVm).includes(vdisk), 15_000);

  ok(await cli(['pool', 'stop', ...h]), 'stop');
  assert.equal(poolInfo(s, pool)['State'], 'inactive');
  ok(await cli(['pool', 'undefine', ...h]), 'undefine');
  assert.ok(!definedPools(s).includes(pool), 'undefined');
  assert.ok(existsSync(path.join(target, 'scratch.raw')), 'undefine keeps the storage');
});

bedTest('pool delete: lists every volume it removes, refuses without --with-volumes, dry run runs nothing', async (s) => {
  await cliWithLocalHost(s);
  const target = path.join(tempDir(s), 'pool');
  const pool = scratchPool(s, 'del');
  const h = ['--host', 'local', '--pool', pool];
  ok(await cli(['pool', 'create', '--host', 'local', '--name', pool, '--type', 'dir', '--target', target, '--build']), 'create');
  for (const v of ['one.qcow2', "two $(x).raw"]) ok(await cli(['volume', 'create', '--host', 'local', '--pool', pool, '--name', v, '--capacity', '4M', '--format', v.endsWith('.raw') ? 'raw' : 'qcow2']), v);

  const refused = await cli(['pool', 'delete', ...h]);
  assert.equal(refused.code, 1);
  assert.match(refused.err, /holds 2 volumes that deleting it would remove: one\.qcow2; two \$\(x\)\.raw/);
  const wipeAlone = await cli(['pool', 'delete', ...h, '--wipe']);
  assert.equal(wipeAlone.code, 1, 'wipe without deleting the volumes is refused, not ignored');
  assert.match(wipeAlone.err, /needs their deletion too/);
  const badAlgorithm = await cli(['pool', 'delete', ...h, '--with-volumes', '--wipe', '--algorithm', 'shred']);
  assert.equal(badAlgorithm.code, 2, badAlgorithm.err);
  const wipeDry = await cli(['pool', 'delete', ...h, '--with-volumes', '--wipe', '--algorithm', 'zero', '--dry-run']);
  ok(wipeDry, 'wipe dry run');
  assert.deepEqual([...wipeDry.out.matchAll(/^'virsh' '--connect' '[^']+' '([a-z-]+)'/gm)].map((m) => m[1]), ['vol-wipe', 'vol-delete', 'vol-wipe', 'vol-delete', 'pool-destroy', 'pool-delete', 'pool-undefine']);
  assert.match(wipeDry.out, /'vol-wipe' '--pool' '[^']+' '--vol' 'two \$\(x\)\.raw' '--algorithm' 'zero'/);

  const dry = await cli(['pool', 'delete', ...h, '--with-volumes', '--dry-run']);
  ok(dry, 'dry run');
  assert.match(dry.err, /removes for good the 2 volumes/);
  assert.deepEqual([...dry.out.matchAll(/^'virsh' '--connect' '[^']+' '([a-z-]+)'/gm)].map((m) => m[1]), ['vol-delete', 'vol-delete', 'pool-destroy', 'pool-delete', 'pool-undefine']);
  assert.match(dry.out, /'--vol' 'two \$\(x\)\.raw'/);
  assert.equal(poolInfo(s, pool)['State'], 'running', 'a dry run deletes nothing');

  ok(await cli(['pool', 'delete', ...h, '--with-volumes']), 'delete');
  assert.ok(!definedPools(s).includes(pool), 'the pool is gone');
  assert.ok(!existsSync(target), 'and its directory');
});

bedTest('fs pool on a loop device: build only after the device is named again, start, a volume, stop, undefine', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const dir = tempDir(s);
  const dev = loopDevice(s, 64);
  if (!dev) return;
  const target = path.join(dir, 'mnt');
  const pool = scratchPool(s, 'fs');
  const h = ['--host', 'local', '--pool', pool];
  const create = ['pool', 'create', '--host', 'local', '--name', pool, '--type', 'fs', '--source-device', dev, '--target', target, '--build'];

  const unconfirmed = await cli(create);
  assert.equal(unconfirmed.code, 1);
  assert.match(unconfirmed.err, new RegExp(`writes a ext4 filesystem on ${dev}: repeat the device names`));
  assert.ok(!definedPools(s).includes(pool), 'refused: nothing defined');
  const other = await cli([...create, '--yes-format', '/dev/loop999']);
  assert.equal(other.code, 1);
  assert.match(other.err, /are not the pool's devices/);

  ok(await cli([...create, '--yes-format', dev]), 'create');
  assert.equal(poolInfo(s, pool)['State'], 'running');
  assert.equal(execFileSync('blkid', ['-o', 'value', '-s', 'TYPE', dev], { encoding: 'utf8' }).trim(), 'ext4');
  assert.equal(execFileSync('findmnt', ['-n', '-o', 'SOURCE', target], { encoding: 'utf8' }).trim(), dev, 'libvirt mounted it');
  ok(await cli(['volume', 'create', '--host', 'local', '--pool', pool, '--name', 'v.qcow2', '--capacity', '16M']), 'volume');
  assert.match(virsh(bed, 'vol-list', pool), /v\.qcow2/);

  ok(await cli(['pool', 'stop', ...h]), 'stop');
  assert.equal(spawnStatus('findmnt', [target]), 1, 'unmounted');
  ok(await cli(['pool', 'undefine', ...h]), 'undefine');
  assert.ok(!definedPools(s).includes(pool));
});

function spawnStatus(cmd: string, args: string[]): number | null {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return 0;
  } catch (e) {
    return (e as { status: number | null }).status;
  }
}

bedTest('hostile pool names: quotes, $(), ;, a leading dash and non-ASCII round-trip as one argument; a slash is refused', async (s) => {
  await cliWithLocalHost(s);
  const dir = tempDir(s);
  const odd = `-p it's $(touch spindle-pwned); \`touch spindle-pwned\` 池 ${process.pid}`;
  s.defer(() => {
    tryVirsh(s.bed, 'pool-destroy', '--pool', odd);
    tryVirsh(s.bed, 'pool-undefine', '--pool', odd);
  });
  const target = path.join(dir, 'odd pool');
  ok(await cli(['pool', 'create', '--host', 'local', '--name', odd, '--type', 'dir', '--target', target, '--build']), 'create');
  assert.equal(poolInfo(s, odd)['State'], 'running');
  ok(await cli(['pool', 'refresh', '--host', 'local', '--pool', odd]), 'refresh');
  ok(await cli(['pool', 'delete', '--host', 'local', '--pool', odd]), 'delete');
  assert.ok(!definedPools(s).includes(odd) && !existsSync(target), 'gone, with its directory');
  for (const where of [process.cwd(), target, dir, '/']) assert.ok(!existsSync(path.join(where, 'spindle-pwned')), `nothing in the name ran (${where})`);
  const slash = await cli(['pool', 'create', '--host', 'local', '--name', 'a/b', '--type', 'dir', '--target', path.join(dir, 'ab')]);
  assert.equal(slash.code, 1);
  assert.match(slash.err, /contains "\/", which libvirt does not allow in names/);
  const newline = await cli(['pool', 'create', '--host', 'local', '--name', 'a\nb', '--type', 'dir', '--target', path.join(dir, 'ab')]);
  assert.equal(newline.code, 1);
  assert.ok(!existsSync(path.join(dir, 'ab')), 'refused: nothing made');
});

bedTest('the API: pool.types, and pool operations as jobs the inventory follows (create, autostart off, a type not creatable yet, delete)', async (s) => {
  const api = await service(s);
  const types = await api.call('pool.types', { host: 'local' });
  assert.equal(types.find((t) => t.type === 'fs')?.supported, true);
  const dir = tempDir(s);
  const pool = scratchPool(s, 'api');
  const target = path.join(dir, 'pool');
  const plan = await api.call('ops.plan', { op: { kind: 'pool.create', host: 'local', request: { name: pool, type: 'dir', target, build: true, autostart: true } } });
  assert.deepEqual(plan.steps.map((x) => x.argv[3]), ['pool-define', 'pool-build', 'pool-start', 'pool-autostart']);
  assert.ok(!definedPools(s).includes(pool), 'planning runs nothing');
  const job = await api.run({ kind: 'pool.create', host: 'local', request: { name: pool, type: 'dir', target, build: true, autostart: true } });
  assert.equal(job.state, 'succeeded', JSON.stringify(job.error));
  const listed = await waitFor(() => api.svc.session('local')?.getInventory()?.pools.find((p) => p.name === pool && p.active), 15_000);
  assert.equal(listed.autostart, true, 'the inventory follows the new pool');
  const off = await api.run({ kind: 'pool.autostart', host: 'local', request: { pool, on: false } });
  assert.equal(off.state, 'succeeded');
  await waitFor(() => api.svc.session('local')?.getInventory()?.pools.find((p) => p.name === pool && !p.autostart), 15_000);
  const typeLater = await api.svc.dispatch('ops.plan', { op: { kind: 'pool.create', host: 'local', request: { name: `${pool}-x`, type: 'sheepdog', source: { hosts: [{ name: 'sheep' }], name: 'x' } } } });
  assert.ok(!typeLater.ok && typeLater.error.msg?.key === 'pools.create.typeLater' && typeLater.error.details?.field === 'type', 'a type Spindle cannot create yet is refused with its reason');
  const del = await api.run({ kind: 'pool.delete', host: 'local', request: { pool, withVolumes: false } });
  assert.equal(del.state, 'succeeded', JSON.stringify(del.error));
  await waitFor(() => !api.svc.session('local')?.getInventory()?.pools.some((p) => p.name === pool), 15_000);
  assert.ok(!definedPools(s).includes(pool) && !existsSync(target));
});
