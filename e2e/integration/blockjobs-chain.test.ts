// Pull and commit on a running scratch guest through the CLI: an external
// disk-only snapshot makes an overlay (a chain of two), `spindle disk pull`
// flattens it (the base leaves the chain as qemu-img reads it), a second
// overlay is committed down with `spindle disk commit` (the disk back on the
// lower file), the guest's data the same throughout. Nothing is deleted.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { bedTest, cliWithLocalHost, scratchGuest } from './fixtures.ts';
import { cli, guestExec, virsh } from './testbed.ts';

/** The chain's files as qemu-img reads it, top first. */
const chainOf = (file: string): string[] =>
  (JSON.parse(execFileSync('qemu-img', ['info', '-U', '--backing-chain', '--output=json', file], { encoding: 'utf8' })) as Array<{ filename: string }>).map((l) => l.filename);

bedTest('disk pull flattens an overlay chain and disk commit commits a layer down (CLI, running guest)', async (s) => {
  const { bed } = s;
  const g = scratchGuest(s, 'bjchain');
  await cliWithLocalHost(s);
  guestExec(bed, 'sh', ['-c', 'dd if=/dev/urandom of=/root/known.bin bs=1M count=4 2>/dev/null; sync'], g.name);
  const sum = () => guestExec(bed, 'sh', ['-c', 'sync; sha256sum /root/known.bin | cut -d" " -f1'], g.name).trim();
  const before = sum();
  const ov1 = `${g.dir}/ov1.qcow2`;
  virsh(bed, 'snapshot-create-as', g.name, '--disk-only', '--no-metadata', '--diskspec', `vda,file=${ov1}`);
  assert.deepEqual(chainOf(ov1), [ov1, g.vda]);

  const chain = await cli(['disk', 'chain', '--host', 'local', '--vm', g.name, '--target', 'vda', '--json']);
  assert.equal(chain.code, 0, chain.err);
  assert.deepEqual((JSON.parse(chain.out) as { layers: Array<{ path: string }> }).layers.map((l) => l.path), [ov1, g.vda]);

  let t = Date.now();
  const pull = await cli(['disk', 'pull', '--host', 'local', '--vm', g.name, '--target', 'vda']);
  const pullMs = Date.now() - t;
  assert.equal(pull.code, 0, pull.err);
  assert.deepEqual(chainOf(ov1), [ov1], 'the base is no longer in the chain');
  assert.ok(existsSync(g.vda), 'the old base is left in place');
  assert.equal(sum(), before);

  const ov2 = `${g.dir}/ov2.qcow2`;
  virsh(bed, 'snapshot-create-as', g.name, '--disk-only', '--no-metadata', '--diskspec', `vda,file=${ov2}`);
  guestExec(bed, 'sh', ['-c', 'echo after-ov2 > /root/new.txt; sync'], g.name);
  t = Date.now();
  const commit = await cli(['disk', 'commit', '--host', 'local', '--vm', g.name, '--target', 'vda']);
  const commitMs = Date.now() - t;
  assert.equal(commit.code, 0, commit.err);
  assert.match(virsh(bed, 'domblklist', g.name), new RegExp(ov1.replace(/[.]/g, '\\.')));
  assert.deepEqual(chainOf(ov1), [ov1]);
  assert.ok(existsSync(ov2), 'the committed top is left in place');
  assert.equal(sum(), before);
  assert.equal(guestExec(bed, 'cat', ['/root/new.txt'], g.name).trim(), 'after-ov2');
  console.log(`timing: disk pull ${pullMs} ms, disk commit ${commitMs} ms (CLI process, 64 MiB disk)`);
});
