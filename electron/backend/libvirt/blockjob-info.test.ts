import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockJobFraction, parseBlockJobInfo } from './blockjob-info.ts';

test('blockjob --info --raw of a copy (libvirt 9.0 text) gives its type and cur/end', () => {
  const info = parseBlockJobInfo(' type=Block Copy\n bandwidth=4\n cur=16777216\n end=67108864\n\n');
  assert.deepEqual(info, { type: 'Block Copy', cur: 16777216, end: 67108864 });
  assert.equal(blockJobFraction(info!), 0.25);
});

test('no job prints nothing: null; a job that has not measured its work is at 0', () => {
  assert.equal(parseBlockJobInfo('\n'), null);
  assert.equal(parseBlockJobInfo(''), null);
  assert.equal(blockJobFraction({ type: 'Active Block Commit', cur: 0, end: 0 }), 0);
  assert.equal(parseBlockJobInfo(' type=Block Pull\n cur=x\n end=10\n'), null);
});
