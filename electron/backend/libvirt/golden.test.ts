// Parsers against real virsh output recorded from the test bed
// (e2e/testbed/capture-golden.sh). Expected results live beside the inputs as
// *.expected.json; UPDATE_GOLDEN=1 rewrites them (review the diff!).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseDomainXml } from './parse-domain.ts';
import { parsePoolXml, parseVolumeXml } from './parse-storage.ts';
import { blockStatsByTarget, parseDomStats, parseVolList } from './parse-text.ts';

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
