// Against libvirt's real test driver (test:///default), which lives inside the
// virsh process: state must persist across requests of one session.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SpindleError } from '../../../shared/core/errors.ts';
import { LocalRunner } from '../transport/local-runner.ts';
import { loadInventory } from './inventory.ts';
import { parseSessionOutput, VirshSession } from './virsh-session.ts';
import { VirshProcess } from './virsh.ts';

test('session output parsing: echoed commands and prompts are removed', () => {
  const marks = ['M0', 'M1'];
  const out = 'virsh # list --name\ntest\nvirsh # echo -- M0\nM0virsh # dumpxml --domain x\nvirsh # echo -- M1\nM1virsh # ';
  assert.deepEqual(parseSessionOutput(out, ['list --name', 'dumpxml --domain x'], marks), ['test\n', '']);
});

test('a test-driver session keeps state between requests and attributes errors', async (t) => {
  const s = new VirshSession(new LocalRunner(), 'test:///default');
  try {
    const before = await loadInventory(s, 'demo');
    assert.equal(before.domains[0]?.name, 'test');
    assert.equal(before.domains[0]?.state, 'running');
    await s.exec(['destroy', '--domain', 'test']);
    // Concurrent requests are queued, not interleaved.
    const [a, b, c] = await Promise.all([
      s.exec(['list', '--all', '--state-shutoff', '--name']),
      s.exec(['echo', '--', "it's $(x)"]),
      s.exec(['vol-create-as', '--pool', 'default-pool', '--name', '-dash name', '--capacity', '1M']),
    ]);
    assert.match(a, /^test$/m);
    assert.equal(b.trim(), "it's $(x)");
    assert.match(c, /created/);
    const after = await loadInventory(s, 'demo');
    assert.equal(after.domains[0]?.state, 'shutoff', 'the destroy persisted in the session');
    assert.deepEqual(after.pools[0]?.volumes.map((v) => v.name), ['-dash name']);
    await assert.rejects(s.exec(['dumpxml', '--domain', 'nosuch']), (e: unknown) => e instanceof SpindleError && e.code === 'UNKNOWN_DOMAIN');
    // The session still works after an error.
    assert.match(await s.exec(['list', '--all', '--name']), /test/);
    await assert.rejects(s.exec(['echo', 'a\nb']), (e: unknown) => e instanceof SpindleError && e.code === 'INVALID_NAME');
    t.diagnostic(`demo inventory loaded in ${after.durationMs} ms`);
  } finally {
    await s.close();
  }
});

test('a separate virsh process does not see the session state (why the session exists)', async () => {
  const p = new VirshProcess(new LocalRunner(), 'test:///default');
  assert.match(await p.exec(['list', '--state-running', '--name']), /test/);
});

test('batch in one process: per-command outputs, failures leave an empty slot', async () => {
  const p = new VirshProcess(new LocalRunner(), 'test:///default');
  const r = await p.batch([['list', '--all', '--name'], ['dumpxml', '--domain', 'nosuch'], ['echo', '--', 'a b'], ['pool-list', '--all', '--name']]);
  assert.equal(r.outputs[0]?.trim(), 'test');
  assert.equal(r.outputs[1]?.trim(), '');
  assert.equal(r.outputs[2], 'a b\n');
  assert.equal(r.outputs[3]?.trim(), 'default-pool');
  assert.match(r.errors, /failed to get domain 'nosuch'/);
});

test('a batch against an unreachable libvirtd raises the typed error', async () => {
  const p = new VirshProcess(new LocalRunner(), 'qemu:///system?socket=/nonexistent/libvirt-sock');
  await assert.rejects(p.batch([['list', '--all', '--name']]), (e: unknown) => e instanceof SpindleError && e.code === 'LIBVIRTD_NOT_RUNNING' && /Start it/.test(e.hint ?? ''));
  await assert.rejects(p.exec(['uri']), (e: unknown) => e instanceof SpindleError && e.code === 'LIBVIRTD_NOT_RUNNING');
});

test('closing while virsh is still starting stops it: no process is left behind', async () => {
  const runner = new LocalRunner();
  const s = new VirshSession(runner, 'test:///default');
  const pending = s.exec(['list', '--all', '--name']);
  await s.close(); // before virsh has started: close() finds no process yet
  await assert.rejects(pending, (e: unknown) => e instanceof SpindleError && e.code === 'DISCONNECTED');
  // Give a left-over virsh time to show up, then look for it among this process's children.
  await new Promise((r) => setTimeout(r, 300));
  const children = (await runner.run(['pgrep', '-a', '-P', String(process.pid)])).stdout;
  assert.doesNotMatch(children, /virsh --connect test:\/\/\/default/);
});
