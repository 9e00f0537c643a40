// libvirtd stops on a watched host: the host turns "reconnecting" with the
// reason (LIBVIRTD_NOT_RUNNING) through its event stream, without any call;
// when libvirtd is back the host is online again by itself, and the running
// guest is still there (QEMU does not depend on libvirtd staying up).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { HostSession } from '../../electron/backend/session/host-session.ts';
import type { ErrorInfo } from '../../shared/core/errors.ts';
import { isolatedKeyStore, localHost, requireTestbed, tempConfigDir, virsh, waitFor } from './testbed.ts';

test('libvirtd stops and comes back: reconnecting with the reason, then online by itself', async (t) => {
  const bed = requireTestbed(t);
  if (!bed) return;
  const cfg = tempConfigDir();
  const s = new HostSession(localHost(bed), { hostKeys: isolatedKeyStore(cfg.dir), debounceMs: 50 });
  const seen: Array<{ status: string; error: ErrorInfo | null }> = [];
  s.on('status', (status: string, error: ErrorInfo | null) => seen.push({ status, error }));
  try {
    await s.reload();
    await s.watch();
    execFileSync('pkill', ['-x', 'libvirtd']);
    const down = await waitFor(() => seen.find((x) => x.status === 'reconnecting' && x.error?.code === 'LIBVIRTD_NOT_RUNNING'), 20_000, 100);
    assert.match(down.error?.hint ?? '', /libvirtd/);
    execFileSync('bash', ['e2e/testbed/host-setup.sh'], { stdio: 'ignore' });
    await waitFor(() => s.getStatus().status === 'online', 30_000, 100);
    assert.ok(s.getInventory()?.domains.some((d) => d.name === bed.runningVm && d.state === 'running'), 'the guest kept running');
  } finally {
    execFileSync('bash', ['e2e/testbed/host-setup.sh'], { stdio: 'ignore' });
    // libvirt 9.0 brings a dir pool back as active after a daemon restart when
    // its directory exists, even if it was stopped: put the test bed back.
    if (/running/.test(virsh(bed, 'pool-info', bed.inactivePool))) virsh(bed, 'pool-destroy', bed.inactivePool);
    await s.close();
    cfg.cleanup();
  }
});
