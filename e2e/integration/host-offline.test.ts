// A saved SSH host whose sshd goes away is reported "reconnecting" with a
// reason at once, and comes back by itself when sshd returns, with no manual
// refresh.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { SpindleService } from '../../electron/backend/service/spindle-service.ts';
import type { ErrorInfo } from '../../shared/core/errors.ts';
import { hostFingerprint, requireTestbed, sshHost, tempConfigDir, waitFor } from './testbed.ts';

function sshd(action: 'start' | 'stop'): void {
  execFileSync('bash', ['e2e/testbed/sshd.sh', action], { stdio: 'ignore' });
}

test('sshd stops: the host turns reconnecting with a reason; sshd starts: it comes back online', async (t) => {
  const bed = requireTestbed(t);
  if (!bed) return;
  const cfg = tempConfigDir();
  const s = new SpindleService({ configDir: cfg.dir, addLocalHost: false, knownHostsFiles: [] });
  const statuses: Array<{ status: string; error: ErrorInfo | null }> = [];
  s.on('event', (e: string, p: { host: string; status: string; error: ErrorInfo | null }) => {
    if (e === 'host-status' && p.host === 'loopback') statuses.push(p);
  });
  try {
    await s.init();
    const added = await s.dispatch('hosts.add', { config: sshHost(bed), acceptFingerprint: hostFingerprint(bed) });
    assert.ok(added.ok, JSON.stringify(added));
    await waitFor(() => s.entries().find((h) => h.config.name === 'loopback')?.status === 'online', 10_000);

    sshd('stop');
    // Existing sessions survive a stopped listener; kill them as a network drop would.
    execFileSync('pkill', ['-KILL', '-f', `^sshd: ${bed.ssh.user}`]);
    const lost = await waitFor(() => statuses.find((x) => x.status === 'reconnecting' && x.error), 15_000);
    assert.ok(lost.error?.message, 'the reconnecting state carries a reason');
    t.diagnostic(`reconnecting reason: ${lost.error?.message}`);

    sshd('start');
    const t0 = Date.now();
    await waitFor(() => s.entries().find((h) => h.config.name === 'loopback')?.status === 'online', 30_000, 100);
    t.diagnostic(`back online ${Date.now() - t0} ms after sshd restarted`);
    const again = await s.dispatch('inventory.refresh', { host: 'loopback' });
    assert.ok(again.ok && again.result.domains.some((d) => d.name === bed.runningVm));
  } finally {
    sshd('start');
    await s.close();
    cfg.cleanup();
  }
});
