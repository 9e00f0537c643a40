// The case no peer handles on libvirt 9.0: reverting external snapshots, on a
// running scratch guest whose vda holds an ext4 (fixtures.guestDataDisk).
// File A is written, an external snapshot taken (disk-only, then with
// memory), file B written, the snapshot reverted by Spindle's own sequence:
// A is there, B is not, the VM runs, and the plan named every file it made,
// kept and left unused. Then deletes: refused while another image is backed
// by the file a commit would write; committed by libvirt when nothing else
// uses it; only the record when a revert moved the VM away from the snapshot.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { bedTest, cliWithLocalHost, GUEST_DATA, guestDataDisk, scratchGuest, service } from './fixtures.ts';
import { cli, guestExec, virsh, waitFor } from './testbed.ts';

const agentUp = (bed: Parameters<typeof virsh>[0], vm: string): Promise<boolean> =>
  waitFor(() => {
    try {
      virsh(bed, 'qemu-agent-command', vm, '{"execute":"guest-ping"}', '--timeout', '2');
      return true;
    } catch {
      return false;
    }
  }, 90_000, 300);

/** The names of the files in the guest's folder, sorted. */
const filesIn = (dir: string): string[] => readdirSync(dir).filter((f) => !f.endsWith('.log') && !f.endsWith('.xml')).sort();

