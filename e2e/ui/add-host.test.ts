// Add Host through the dialog: the loopback sshd with key auth and sudo, the
// first-connection fingerprint step, then the host online with the test VM.
// Also: field validation before sending, and a wrong password shown clearly.
import assert from 'node:assert/strict';
import { hostFingerprint } from '../integration/testbed.ts';
import { fillLoopbackSsh, openLoopbackSshDialog, screenshot, treeItem, uiTest, waitUntil } from './harness.ts';

uiTest('add the loopback SSH host: fingerprint step, trust, online with the test VM', async ({ ui, page, bed }) => {
  const dialog = await fillLoopbackSsh(page, bed, 'loopback');

  // Validation runs before anything is sent.
  await dialog.getByLabel('Port', { exact: true }).fill('99999');
  await dialog.getByRole('button', { name: 'Add host' }).click();
  await dialog.getByText('Enter a port from 1 to 65535.').waitFor();
  assert.equal(await dialog.getByLabel('Port', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByTestId('fingerprint-step').count(), 0);
  await dialog.getByLabel('Port', { exact: true }).fill(String(bed.ssh.port));

  // First contact: the host's fingerprint, to be trusted or not.
  await dialog.getByRole('button', { name: 'Add host' }).click();
  const step = page.getByTestId('fingerprint-step');
  await step.waitFor({ timeout: 30_000 });
  const fp = (await page.getByTestId('fingerprint').textContent())?.trim();
  assert.match(fp ?? '', /^SHA256:/);
  assert.equal(fp, hostFingerprint(bed));
  await step.getByText(`${bed.ssh.host}:${bed.ssh.port}`).first().waitFor();
  await screenshot(page, 'add-host-fingerprint-light-en');
  await dialog.getByRole('button', { name: 'Trust and continue' }).click();

  // Added: the dialog closes, the host is selected, comes online, lists the VM.
  await dialog.waitFor({ state: 'detached', timeout: 60_000 });
  const host = treeItem(page, 'loopback', 'loopback');
  await host.waitFor();
  assert.equal(await host.getAttribute('aria-selected'), 'true');
  await waitUntil('loopback online', async () => (await host.getAttribute('title'))?.includes('Online'), 60_000);
  await treeItem(page, 'loopback', bed.runningVm).waitFor({ timeout: 30_000 });
  await page.getByRole('grid', { name: 'Virtual machines on loopback' }).getByText(bed.runningVm, { exact: true }).waitFor();
  assert.equal(await page.locator('.host-chip[data-host="loopback"]').getAttribute('data-status'), 'online');
  const details = page.getByRole('complementary', { name: 'Details' });
  await details.getByText(bed.ssh.keyPath).waitFor();

  // Same host again with a wrong password: the key is trusted now, the password is not.
  const d2 = await openLoopbackSshDialog(page, bed);
  await d2.getByRole('radio', { name: 'Password' }).check();
  await d2.getByRole('textbox', { name: 'Password', exact: true }).fill('definitely-wrong');
  await d2.getByLabel('Name', { exact: true }).fill('wrong-password');
  await d2.getByRole('button', { name: 'Test connection' }).click();
  const alert = d2.locator('[role="alert"][data-error-code="AUTH_FAILED"]');
  await alert.waitFor({ timeout: 60_000 });
  await alert.getByText('Authentication failed').waitFor();
  assert.equal(await d2.getByRole('textbox', { name: 'Password', exact: true }).getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'add-host-auth-failed-light-en');

  // A host key that differs from the trusted one is refused, naming both fingerprints.
  const real = hostFingerprint(bed);
  const fake = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  await ui.server.service.hostKeys.trust(bed.ssh.host, bed.ssh.port, 'ssh-ed25519', fake);
  await d2.getByRole('radio', { name: 'Key file' }).check();
  await d2.getByLabel('Private key file').fill(bed.ssh.keyPath);
  await d2.getByRole('button', { name: 'Test connection' }).click();
  const changed = d2.locator('[role="alert"][data-error-code="HOST_KEY_CHANGED"]');
  await changed.waitFor({ timeout: 60_000 });
  await changed.getByText('Trusted fingerprint').waitFor();
  await changed.getByText(fake, { exact: true }).waitFor();
  await changed.getByText(real, { exact: true }).waitFor();
  await screenshot(page, 'add-host-key-changed-light-en');
  await ui.server.service.hostKeys.trust(bed.ssh.host, bed.ssh.port, 'ssh-ed25519', real);

  await d2.getByRole('button', { name: 'Cancel' }).click();
  await d2.waitFor({ state: 'detached' });
  assert.equal(await treeItem(page, 'wrong-password', 'wrong-password').count(), 0);
  assert.deepEqual(ui.errors, []);
});
