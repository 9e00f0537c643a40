// A VM's Snapshots tab in the real renderer, against the real libvirt: a
// scratch guest with two external snapshots (the second the child of the
// first, with a description) shows them as a tree in time order, the Now row
// after libvirt's current one, and what this libvirt can do; in English
// (light) and Chinese (dark), with no English left in the Chinese tab.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { scratchGuest } from '../integration/fixtures.ts';
import { virsh } from '../integration/testbed.ts';
import { englishSentences, LOCAL, LOCAL_LABEL, screenshot, treeItem, uiTest, waitUntil } from './harness.ts';

async function openTab(page: Page, host: string, vm: string): Promise<void> {
  await waitUntil(`${vm} in the tree`, async () => (await treeItem(page, host, vm).count()) > 0, 30_000);
  await treeItem(page, host, vm).click();
  await page.locator('[data-details-tab="snapshots"]').click();
  await page.getByTestId('snapshots-tab').waitFor({ timeout: 30_000 });
}

uiTest('Snapshots tab: the tree with its Now row, kinds and descriptions, in both languages and themes', async (s) => {
  const { ui, page, bed } = s;
  const g = scratchGuest(s, 'uisnap');
  virsh(bed, 'snapshot-create-as', g.name, 'before-upgrade', '--disk-only', '--atomic', '--description', 'clean install');
  virsh(bed, 'snapshot-create-as', g.name, 'after-upgrade', '--disk-only', '--atomic');
  await openTab(page, LOCAL, g.name);
  const rows = page.locator('[role="treeitem"][data-snapshot]');
  await waitUntil('two snapshot rows', async () => (await rows.count()) === 2);
  assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-snapshot'), e.getAttribute('aria-level')])), [['before-upgrade', '1'], ['after-upgrade', '2']]);
  const tab = page.getByTestId('snapshots-tab');
  assert.match(await tab.innerText(), /clean install/);
  assert.match(await tab.innerText(), /external, disk only/);
  assert.match(await tab.innerText(), /this libvirt cannot revert them \(9\.9 can\); Spindle does it itself/);
  // The Now row comes right after the current snapshot (the child), one level deeper.
  const order = await page.locator('.snap-tree [role="treeitem"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-snapshot') ?? 'now'));
  assert.deepEqual(order, ['before-upgrade', 'after-upgrade', 'now']);
  s.t.diagnostic(`screenshot: ${await screenshot(page, 'snapshots-tab-en-light')}`);

  const zh = await ui.newPage({ language: 'zh-CN', colorScheme: 'dark' });
  await openTab(zh, LOCAL, g.name);
  await waitUntil('two snapshot rows (zh)', async () => (await zh.locator('[role="treeitem"][data-snapshot]').count()) === 2);
  assert.deepEqual(await englishSentences(zh.getByTestId('snapshots-tab')), []);
  // The local host's tree row speaks Chinese too (it showed the config name, "This computer").
  assert.equal((await zh.locator(`[role="treeitem"][data-kind="host"][data-host="${LOCAL}"] .node-name`).innerText()).trim(), LOCAL_LABEL['zh-CN']);
  s.t.diagnostic(`screenshot: ${await screenshot(zh, 'snapshots-tab-zh-dark')}`);
  assert.deepEqual(ui.errors, []);
});
