// Taking snapshots on scratch guests, through the API and the CLI, against the
// real libvirt 9.0: internal on a shut-off qcow2 guest (listed, described,
// reverted: the data written since is gone; deleted from the image too),
// refused on a raw disk with libvirt's reason, mixing refused naming the
// snapshot; external disk-only and with memory on a running guest (locally
// and over SSH), quiesced through the agent; the overlays nobody uses found.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SnapshotTree } from '../../shared/contract/features/snapshots.ts';
import { bedTest, cliError, cliWithLocalHost, scratchGuest, service } from './fixtures.ts';
import { cli, virsh } from './testbed.ts';

const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
  const t0 = Date.now();
  const out = await fn();
  console.log(`timing: ${what} ${Date.now() - t0} ms`);
  return out;
};

bedTest('internal snapshot of a shut-off qcow2 guest: taken, listed, described; refused on a raw disk and when mixed with external', async (s) => {
  const { bed } = s;
  const g = scratchGuest(s, 'snapint', { running: false });
  const api = await service(s);
  await api.call('inventory.refresh', { host: 'local' });
  const made = await timed('internal create (shut off)', () => api.run({ kind: 'snapshot.create', host: 'local', request: { domain: g.name, name: 'before update', description: 'first' } }));
  assert.equal(made.state, 'succeeded', JSON.stringify(made.error));
  let tree = await api.call('snapshot.list', { host: 'local', domain: g.name });
  assert.equal(tree.snapshots.length, 1);
  assert.deepEqual({ kind: tree.snapshots[0]?.kind, state: tree.snapshots[0]?.state, description: tree.snapshots[0]?.description, now: tree.nowAfter }, { kind: 'internal', state: 'shutoff', description: 'first', now: 'before update' });
  assert.match(execFileSync('qemu-img', ['snapshot', '-l', '-U', g.vda], { encoding: 'utf8' }), /before update/);

  // A new description through the CLI: the snapshot stays libvirt's current one.
  await cliWithLocalHost(s);
  const described = await timed('describe (CLI)', () => cli(['snapshot', 'describe', '--host', 'local', '--vm', g.name, '--name', 'before update', '--description', 'it\'s "new" $(x); 说明']));
  assert.equal(described.code, 0, described.err);
  const listed = await cli(['snapshot', 'list', '--host', 'local', '--vm', g.name, '--json']);
  tree = JSON.parse(listed.out) as SnapshotTree;
  assert.equal(tree.snapshots[0]?.description, 'it\'s "new" $(x); 说明');
  assert.equal(tree.nowAfter, 'before update');
  const text = await cli(['snapshot', 'list', '--host', 'local', '--vm', g.name]);
  assert.match(text.out, /before update {2}\[internal, shutoff\]/);
  assert.match(text.out, /\n {2}▶ now/);

  // Mixing: an external snapshot on top of the internal one is refused, naming it.
  const mixed = await api.svc.dispatch('ops.plan', { op: { kind: 'snapshot.create', host: 'local', request: { domain: g.name, name: 'ext', diskOnly: true } } });
  assert.equal(mixed.ok, false);
  if (!mixed.ok) {
    assert.equal(mixed.error.msg?.key, 'snapshots.create.mixed');
    assert.match(mixed.error.message, /internal snapshots \(before update\)/);
  }

  // A raw disk: internal refused in libvirt's words, naming the disk; excluded, it works.
  const raw = path.join(g.dir, 'data.raw');
  execFileSync('qemu-img', ['create', '-q', '-f', 'raw', raw, '8M']);
  virsh(bed, 'attach-disk', g.name, raw, 'vdb', '--driver', 'qemu', '--subdriver', 'raw', '--config');
  await api.call('inventory.refresh', { host: 'local' });
  const refused = await api.svc.dispatch('ops.plan', { op: { kind: 'snapshot.create', host: 'local', request: { domain: g.name, name: 'two' } } });
  assert.equal(refused.ok, false);
  if (!refused.ok) {
    assert.equal(refused.error.message, 'internal snapshot for disk vdb unsupported for storage type raw');
    assert.equal(refused.error.details?.['field'], 'disks');
    assert.match(refused.error.hint ?? '', /Take an external snapshot .*vdb can be excluded/);
  }
  const cliRefused = await cliError(['snapshot', 'create', '--host', 'local', '--vm', g.name, '--name', 'two', '--dry-run']);
  assert.equal(cliRefused?.code, 'INVALID_ARGUMENT');
  // Left out of an internal snapshot: refused before libvirt says "disk 'vdb' must use snapshot mode 'internal'".
  const excluded = await api.svc.dispatch('ops.plan', { op: { kind: 'snapshot.create', host: 'local', request: { domain: g.name, name: 'two', disks: [{ target: 'vdb', mode: 'exclude' }] } } });
  assert.equal(excluded.ok, false);
  if (!excluded.ok) assert.equal(excluded.error.msg?.key, 'snapshots.create.internalExclude');
  // Detached again, a second internal snapshot is the first one's child.
  virsh(bed, 'detach-disk', g.name, 'vdb', '--config');
  await api.call('inventory.refresh', { host: 'local' });
  const second = await api.run({ kind: 'snapshot.create', host: 'local', request: { domain: g.name, name: 'two' } });
  assert.equal(second.state, 'succeeded', JSON.stringify(second.error));
  tree = await api.call('snapshot.list', { host: 'local', domain: g.name });
  assert.deepEqual(tree.snapshots.map((x) => [x.name, x.parent]), [['before update', null], ['two', 'before update']]);
  assert.equal(tree.nowAfter, 'two');

  // Revert (libvirt's own for internal snapshots): what was written after "before update" is gone.
  execFileSync('qemu-io', ['-f', 'qcow2', '-c', 'write -P 0xab 0 64k', g.vda], { encoding: 'utf8' });
  const reverted = await timed('internal revert (shut off)', () => api.run({ kind: 'snapshot.revert', host: 'local', request: { domain: g.name, name: 'before update' } }));
  assert.equal(reverted.state, 'succeeded', JSON.stringify(reverted.error));
  assert.doesNotMatch(execFileSync('qemu-io', ['-f', 'qcow2', '-r', '-c', 'read -P 0 0 64k', g.vda], { encoding: 'utf8' }), /Pattern verification failed/);
  assert.match(virsh(bed, 'domstate', g.name), /shut off/);
  assert.equal((await api.call('snapshot.list', { host: 'local', domain: g.name })).nowAfter, 'before update');
  // Delete both: gone from libvirt and from inside the image.
  const del = await timed('internal delete (CLI)', () => cli(['snapshot', 'delete', '--host', 'local', '--vm', g.name, '--name', 'two']));
  assert.equal(del.code, 0, del.err + del.out);
  assert.equal((await api.run({ kind: 'snapshot.delete', host: 'local', request: { domain: g.name, name: 'before update' } })).state, 'succeeded');
  assert.equal((await api.call('snapshot.list', { host: 'local', domain: g.name })).snapshots.length, 0);
  assert.doesNotMatch(execFileSync('qemu-img', ['snapshot', '-l', '-U', g.vda], { encoding: 'utf8' }), /before update|two/);
});

