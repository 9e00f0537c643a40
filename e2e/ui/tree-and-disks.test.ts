// The tree shows the local host, the running test VM and its disks; the disk
// table lists them, sorts and filters; keyboard and context menu work.
import assert from 'node:assert/strict';
import { columnTexts, LOCAL, treeItem, waitUntil, uiTest } from './harness.ts';

uiTest('tree: local host, running test VM, its disks; disk table sorts and filters', async ({ page, bed }) => {
  const host = treeItem(page, LOCAL, LOCAL);
  await waitUntil('the local host online', async () => (await host.getAttribute('title'))?.includes('Online'));

  // The running VM, collapsed, with its state on the dot.
  const vm = treeItem(page, LOCAL, bed.runningVm);
  await vm.waitFor();
  assert.equal(await vm.getAttribute('aria-expanded'), 'false');
  assert.equal(await vm.getAttribute('aria-level'), '3');
  assert.equal(await vm.getByRole('img', { name: 'Running' }).count(), 1);
  assert.equal(await treeItem(page, LOCAL, bed.shutoffVm).getByRole('img', { name: 'Shut off' }).count(), 1);

  // Select it, then Right expands it: its disks appear below it.
  await vm.click();
  assert.equal(await vm.getAttribute('aria-selected'), 'true');
  await page.keyboard.press('ArrowRight');
  await treeItem(page, LOCAL, 'vda').waitFor();
  await treeItem(page, LOCAL, 'vdb').waitFor();
  assert.equal(await vm.getAttribute('aria-expanded'), 'true');
  assert.equal(await treeItem(page, LOCAL, 'vda').getAttribute('aria-level'), '4');

  // The disk table lists both, in human units.
  const grid = page.getByRole('grid', { name: `Disks of ${bed.runningVm}` });
  await grid.waitFor();
  await waitUntil('two disk rows', async () => (await columnTexts(grid, 0)).length === 2);
  assert.deepEqual(await columnTexts(grid, 0), ['vda', 'vdb']);
  const text = await grid.textContent();
  assert.match(text ?? '', /64\.0 MiB/);
  assert.doesNotMatch(text ?? '', /67108864/);

  // Sort: Target descending, then by capacity.
  const target = grid.getByRole('columnheader', { name: 'Target' });
  assert.equal(await target.getAttribute('aria-sort'), 'ascending');
  await target.getByRole('button').click();
  assert.equal(await target.getAttribute('aria-sort'), 'descending');
  assert.deepEqual(await columnTexts(grid, 0), ['vdb', 'vda']);
  await grid.getByRole('columnheader', { name: 'Capacity' }).getByRole('button').click();
  assert.equal(await target.getAttribute('aria-sort'), 'none');
  assert.deepEqual(await columnTexts(grid, 0), ['vdb', 'vda'], 'vdb (32 MiB) before vda (64 MiB)');
  await grid.getByRole('columnheader', { name: 'Capacity' }).getByRole('button').click();
  assert.deepEqual(await columnTexts(grid, 0), ['vda', 'vdb']);

  // Filter by a word of vdb's source path; Escape clears.
  const filter = page.getByRole('searchbox', { name: 'Filter rows' });
  await filter.fill('overlay');
  await waitUntil('one filtered row', async () => (await columnTexts(grid, 0)).join() === 'vdb');
  await page.getByText('1 of 2 rows').waitFor();
  await filter.fill('no-such-disk');
  await page.getByText('No rows match the filter.').waitFor();
  await filter.press('Escape');
  await waitUntil('both rows back', async () => (await columnTexts(grid, 0)).length === 2);

  // Keyboard row navigation drives the details panel.
  await grid.focus();
  await page.keyboard.press('End');
  const details = page.getByRole('complementary', { name: 'Details' });
  await details.getByRole('heading', { name: 'vdb' }).waitFor();
  await details.getByText('/var/lib/spindle-testbed/pool/base.qcow2').waitFor();
  await page.keyboard.press('ArrowUp');
  await details.getByRole('heading', { name: 'vda' }).waitFor();
  assert.match((await details.textContent()) ?? '', /No backing file/);

  // Column chooser: hide Bus, then show it again.
  await page.getByRole('button', { name: 'Columns' }).click();
  const chooser = page.getByRole('group', { name: 'Visible columns' });
  await chooser.getByLabel('Bus', { exact: true }).uncheck();
  assert.equal(await grid.getByRole('columnheader', { name: 'Bus' }).count(), 0);
  await chooser.getByLabel('Bus', { exact: true }).check();
  assert.equal(await grid.getByRole('columnheader', { name: 'Bus' }).count(), 1);
  await page.keyboard.press('Escape');
});

