import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockStatsByTarget, displayWidth, parseDomStats, parseNameList, unescapeVirshTable } from './parse-text.ts';

test('name lists drop padding and blank lines', () => {
  assert.deepEqual(parseNameList('default-pool        \nmy pool \n\n'), ['default-pool', 'my pool']);
});

test('display width counts CJK and emoji as two columns, zero-width as none', () => {
  assert.equal(displayWidth('abc'), 3);
  assert.equal(displayWidth('数据'), 4);
  assert.equal(displayWidth('🚀'), 2);
  assert.equal(displayWidth('a\u200bb'), 2);
  assert.equal(displayWidth('e\u0301'), 1);
});

test('virsh table escapes decode back to the exact bytes', () => {
  assert.equal(unescapeVirshTable("$'\\x5cx41'"), "$'\\x41'");
  assert.equal(unescapeVirshTable('a\\x0ab'), 'a\nb');
  assert.equal(unescapeVirshTable('back\\slash'), 'back\\slash');
  assert.equal(unescapeVirshTable('\\xe6\\x95\\xb0'), '数');
});

test('domstats blocks keyed by target name', () => {
  const stats = parseDomStats(
    "Domain: 'vm a'\n  block.count=2\n  block.0.name=vda\n  block.0.capacity=67108864\n  block.0.allocation=0\n  block.0.physical=204800\n  block.1.name=vdb\n  block.1.path=/p/o.qcow2\n\nDomain: 'it's'\n  block.count=0\n",
  );
  assert.deepEqual([...stats.keys()], ['vm a', "it's"]);
  const b = blockStatsByTarget(stats.get('vm a') ?? new Map());
  assert.deepEqual(b.get('vda'), { name: 'vda', capacity: 67108864, allocation: 0, physical: 204800 });
  assert.deepEqual(b.get('vdb'), { name: 'vdb', path: '/p/o.qcow2' });
});