bedTest('external snapshots revert on libvirt 9.0 by Spindle: disk-only (VM stopped, new overlay, started) and with memory (restored); deletes commit or keep files, never one in use', async (s) => {
  const { bed } = s;
  const g = scratchGuest(s, 'snaprev');
  const api = await service(s);
  const ls = (f: string): string => guestExec(bed, '/bin/sh', ['-c', 'echo 3 > /proc/sys/vm/drop_caches; ls "$1" 2>/dev/null | sort | tr "\\n" " "', 'sh', f], g.name).trim();
  guestDataDisk(bed, g.name);
  guestExec(bed, '/bin/sh', ['-c', `echo a > ${GUEST_DATA}/A; sync`], g.name);
  await api.call('inventory.refresh', { host: 'local' });
  assert.equal((await api.run({ kind: 'snapshot.create', host: 'local', request: { domain: g.name, name: 'd1', diskOnly: true } })).state, 'succeeded');
  const d1Overlay = path.join(g.dir, `${g.name}-vda.d1.qcow2`);
  guestExec(bed, '/bin/sh', ['-c', `echo b > ${GUEST_DATA}/B; sync`], g.name);
  assert.equal(ls(GUEST_DATA), 'A B lost+found');

  // 1. Disk-only revert: the review names the new overlay, the base kept, the overlay left (with B in it).
  await api.call('inventory.refresh', { host: 'local' });
  const plan = await api.call('ops.plan', { op: { kind: 'snapshot.revert', host: 'local', request: { domain: g.name, name: 'd1' } } });
  const revertOverlay = path.join(g.dir, `${g.name}-vda.revert-d1.qcow2`);
  const said = plan.warnings.join('\n');
  for (const f of [revertOverlay, g.vda, d1Overlay]) assert.ok(said.includes(f), `${f} not on the review: ${said}`);
  assert.deepEqual(plan.steps.map((x) => (x.argv[0] === 'virsh' ? x.argv[3] : x.argv.slice(0, 2).join(' '))), ['destroy', 'qemu-img create', 'define', 'start']);
  let t0 = Date.now();
  const reverted = await api.run({ kind: 'snapshot.revert', host: 'local', request: { domain: g.name, name: 'd1' } });
  const diskRevertMs = Date.now() - t0;
  assert.equal(reverted.state, 'succeeded', JSON.stringify(reverted.error));
  assert.match(virsh(bed, 'domstate', g.name), /running/);
  await agentUp(bed, g.name);
  const agentMs = Date.now() - t0;
  guestExec(bed, '/bin/sh', ['-c', 'mkdir -p "$1"; mount /dev/vda "$1"', 'sh', GUEST_DATA], g.name);
  assert.equal(ls(GUEST_DATA), 'A lost+found', 'A is back, B is gone');
  assert.match(virsh(bed, 'domblklist', g.name), new RegExp(revertOverlay.replace(/[.]/g, '\\.')));
  assert.match(virsh(bed, 'dumpxml', '--inactive', g.name), new RegExp(`source file='${revertOverlay.replace(/[.]/g, '\\.')}'`));
  assert.ok(existsSync(d1Overlay), 'the overlay being left is kept');
  console.log(`timing: disk-only revert ${diskRevertMs} ms (agent answering after ${agentMs} ms)`);

  // 2. With memory: A2 before, B2 after; the restore brings back memory and disk.
  guestExec(bed, '/bin/sh', ['-c', `echo a2 > ${GUEST_DATA}/A2; sync`], g.name);
  await api.call('inventory.refresh', { host: 'local' });
  const mem = path.join(g.dir, 'm1.mem');
  assert.equal((await api.run({ kind: 'snapshot.create', host: 'local', request: { domain: g.name, name: 'm1', memoryFile: mem } })).state, 'succeeded');
  guestExec(bed, '/bin/sh', ['-c', `echo b2 > ${GUEST_DATA}/B2; sync; echo in-ram > /tmp/after`], g.name);
  await api.call('inventory.refresh', { host: 'local' });
  t0 = Date.now();
  const restored = await api.run({ kind: 'snapshot.revert', host: 'local', request: { domain: g.name, name: 'm1' } });
  const memRevertMs = Date.now() - t0;
  assert.equal(restored.state, 'succeeded', JSON.stringify(restored.error));
  assert.match(virsh(bed, 'domstate', g.name), /running/);
  await agentUp(bed, g.name);
  assert.equal(ls(GUEST_DATA), 'A A2 lost+found', 'A2 is there, B2 is not, and the filesystem is still mounted (memory restored)');
  assert.equal(ls('/tmp/after'), '', 'memory is as it was at the snapshot');
  assert.ok(existsSync(mem), 'the memory file is kept');
  console.log(`timing: revert with memory ${memRevertMs} ms`);
  const tree = await api.call('snapshot.list', { host: 'local', domain: g.name });
  assert.equal(tree.nowAfter, 'm1');

  // 3. Deletes. d1 is no longer in the chain (reverted away from): only its record goes, every file stays.
  await api.call('inventory.refresh', { host: 'local' });
  const before = filesIn(g.dir);
  const d1 = await api.call('ops.plan', { op: { kind: 'snapshot.delete', host: 'local', request: { domain: g.name, name: 'd1' } } });
  assert.ok(d1.steps[0]?.argv.includes('--metadata'), JSON.stringify(d1.steps));
  assert.equal((await api.run({ kind: 'snapshot.delete', host: 'local', request: { domain: g.name, name: 'd1' } })).state, 'succeeded');
  assert.deepEqual(filesIn(g.dir), before, 'no file deleted');

  // A new disk-only snapshot s3 sits in the chain: its commit would write into the file it froze.
  await api.call('inventory.refresh', { host: 'local' });
  assert.equal((await api.run({ kind: 'snapshot.create', host: 'local', request: { domain: g.name, name: 's3', diskOnly: true } })).state, 'succeeded');
  await api.call('inventory.refresh', { host: 'local' });
  const s3 = (await api.call('snapshot.list', { host: 'local', domain: g.name })).snapshots.find((x) => x.name === 's3');
  const s3Base = s3?.disks[0]?.base ?? '';
  const s3Overlay = s3?.disks[0]?.overlay ?? '';
  // Another image backed by that file (in a pool, as another VM's disk would be): the delete is refused, naming it.
  const pool = `spindle-snaprev-${process.pid}`;
  virsh(bed, 'pool-create-as', pool, 'dir', '--target', g.dir);
  s.defer(() => virsh(bed, 'pool-destroy', pool));
  const stray = path.join(g.dir, `other-${process.pid}.qcow2`);
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'qcow2', '-b', s3Base, stray]);
  virsh(bed, 'pool-refresh', pool);
  await api.call('inventory.refresh', { host: 'local' });
  const refused = await api.svc.dispatch('ops.plan', { op: { kind: 'snapshot.delete', host: 'local', request: { domain: g.name, name: 's3' } } });
  assert.equal(refused.ok, false);
  if (!refused.ok) {
    assert.equal(refused.error.msg?.key, 'snapshots.delete.inUse');
    assert.ok(refused.error.message.includes(stray), refused.error.message);
  }
  // Nothing else backed by it: libvirt commits s3 into its base and removes the overlay, through the CLI.
  execFileSync('rm', ['-f', '--', stray]);
  virsh(bed, 'pool-refresh', pool);
  await cliWithLocalHost(s);
  t0 = Date.now();
  const del = await cli(['snapshot', 'delete', '--host', 'local', '--vm', g.name, '--name', 's3']);
  const deleteMs = Date.now() - t0;
  assert.equal(del.code, 0, del.err + del.out);
  assert.equal(existsSync(s3Overlay), false, 'the committed overlay is removed');
  assert.ok(existsSync(s3Base), 'its base stays');
  assert.match(virsh(bed, 'domblklist', g.name), new RegExp(s3Base.replace(/[.]/g, '\\.')));
  assert.equal(ls(GUEST_DATA), 'A A2 lost+found');
  console.log(`timing: delete by commit (CLI process) ${deleteMs} ms`);
});