uiTest('tree keyboard navigation, context menu and host tables', async ({ ui, page, bed }) => {
  const tree = page.getByRole('tree');
  const host = treeItem(page, LOCAL, LOCAL);
  await treeItem(page, LOCAL, bed.runningVm).waitFor();

  // Home / Down / Left (to parent) / Left (collapse) / Right (expand) / Enter.
  await host.click();
  await page.keyboard.press('End');
  const activeName = async () => page.evaluate(() => document.getElementById(document.querySelector('[role="tree"]')?.getAttribute('aria-activedescendant') ?? '')?.getAttribute('aria-label'));
  assert.notEqual(await activeName(), LOCAL);
  await page.keyboard.press('Home');
  assert.equal(await activeName(), LOCAL);
  await page.keyboard.press('ArrowDown');
  assert.equal(await activeName(), 'Virtual machines');
  const vmsGroup = page.getByRole('treeitem', { name: 'Virtual machines' }).and(page.locator(`[data-host="${LOCAL}"]`));
  await page.keyboard.press('ArrowLeft'); // an open node closes first
  assert.equal(await vmsGroup.getAttribute('aria-expanded'), 'false');
  assert.equal(await treeItem(page, LOCAL, bed.runningVm).count(), 0);
  await page.keyboard.press('ArrowLeft'); // a closed node moves to its parent
  assert.equal(await activeName(), LOCAL);
  await page.keyboard.press('ArrowLeft');
  assert.equal(await host.getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('ArrowRight');
  assert.equal(await host.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowRight'); // an open node moves to its first child
  assert.equal(await activeName(), 'Virtual machines');
  await page.keyboard.press('ArrowRight');
  assert.equal(await vmsGroup.getAttribute('aria-expanded'), 'true');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  const chosen = page.locator('[role="treeitem"][aria-selected="true"]');
  assert.equal(await chosen.getAttribute('data-kind'), 'vm');
  await page.getByRole('grid', { name: `Disks of ${await chosen.getAttribute('aria-label')}` }).waitFor();

  // The Menu key opens the node's context menu; Escape gives focus back.
  await page.keyboard.press('Home');
  await page.keyboard.press('ContextMenu');
  const menu = page.getByRole('menu');
  await menu.waitFor();
  const items = await menu.getByRole('menuitem').allTextContents();
  assert.deepEqual(items, ['Connect', 'Refresh', 'Copy name', 'Remove host…']);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  assert.equal(await tree.evaluate((el) => el === document.activeElement), true);

  // Right-click, then Refresh reloads the inventory.
  await host.click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Refresh' }).click();
  await page.getByText(`Inventory of ${LOCAL} refreshed`).waitFor();

  // Remove host asks first; Cancel keeps it.
  await host.click({ button: 'right' });
  await menu.getByRole('menuitem', { name: 'Remove host…' }).click();
  const dialog = page.getByRole('dialog', { name: `Remove host ${LOCAL}?` });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await host.waitFor();

  // A host node shows its VMs, all its disks, or its pools.
  await host.click();
  await page.getByRole('grid', { name: `Virtual machines on ${LOCAL}` }).getByText(bed.runningVm).waitFor();
  await page.getByRole('tab', { name: 'All disks' }).click();
  const all = page.getByRole('grid', { name: `All disks on ${LOCAL}` });
  await waitUntil('the disks of both test VMs', async () => (await columnTexts(all, 0)).filter((v) => v === bed.runningVm || v === bed.shutoffVm).length >= 4);
  await page.getByRole('tab', { name: 'Storage pools' }).click();
  const pools = page.getByRole('grid', { name: `Storage pools on ${LOCAL}` });
  await pools.getByText(bed.pool, { exact: true }).waitFor();
  await pools.getByText(bed.inactivePool, { exact: true }).waitFor();

  // The status bar shows the carrier and each host's state.
  await page.getByRole('contentinfo').getByText('Connected to server').waitFor();
  assert.equal(await page.locator(`.host-chip[data-host="${LOCAL}"]`).getAttribute('data-status'), 'online');
  assert.deepEqual(ui.errors, []);
});
