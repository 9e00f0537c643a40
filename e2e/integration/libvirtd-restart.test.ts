// libvirtd stops on a watched host: the host turns "reconnecting" with the
// reason (LIBVIRTD_NOT_RUNNING) through its event stream, without any call;
// when libvirtd is back the host is online again by itself, and the running
// guest is still there (QEMU does not depend on libvirtd staying up).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { ErrorInfo } from '../../shared/core/errors.ts';
import { bedTest, hostSession } from './fixtures.ts';
import { localHost, virsh, waitFor } from './testbed.ts';

bedTest('libvirtd stops and comes back: reconnecting with the reason, then online by itself', async (s) => {
  const { bed } = s;
  const session = hostSession(s, localHost(bed), { debounceMs: 50 });
  s.defer(() => {
    execFileSync('bash', ['e2e/testbed/host-setup.sh'], { stdio: 'ignore' });
    // libvirt 9.0 brings a dir pool back as active after a daemon restart when
    // its directory exists, even if it was stopped: put the test bed back.
    if (/running/.test(virsh(bed, 'pool-info', bed.inactivePool))) virsh(bed, 'pool-destroy', bed.inactivePool);
  });
  const seen: Array<{ status: string; error: ErrorInfo | null }> = [];
  session.on('status', (status: string, error: ErrorInfo | null) => seen.push({ status, error }));
  await session.reload();
  await session.watch();
  execFileSync('pkill', ['-x', 'libvirtd']);
  const down = await waitFor(() => seen.find((x) => x.status === 'reconnecting' && x.error?.code === 'LIBVIRTD_NOT_RUNNING'), 20_000, 100);
  assert.match(down.error?.hint ?? '', /libvirtd/);
  execFileSync('bash', ['e2e/testbed/host-setup.sh'], { stdio: 'ignore' });
  await waitFor(() => session.getStatus().status === 'online', 30_000, 100);
  assert.ok(session.getInventory()?.domains.some((d) => d.name === bed.runningVm && d.state === 'running'), 'the guest kept running');
});
