// The test bed's own sshd script, on the real sshd: every SSH spec depends on it,
// and once it silently left no sshd at all (a stale pid file from an earlier boot
// named another live process, which got SIGHUP instead of an sshd being started).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bedTest } from './fixtures.ts';

const SCRIPT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../testbed/sshd.sh');

function sshdStart(state: string): string {
  return execFileSync('bash', [SCRIPT, 'start', state], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function answers(port: number): boolean {
  try {
    execFileSync('ssh-keyscan', ['-T', '2', '-p', String(port), '-t', 'ed25519', '127.0.0.1'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

bedTest('sshd.sh start: a stale pid file naming another live process starts sshd and leaves that process alone', async (s) => {
  const pidFile = s.bed.ssh.sshdPidFile;
  const state = path.dirname(path.dirname(pidFile));
  // Whatever happens below, the test bed's sshd is running afterwards.
  s.defer(() => sshdStart(state));

  process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
  for (let i = 0; i < 50 && answers(s.bed.ssh.port); i++) execFileSync('sleep', ['0.1']);
  assert.equal(answers(s.bed.ssh.port), false, 'the test sshd did not stop');

  // The stranger: a process that dies of SIGHUP, as most do.
  const stranger = spawn('sleep', ['600'], { stdio: 'ignore' });
  s.defer(() => stranger.kill());
  writeFileSync(pidFile, `${stranger.pid}\n`);

  const out = sshdStart(state);
  assert.match(out, /listening on 127\.0\.0\.1:/);
  await new Promise((r) => setTimeout(r, 200)); // lets a signal sent to the stranger be seen here
  assert.equal(stranger.exitCode, null, 'sshd.sh signalled a process that is not its sshd');
  assert.equal(stranger.signalCode, null, 'sshd.sh signalled a process that is not its sshd');
  assert.ok(answers(s.bed.ssh.port), 'nothing answers on the test sshd port');
  const pid = Number(readFileSync(pidFile, 'utf8'));
  assert.notEqual(pid, stranger.pid);
  assert.equal(readFileSync(`/proc/${pid}/comm`, 'utf8').trim(), 'sshd');
});
