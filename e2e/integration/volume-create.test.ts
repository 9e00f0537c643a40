// `spindle volume create` against the real test pool: the dry-run script is
// exactly what runs (running it by hand creates the same volume), layered
// qcow2 volumes get their backing chain, and bad requests change nothing.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { bedTest, cliWithLocalHost } from './fixtures.ts';
import { cli, virsh } from './testbed.ts';

function volumes(pool: string): string[] {
  virsh({ uri: 'qemu:///system' } as never, 'pool-refresh', pool);
  return execFileSync('virsh', ['-q', '-c', 'qemu:///system', 'vol-list', pool], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

bedTest('volume create: dry-run script, layered qcow2, refusals', async (s) => {
  const { bed } = s;
  await cliWithLocalHost(s);
  const made: string[] = [];
  s.defer(() => made.forEach((v) => virsh(bed, 'vol-delete', '--pool', bed.pool, v)));
  const base = ['volume', 'create', '--host', 'local', '--pool', bed.pool];

  // Dry run: prints the script, creates nothing.
  const dry = await cli([...base, '--name', 'dry.qcow2', '--capacity', '40M', '--backing', 'base.qcow2', '--dry-run']);
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, /'vol-create' '--pool' 'spindle-test-pool' '--file' '\/dev\/stdin' <<'SPINDLE_EOF'/);
  assert.ok(!volumes(bed.pool).includes('dry.qcow2'), 'a dry run creates nothing');
  // ...and the script does exactly what Spindle would do.
  execFileSync('sh', ['-c', dry.out]);
  made.push('dry.qcow2');
  assert.ok(volumes(bed.pool).includes('dry.qcow2'), 'the exported script creates the volume');

  const real = await cli([...base, '--name', 'layered.qcow2', '--capacity', '48M', '--backing', 'base.qcow2', '--json']);
  assert.equal(real.code, 0, real.err);
  made.push('layered.qcow2');
  const created = JSON.parse(real.out).created;
  assert.equal(created.format, 'qcow2');
  assert.equal(created.capacity, 48 * 1024 * 1024);
  assert.equal(created.backingChain[0].path, `${bed.poolPath}/base.qcow2`);
  const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', '-U', `${bed.poolPath}/layered.qcow2`], { encoding: 'utf8' }));
  assert.equal(info['backing-filename'], `${bed.poolPath}/base.qcow2`, 'qemu-img agrees on the backing file');

  const meta = await cli([...base, '--name', 'meta.qcow2', '--capacity', '16M', '--allocation', 'metadata']);
  assert.equal(meta.code, 0, meta.err);
  made.push('meta.qcow2');

  const dup = await cli([...base, '--name', 'layered.qcow2', '--capacity', '48M']);
  assert.equal(dup.code, 1);
  assert.match(dup.err, /already has a volume named "layered.qcow2"/);
  const huge = await cli([...base, '--name', 'huge.raw', '--format', 'raw', '--capacity', '100T', '--allocation', 'full']);
  assert.equal(huge.code, 1);
  assert.match(huge.err, /does not fit/);
  const bad = await cli([...base, '--name', 'bad\nname', '--capacity', '1M']);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /control character/);
  const names = volumes(bed.pool);
  assert.ok(!names.includes('huge.raw') && !names.some((n) => n.startsWith('bad')), 'refused requests changed nothing');
});
