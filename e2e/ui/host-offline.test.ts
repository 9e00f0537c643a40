// Through the real UI: an SSH host whose sshd stops turns "reconnecting" in
// the tree at once, with the reason on hover, and comes back online by itself
// when sshd returns.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { hostFingerprint, sshHost } from '../integration/testbed.ts';
import { screenshot, uiTest, waitUntil } from './harness.ts';

function sshd(action: 'start' | 'stop'): void {
  execFileSync('bash', ['e2e/testbed/sshd.sh', action], { stdio: 'ignore' });
}

uiTest('stop sshd: the host turns reconnecting with a reason; start it: the host comes back', async (s) => {
  const { t, ui, page, bed } = s;
  const { server } = ui;
  s.defer(() => sshd('start'));
  const added = await server.service.dispatch('hosts.add', { config: sshHost(bed, { name: 'loopback' }), acceptFingerprint: hostFingerprint(bed) });
  assert.ok(added.ok, JSON.stringify(added));
  const hostItem = page.locator('[role="treeitem"][data-kind="host"][data-host="loopback"]');
  await hostItem.waitFor();
  const title = async (): Promise<string> => (await hostItem.getAttribute('title')) ?? '';
  await waitUntil('loopback online', async () => /online/i.test(await title()));
  // Its inventory arrives by event: the test VM shows up under it.
  await page.locator('[role="treeitem"][data-host="loopback"]').filter({ hasText: bed.runningVm }).first().waitFor({ timeout: 20_000 });

  sshd('stop');
  execFileSync('pkill', ['-KILL', '-f', `^sshd: ${bed.ssh.user}`]);
  const offlineTitle = await waitUntil('loopback reconnecting with a reason', async () => {
    const s = await title();
    return /reconnecting/i.test(s) && /ECONNREFUSED|lost|reach/i.test(s) ? s : null;
  });
  t.diagnostic(`tree tooltip while reconnecting: ${offlineTitle.replace(/\n/g, ' | ')}`);
  await hostItem.click();
  await screenshot(page, 'host-reconnecting-light-en');

  sshd('start');
  await waitUntil('loopback back online', async () => /online/i.test(await title()), 30_000);
  await screenshot(page, 'host-back-online-light-en');
  assert.deepEqual(ui.errors, []);
});
