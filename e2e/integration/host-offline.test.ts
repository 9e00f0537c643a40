// A saved SSH host whose sshd goes away is reported "reconnecting" with a
// reason at once, and comes back by itself when sshd returns, with no manual
// refresh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { ErrorInfo } from '../../shared/core/errors.ts';
import { bedTest, service } from './fixtures.ts';
import { waitFor } from './testbed.ts';

function sshd(action: 'start' | 'stop'): void {
  execFileSync('bash', ['e2e/testbed/sshd.sh', action], { stdio: 'ignore' });
}

bedTest('sshd stops: the host turns reconnecting with a reason; sshd starts: it comes back online', async (s) => {
  const { t, bed } = s;
  const { svc } = await service(s, 'ssh');
  s.defer(() => sshd('start'));
  const statuses: Array<{ status: string; error: ErrorInfo | null }> = [];
  svc.on('event', (e: string, p: { host: string; status: string; error: ErrorInfo | null }) => {
    if (e === 'host-status' && p.host === 'loopback') statuses.push(p);
  });
  await waitFor(() => svc.entries().find((h) => h.config.name === 'loopback')?.status === 'online', 10_000);

  sshd('stop');
  // Existing sessions survive a stopped listener; kill them as a network drop would.
  execFileSync('pkill', ['-KILL', '-f', `^sshd: ${bed.ssh.user}`]);
  const lost = await waitFor(() => statuses.find((x) => x.status === 'reconnecting' && x.error), 15_000);
  assert.ok(lost.error?.message, 'the reconnecting state carries a reason');
  t.diagnostic(`reconnecting reason: ${lost.error?.message}`);

  sshd('start');
  const t0 = Date.now();
  await waitFor(() => svc.entries().find((h) => h.config.name === 'loopback')?.status === 'online', 30_000, 100);
  t.diagnostic(`back online ${Date.now() - t0} ms after sshd restarted`);
  const again = await svc.dispatch('inventory.refresh', { host: 'loopback' });
  assert.ok(again.ok && again.result.domains.some((d) => d.name === bed.runningVm));
});
