// zh-CN end to end, on the real sshd of the test bed: refusals of the SSH
// transport read in Chinese in the Add host dialog (a wrong password, then a
// changed host key), with no English sentence; each status-bar host button
// has one accessible name (host and state once); the details panel's time is
// in the Chinese form.
import assert from 'node:assert/strict';
import { hostFingerprint } from '../integration/testbed.ts';
import { LOCAL, screenshot, treeItem, waitUntil, uiTest } from './harness.ts';

const ENGLISH_SENTENCE = /\b(?:the|was|has|is|refused|cannot|needs?)\b/i;

uiTest('zh-CN: SSH refusals in Chinese, one name per status-bar host, Chinese date form', async ({ ui, page, bed }) => {
  // Status bar: "本机：在线" once (the built-in host in Chinese), not "在线 本机 在线".
  const chip = page.locator(`.host-chip[data-host="${LOCAL}"]`);
  await waitUntil('the local host online', async () => (await chip.getAttribute('data-status')) === 'online', 30_000);
  const hosts = page.getByRole('list', { name: '主机连接' });
  assert.equal(await hosts.getByRole('button', { name: '本机：在线', exact: true }).count(), 1);
  assert.equal(await chip.getAttribute('aria-label'), '本机：在线');

  // Details of the local host: the inventory time as 2026/12/1 07:18:11.
  await treeItem(page, LOCAL, '本机').click();
  const loadedAt = page.locator('.field', { has: page.locator('dt', { hasText: '加载时间' }) }).locator('dd');
  await waitUntil('the inventory time', async () => /\d/.test((await loadedAt.textContent()) ?? ''));
  assert.match((await loadedAt.textContent())?.trim() ?? '', /^\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}:\d{2}$/);

  // A wrong password on the real sshd.
  const fake = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  await ui.server.service.hostKeys.trust(bed.ssh.host, bed.ssh.port, 'ssh-ed25519', hostFingerprint(bed));
  await page.getByRole('toolbar').getByRole('button', { name: '添加主机' }).click();
  const d = page.getByRole('dialog');
  await d.locator('input[name="mode"][value="ssh"]').check();
  await d.locator('input[name="host"]').fill(bed.ssh.host);
  await d.locator('input[name="port"]').fill(String(bed.ssh.port));
  await d.locator('input[name="user"]').fill(bed.ssh.user);
  await d.locator('input[name="auth"][value="password"]').check();
  await d.locator('input[name="password"]').fill('definitely-wrong');
  await d.locator('input[name="name"]').fill('wrong-password');
  await d.getByRole('button', { name: '测试连接' }).click();
  const auth = d.locator('[role="alert"][data-error-code="AUTH_FAILED"]');
  await auth.waitFor({ timeout: 60_000 });
  const authMessage = (await auth.locator('.callout-message').textContent()) ?? '';
  assert.equal(authMessage, `${bed.ssh.user}@${bed.ssh.host}:${bed.ssh.port} 拒绝了密码。`);
  const authHint = (await auth.locator('.callout-hint').first().textContent()) ?? '';
  assert.match(authHint, /请检查用户名和凭据/);
  assert.doesNotMatch(authHint, ENGLISH_SENTENCE, authHint);
  await screenshot(page, 'zh-auth-failed-light-zh-CN');

  // A host key that differs from the trusted one.
  await ui.server.service.hostKeys.trust(bed.ssh.host, bed.ssh.port, 'ssh-ed25519', fake);
  await d.locator('input[name="auth"][value="key"]').check();
  await d.locator('input[name="keyPath"]').fill(bed.ssh.keyPath);
  await d.getByRole('button', { name: '测试连接' }).click();
  const changed = d.locator('[role="alert"][data-error-code="HOST_KEY_CHANGED"]');
  await changed.waitFor({ timeout: 60_000 });
  const changedMessage = (await changed.locator('.callout-message').textContent()) ?? '';
  assert.match(changedMessage, /的主机密钥已变更：Spindle 信任的是其 ssh-ed25519 密钥 /);
  assert.ok(changedMessage.includes(fake) && changedMessage.includes(hostFingerprint(bed)), changedMessage);
  assert.doesNotMatch(changedMessage, ENGLISH_SENTENCE, changedMessage);
  await screenshot(page, 'zh-host-key-changed-light-zh-CN');
  await ui.server.service.hostKeys.trust(bed.ssh.host, bed.ssh.port, 'ssh-ed25519', hostFingerprint(bed));

  await d.getByRole('button', { name: '取消' }).click();
  await d.waitFor({ state: 'detached' });
  assert.deepEqual(ui.errors, []);
}, { language: 'zh-CN' });
