import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpindleError } from '../../../shared/core/errors.ts';
import { LocalRunner } from './local-runner.ts';

test('arguments reach the program untouched (no shell)', async () => {
  const r = await new LocalRunner().run(['printf', '%s|', '$(id)', 'a b', "'", '*']);
  assert.equal(r.stdout, "$(id)|a b|'|*|");
  assert.equal(r.code, 0);
});

test('stdin is delivered and exit codes reported', async () => {
  const r = await new LocalRunner().run(['sh', '-c', 'cat; exit 3'], { stdin: 'hello' });
  assert.equal(r.stdout, 'hello');
  assert.equal(r.code, 3);
});

test('a command that overruns its timeout is killed with TIMEOUT', async () => {
  const t0 = Date.now();
  await assert.rejects(new LocalRunner().run(['sleep', '5'], { timeoutMs: 200 }), (e: unknown) => e instanceof SpindleError && e.code === 'TIMEOUT' && !!e.hint);
  assert.ok(Date.now() - t0 < 2000);
});

test('cancel through an AbortSignal', async () => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(new LocalRunner().run(['sleep', '5'], { signal: ac.signal }), (e: unknown) => e instanceof SpindleError && e.code === 'CANCELLED');
});

test('a missing program is COMMAND_NOT_FOUND naming its package', async () => {
  await assert.rejects(new LocalRunner().run(['qemu-img-does-not-exist']), (e: unknown) => e instanceof SpindleError && e.code === 'COMMAND_NOT_FOUND');
  const r = new LocalRunner();
  const orig = process.env.PATH;
  process.env.PATH = '/nonexistent';
  try {
    await assert.rejects(r.run(['virsh', 'uri']), (e: unknown) => e instanceof SpindleError && e.code === 'COMMAND_NOT_FOUND' && /libvirt-clients/.test(e.hint ?? ''));
  } finally {
    process.env.PATH = orig;
  }
});

test('streams deliver lines and end', async () => {
  const s = await new LocalRunner().stream(['sh', '-c', 'printf "a\\nb\\r\\nc"']);
  const lines: string[] = [];
  s.onLine((l) => lines.push(l));
  const reason = await new Promise<string>((resolve) => s.onEnd(resolve));
  assert.deepEqual(lines, ['a', 'b', 'c']);
  assert.match(reason, /exited \(0\)/);
});
