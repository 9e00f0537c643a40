// Many SSH connections at once: sshd's MaxStartups throttling drops some of
// them before authentication ("Connection lost before handshake"). Spindle
// tries such a handshake again with jittered backoff (never the command: it
// had not run), so every one of them gets through.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handshakeRetryDelay } from '../../electron/backend/transport/ssh-runner.ts';
import { spawnCli } from './cli-process.ts';
import { bedTest, configDir, hostSession, sshHostFlags, tempSshd } from './fixtures.ts';
import { isolatedKeyStore, sshHost } from './testbed.ts';

test('jittered handshake retry delays: doubling from 100 ms, capped, spread by half either way', () => {
  assert.equal(handshakeRetryDelay(1, () => 0.5), 100);
  assert.equal(handshakeRetryDelay(3, () => 0.5), 400);
  assert.equal(handshakeRetryDelay(10, () => 0.5), 2000);
  assert.equal(handshakeRetryDelay(2, () => 0), 100);
  assert.equal(handshakeRetryDelay(2, () => 0.999), 300);
});

bedTest('20 connections at once through a throttling sshd (MaxStartups 3:50:10) all get through', async (s) => {
  const { t, bed } = s;
  const dir = configDir(s);
  // Beyond 3 unauthenticated connections sshd drops half of the new ones, all of them beyond 10.
  const sshd = await tempSshd(s, ['testbed'], ['MaxStartups 3:50:10']);
  const sessions = Array.from({ length: 20 }, (_, i) => hostSession(s, sshHost(bed, { name: `h${i}`, port: sshd.port }), { hostKeys: isolatedKeyStore(dir) }));
  const started = Date.now();
  const results = await Promise.allSettled(sessions.map((session) => session.check()));
  const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason?.message));
  t.diagnostic(`20 parallel connections: ${20 - failed.length} connected in ${Date.now() - started} ms`);
  assert.deepEqual(failed, [], 'no connection is lost to the throttling');
});

bedTest('20 `spindle inventory --host ssh` at once (sshd defaults) all succeed', async (s) => {
  const { t, bed } = s;
  const dir = configDir(s);
  const sshd = await tempSshd(s, ['testbed']);
  const add = spawnCli(dir, ['hosts', 'add', 'ssh', ...sshHostFlags(bed, sshd.port), '--uri', bed.uri]);
  assert.equal(await add.exited, 0, add.lines.map((l) => l.text).join('\n'));
  const started = Date.now();
  const runs = Array.from({ length: 20 }, () => spawnCli(dir, ['inventory', '--host', 'ssh', '--json']));
  const codes = await Promise.all(runs.map((r) => r.exited));
  const failures = runs.filter((_, i) => codes[i] !== 0).map((r) => r.lines.filter((l) => l.stream === 'err').map((l) => l.text).join(' '));
  t.diagnostic(`20 parallel CLI inventories: ${20 - failures.length} succeeded in ${Date.now() - started} ms`);
  assert.deepEqual(failures, []);
  for (const r of runs) assert.ok(JSON.parse(r.lines.filter((l) => l.stream === 'out').map((l) => l.text).join('\n')).domains.some((d: { name: string }) => d.name === bed.runningVm));
});