for (const via of ['local', 'ssh'] as const) bedTest(`external snapshots of a running guest (${via}): disk-only through the CLI, quiesced, then with memory; the plan names the files; an unused overlay is found`, async (s) => {
  const { bed } = s;
  const host = via === 'ssh' ? 'loopback' : 'local';
  const g = scratchGuest(s, `snapext${via}`);
  const api = await service(s, via);
  await api.call('inventory.refresh', { host });
  const overlay = path.join(g.dir, `${g.name}-vda.d1.qcow2`);
  if (via === 'local') {
    await cliWithLocalHost(s);
    const dry = await cli(['snapshot', 'create', '--host', 'local', '--vm', g.name, '--name', 'd1', '--disk-only', '--quiesce', '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /'snapshot-create' '--domain' '\S+' '--xmlfile' '\/dev\/stdin' '--atomic' '--disk-only' '--quiesce'/);
    assert.ok(dry.out.includes(overlay), dry.out);
    const made = await timed('external disk-only create, quiesced (CLI)', () => cli(['snapshot', 'create', '--host', 'local', '--vm', g.name, '--name', 'd1', '--disk-only', '--quiesce']));
    assert.equal(made.code, 0, made.err);
  } else {
    const plan = await api.call('ops.plan', { op: { kind: 'snapshot.create', host, request: { domain: g.name, name: 'd1', diskOnly: true, quiesce: true } } });
    assert.ok(plan.warnings.some((w) => w.includes(overlay)), plan.warnings.join('\n'));
    const made = await timed('external disk-only create, quiesced (ssh)', () => api.run({ kind: 'snapshot.create', host, request: { domain: g.name, name: 'd1', diskOnly: true, quiesce: true } }));
    assert.equal(made.state, 'succeeded', JSON.stringify(made.error));
  }
  assert.ok(existsSync(overlay));
  assert.match(virsh(bed, 'domblklist', g.name), new RegExp(overlay.replace(/[.]/g, '\\.')));

  // With memory: the memory file is named on the plan, and written.
  const mem = path.join(g.dir, 'm1.mem');
  const plan = await api.call('ops.plan', { op: { kind: 'snapshot.create', host, request: { domain: g.name, name: 'm1', memoryFile: mem } } });
  assert.ok(plan.warnings.some((w) => w.includes(mem)), plan.warnings.join('\n'));
  const withMem = await timed(`external create with memory (${via})`, () => api.run({ kind: 'snapshot.create', host, request: { domain: g.name, name: 'm1', memoryFile: mem } }));
  assert.equal(withMem.state, 'succeeded', JSON.stringify(withMem.error));
  assert.match(virsh(bed, 'domstate', g.name), /running/);
  const tree = await timed(`snapshot.list (${via})`, () => api.call('snapshot.list', { host, domain: g.name }));
  assert.deepEqual(tree.snapshots.map((x) => [x.name, x.kind, x.parent]), [['d1', 'external-disk', null], ['m1', 'external-memory', 'd1']]);
  assert.equal(tree.nowAfter, 'm1');
  assert.equal(tree.snapshots[0]?.disks[0]?.base, g.vda);
  assert.equal(tree.snapshots[1]?.memoryFile, mem);
  assert.ok((tree.snapshots[1]?.sizeBytes ?? 0) > 1 << 20, 'the memory file counts in the size');
  // The same memory file again is refused before anything runs.
  const again = await api.svc.dispatch('ops.plan', { op: { kind: 'snapshot.create', host, request: { domain: g.name, name: 'm2', memoryFile: mem } } });
  assert.equal(again.ok, false);
  if (!again.ok) assert.equal(again.error.msg?.key, 'snapshots.create.memoryExists');

  // Orphans: the guest's folder as a pool; an overlay of vda nobody uses is listed, the chain's own files are not.
  const pool = `spindle-snap-${via}-${process.pid}`;
  virsh(bed, 'pool-create-as', pool, 'dir', '--target', g.dir);
  s.defer(() => virsh(bed, 'pool-destroy', pool));
  const stray = path.join(g.dir, `stray-${process.pid}.qcow2`);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', g.vda, stray]);
  virsh(bed, 'pool-refresh', pool);
  await api.call('inventory.refresh', { host });
  const orphans = await timed(`snapshot.orphans (${via})`, () => api.call('snapshot.orphans', { host }));
  assert.deepEqual(orphans.filter((o) => o.pool === pool).map((o) => [o.path, o.backing]), [[stray, g.vda]]);
});
