// Moving a running scratch guest's disk to a dir pool of the test's own while
// the guest writes: Cancel mid-copy (throttled with bandwidthMiBs so the copy
// takes seconds) leaves the original in use and intact and removes the new
// volume; the full move pivots to the new file, the saved definition follows,
// and the data the guest wrote reads back the same.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { bedTest, scratchGuest, service } from './fixtures.ts';
import { guestExec, guestSpawn, virsh, waitFor } from './testbed.ts';

const sum = (bed: Parameters<typeof guestExec>[0], vm: string): string => guestExec(bed, 'sh', ['-c', 'sync; sha256sum /root/known.bin | cut -d" " -f1'], vm).trim();

for (const via of ['local', 'ssh'] as const) bedTest(`disk.move (${via}): cancel mid-copy keeps the original, then a full move pivots with the data intact`, async (s) => {
  const { bed } = s;
  const host = via === 'ssh' ? 'loopback' : 'local';
  const g = scratchGuest(s, `bjmove${via}`);
  const pool = `spindle-bj-${via}-${process.pid}`;
  const dir = path.join(g.dir, 'p2');
  mkdirSync(dir, { mode: 0o755, recursive: true });
  execFileSync('virsh', ['-q', '-c', bed.uri, 'pool-define-as', pool, 'dir', '--target', dir]);
  s.defer(() => {
    execFileSync('virsh', ['-q', '-c', bed.uri, 'pool-destroy', pool], { stdio: 'ignore' });
    execFileSync('virsh', ['-q', '-c', bed.uri, 'pool-undefine', pool], { stdio: 'ignore' });
  });
  execFileSync('virsh', ['-q', '-c', bed.uri, 'pool-start', pool]);
  // A known file, then a writer that keeps the disk busy during the jobs.
  guestExec(bed, 'sh', ['-c', 'dd if=/dev/urandom of=/root/known.bin bs=1M count=8 2>/dev/null; sync'], g.name);
  const before = sum(bed, g.name);
  guestSpawn(bed, 'i=0; while true; do echo "$i" >> /root/loop.txt; i=$((i+1)); sync; sleep 0.05; done', g.name);
  const api = await service(s, via);
  await api.call('inventory.refresh', { host });

  const t0 = Date.now();
  const job = await api.call('ops.start', { op: { kind: 'disk.move', host, request: { domain: g.name, target: 'vda', pool, bandwidthMiBs: 4 } } });
  const copying = await waitFor(() => {
    const j = api.svc.jobs.get(job.id);
    return j && (j.state !== 'running' || (j.step === 1 && (j.progress ?? 0) > 0.1)) ? j : null;
  }, 60_000, 100);
  assert.equal(copying.state, 'running', JSON.stringify(copying));
  const tc = Date.now();
  api.svc.jobs.cancel(job.id);
  const end = await api.svc.jobs.wait(job.id);
  const cancelMs = Date.now() - t0;
  // The copy is aborted at once, not left to finish (64 MiB at 4 MiB/s would take 16 s).
  assert.ok(Date.now() - tc < 8000, `cancel took ${Date.now() - tc} ms`);
  assert.equal(end.state, 'cancelled', JSON.stringify(end));
  assert.match(virsh(bed, 'domblklist', g.name), new RegExp(g.vda.replace(/[.]/g, '\\.')));
  assert.equal(existsSync(path.join(dir, path.basename(g.vda))), false, 'the new volume is removed');
  assert.equal(virsh(bed, 'blockjob', g.name, 'vda', '--info', '--raw').trim(), '');
  assert.equal(sum(bed, g.name), before);

  await api.call('inventory.refresh', { host });
  const t1 = Date.now();
  const moved = await api.run({ kind: 'disk.move', host, request: { domain: g.name, target: 'vda', pool } });
  const moveMs = Date.now() - t1;
  assert.equal(moved.state, 'succeeded', JSON.stringify(moved));
  const dest = path.join(dir, path.basename(g.vda));
  assert.match(virsh(bed, 'domblklist', g.name), new RegExp(dest.replace(/[.]/g, '\\.')));
  assert.match(virsh(bed, 'dumpxml', '--inactive', g.name), new RegExp(`source file='${dest.replace(/[.]/g, '\\.')}'`));
  assert.ok(existsSync(g.vda), 'the old file is left in place');
  assert.equal(sum(bed, g.name), before);
  console.log(`timing (${via}): cancelled move after ${cancelMs} ms; full move (64 MiB disk) ${moveMs} ms`);
});
