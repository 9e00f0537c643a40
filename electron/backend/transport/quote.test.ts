import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { SpindleError } from '../../../shared/core/errors.ts';
import { remoteCommand } from './ssh-runner.ts';
import { shellJoin, shellQuote } from './quote.ts';

const SAMPLES = ['plain', 'a b', "it's", "''", '$(id)', '`id`', 'a;b', 'back\\slash', 'new\nline', 'tab\t', '-n', '数据', '!x', '*', '"q"', ''];

test('shellQuote wraps in single quotes and escapes embedded quotes', () => {
  assert.equal(shellQuote('abc'), "'abc'");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(shellQuote(''), "''");
});

test('a quoted command line gives /bin/sh back exactly the original arguments', () => {
  const line = shellJoin(['printf', '%s\\0', ...SAMPLES]);
  const out = execFileSync('/bin/sh', ['-c', line], { encoding: 'utf8' });
  assert.deepEqual(out.split('\0').slice(0, -1), SAMPLES);
});

test('the remote command forces a UTF-8 locale and puts sudo after env', () => {
  assert.equal(remoteCommand(['virsh', 'list'], true), "'env' 'LC_ALL=C.UTF-8' 'sudo' '-n' '--' 'virsh' 'list'");
  assert.equal(remoteCommand(['virsh'], false), "'env' 'LC_ALL=C.UTF-8' 'virsh'");
});

test('a NUL byte is refused, not truncated', () => {
  assert.throws(() => shellQuote('a\0b'), (e: unknown) => e instanceof SpindleError && e.code === 'INVALID_ARGUMENT');
  assert.throws(() => shellJoin([]), SpindleError);
});
