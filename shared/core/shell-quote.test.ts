// Display quoting: bare when safe, single quotes otherwise; what sh reads back is the argument.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { quoteArg, quoteCommand } from './shell-quote.ts';

test('safe arguments stay bare, others are single-quoted', () => {
  assert.equal(quoteArg('virsh'), 'virsh');
  assert.equal(quoteArg('--connect'), '--connect');
  assert.equal(quoteArg('qemu:///system'), 'qemu:///system');
  assert.equal(quoteArg('/var/lib/x.qcow2'), '/var/lib/x.qcow2');
  assert.equal(quoteArg(''), "''");
  assert.equal(quoteArg('my disk'), "'my disk'");
  assert.equal(quoteArg("it's"), "'it'\\''s'");
  assert.equal(quoteArg('$(rm -rf /)'), "'$(rm -rf /)'");
  assert.equal(quoteArg('数据'), "'数据'");
  assert.equal(quoteCommand(['virsh', 'vol-delete', '--pool', 'p 1', '--vol', 'a;b']), "virsh vol-delete --pool 'p 1' --vol 'a;b'");
});

test('sh reads each quoted argument back exactly', () => {
  const args = ['plain', 'two words', "quote'inside", '$HOME', '`id`', 'back\\slash', 'new\nline', '*', '~user', '!', '-n', 'ünï', ''];
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${quoteCommand(args)}`], { encoding: 'utf8' });
  assert.deepEqual(out.split('\0').slice(0, -1), args);
});
