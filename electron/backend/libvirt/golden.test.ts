// Parsers against real virsh output recorded from the test bed
// (e2e/testbed/capture-golden.sh). Expected results live beside the inputs as
// *.expected.json; UPDATE_GOLDEN=1 rewrites them (review the diff!).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fillDiskSizes, loadDomain, parseBlkInfo, parseBlkInfoTable } from './inventory.ts';
import { parseDomainXml } from './parse-domain.ts';
import { parsePoolXml, parseVolumeXml } from './parse-storage.ts';
import { blockStatsByTarget, parseDomStats, parseVolList } from './parse-text.ts';
import type { VirshExecutor } from './virsh.ts';

const dir = new URL('./testdata/', import.meta.url).pathname;
const read = (f: string): string => readFileSync(dir + f, 'utf8');

function golden(name: string, actual: unknown): void {
  const file = `${dir}${name}.expected.json`;
  const json = JSON.stringify(actual, null, 2) + '\n';
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI === 'true') assert.fail(`golden file ${name}.expected.json missing`);
    writeFileSync(file, json);
  }
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')));
}

test('running domain with a qcow2 backing chain', () => {
  const d = parseDomainXml(read('domain-running.xml'), { state: 'running', autostart: false, persistent: true });
  assert.equal(d.disks[1]?.backingChain[0]?.path, '/var/lib/spindle-testbed/pool/base.qcow2');
  assert.equal(d.disks[0]?.backingChain.length, 0, 'an empty <backingStore/> ends the chain');
  golden('domain-running', d);
});

test('shut-off domain', () => {
  golden('domain-shutoff', parseDomainXml(read('domain-shutoff.xml'), { state: 'shutoff', autostart: false, persistent: true }));
});

test('dir pool, active and inactive', () => {
  golden('pool-dir', parsePoolXml(read('pool-dir.xml'), { active: true, autostart: true }));
  golden('pool-inactive', parsePoolXml(read('pool-inactive.xml'), { active: false, autostart: false }));
});

test('qcow2 volume with a backing file', () => {
  const v = parseVolumeXml(read('volume-overlay.xml'), 'spindle-test-pool');
  assert.equal(v.format, 'qcow2');
  assert.equal(v.capacity, 32 * 1024 * 1024);
  golden('volume-overlay', v);
});

test('domstats --block of every domain', () => {
  const stats = parseDomStats(read('domstats-block.txt'));
  golden('domstats-block', Object.fromEntries([...stats].map(([dom, m]) => [dom, Object.fromEntries(blockStatsByTarget(m))])));
});

test('vol-list with hostile names round-trips every name exactly', () => {
  const expected = ["$'\\x41'", '--bar', 'a\nb', 'emoji🚀disk', "x'y $(touch pwn) `id`;ü", '数据盘'];
  assert.deepEqual(parseVolList(read('vol-list-hostile.txt')).map((r) => r.name), expected);
  assert.deepEqual(parseVolList(read('vol-list-hostile.txt'), '/default-pool').map((r) => r.name), expected);
  assert.equal(parseVolList(read('vol-list-hostile.txt'))[5]?.path, '/default-pool/数据盘');
});

// Bug 8: a running VM's qcow2 disks showed Allocation "0 B": domstats'
// block.N.allocation is the highest offset written (0 here), while
// `virsh domblkinfo` (recorded beside it: domblkinfo-vda.txt, -all.txt)
// reports what the host really allocated, domstats' block.N.physical.
test('disk sizes of a running domain are the ones virsh domblkinfo reports', () => {
  const dom = parseDomainXml(read('domain-running.xml'), { state: 'running', autostart: false, persistent: true });
  const overlay = parseVolumeXml(read('volume-overlay.xml'), 'spindle-test-pool');
  const stats = parseDomStats(read('domstats-block.txt')).get('spindle-test-vm');
  fillDiskSizes(dom, stats, new Map([[overlay.path, overlay]]), new Map([[`${overlay.pool}/${overlay.name}`, overlay]]));
  const [vda, vdb] = dom.disks;
  const info = parseBlkInfo(read('domblkinfo-vda.txt'));
  assert.equal(stats?.get('block.0.allocation'), '0', 'the recording has the highest-offset allocation at 0');
  assert.deepEqual({ capacity: vda?.capacity, allocation: vda?.allocation }, { capacity: info.capacity, allocation: info.allocation });
  assert.equal(vda?.allocation, 204800);
  // vda is no pool volume: its size on the host comes from domblkinfo (loadDomain / the inventory's batch).
  assert.equal(vda?.physical, undefined);
  // vdb is a pool volume: the host's allocation (domstats physical), the file's size from the volume.
  assert.deepEqual({ capacity: vdb?.capacity, allocation: vdb?.allocation, physical: vdb?.physical }, { capacity: 33554432, allocation: 204800, physical: overlay.physical });
});

test('domblkinfo --all table', () => {
  const table = parseBlkInfoTable(read('domblkinfo-all.txt'));
  assert.deepEqual(table.get('vda'), parseBlkInfo(read('domblkinfo-vda.txt')));
  assert.ok(table.has('vdb'), 'every row, not only the first');
  for (const [target, info] of table) assert.ok(info.capacity && info.allocation && info.physical, `${target}: three sizes`);
  assert.deepEqual(parseBlkInfoTable(' Target   Capacity   Allocation   Physical\n--------------------------------------------\n hdc      -          -            -\n\n').get('hdc'), {});
  assert.equal(parseBlkInfoTable('').size, 0);
});

test('one domain re-read after an event: sizes of a disk that is no volume come from domblkinfo in the same batch', async () => {
  const answers: Record<string, string> = {
    'list --all --name': 'spindle-test-vm\n',
    'list --state-running --name': 'spindle-test-vm\n',
    'dumpxml --domain spindle-test-vm': read('domain-running.xml'),
    'domstats --block --domain spindle-test-vm': read('domstats-block.txt').split('\n\n').find((b) => b.includes("'spindle-test-vm'")) ?? '',
    'dumpxml --inactive --domain spindle-test-vm': read('domain-running.xml'),
    'domblkinfo --domain spindle-test-vm --all': read('domblkinfo-all.txt'),
  };
  const batches: string[][][] = [];
  const virsh: VirshExecutor = {
    uri: 'qemu:///system',
    where: 'local',
    exec: () => Promise.reject(new Error('not used')),
    batch: (cmds) => {
      batches.push(cmds.map((c) => [...c]));
      return Promise.resolve({ outputs: cmds.map((c) => answers[c.join(' ')] ?? ''), errors: '' });
    },
    stream: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
  const overlay = parseVolumeXml(read('volume-overlay.xml'), 'spindle-test-pool');
  const dom = await loadDomain(virsh, 'spindle-test-vm', [overlay]);
  assert.equal(batches.length, 1, 'one round trip');
  const vda = dom?.disks[0];
  assert.deepEqual({ capacity: vda?.capacity, allocation: vda?.allocation, physical: vda?.physical }, { capacity: 67108864, allocation: 204800, physical: 196616 });
  // A pool volume keeps the volume's file size, not the table's (newer) numbers.
  assert.equal(dom?.disks[1]?.physical, overlay.physical);
});
