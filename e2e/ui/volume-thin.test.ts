// New volume on a logical pool in the real renderer: its Allocation offers
// "Thin" only when the pool's volume group has thin pools (read by
// pool.usage). This machine has no device-mapper, so the VG made here on a
// loop device has none: the choice is there but disabled, and says why
// (hover text and a line under it); a directory pool does not offer it at all.
// New thin pool… on the logical pool reviews lvcreate --type thin-pool, and
// its job fails for real with the typed "device-mapper is missing" error.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Locator } from 'playwright-core';
import { logicalPoolOnLoop, LVM_ENV } from '../integration/fixtures.ts';
import { jobEnd, LOCAL, openNewVolumeWizard, reviewOf, screenshot, treeItem, uiTest, waitUntil } from './harness.ts';


/** From the first step to the allocation step, with a name and a size. */
async function toAllocation(d: Locator, name: string): Promise<void> {
  await d.getByLabel('Volume name').fill(name);
  await d.getByLabel('Capacity').fill('8M');
  await d.getByRole('button', { name: 'Next' }).click();
  await d.locator('[data-wizard-step="options"]').waitFor();
}

uiTest('New volume on a logical pool: "Thin" is offered only with thin pools (none can exist here: disabled, with its reason); not at all on a dir pool', async (s) => {
  const { ui, page, bed } = s;
  const made = logicalPoolOnLoop(s, 'ui-thin');
  if (!made) return;
  const { pool, vg } = made;
  // libvirt's pool events bring the new pool into the tree.
  await waitUntil(`${pool} in the tree`, async () => (await treeItem(page, LOCAL, pool).count()) > 0, 30_000);

  const d = await openNewVolumeWizard(page, pool);
  await toAllocation(d, 'spindle-ui-tv1');
  const thin = d.getByRole('radio', { name: 'Thin', exact: true });
  await thin.waitFor();
  // Once pool.usage has answered (real vgs/lvs): no thin pool in the VG, said under the choice and on hover.
  const why = d.getByTestId('thin-unavailable');
  await waitUntil('the reason thin is not offered', async () => /has no thin pool/.test(await why.innerText()), 30_000);
  assert.equal(await why.innerText(), `Thin volumes are not offered: volume group ${vg} has no thin pool (make one with New thin pool… in the pool's menu).`);
  assert.equal(await thin.isDisabled(), true);
  assert.match((await d.locator('label.segment:has(input[value="thin"])').getAttribute('title')) ?? '', /has no thin pool/);
  assert.equal(await d.getByLabel('Thin pool').count(), 0, 'no thin pool list without thin pools');
  // The other allocations stay: sparse is chosen, and the review plans libvirt's vol-create.
  assert.equal(await d.getByRole('radio', { name: 'Sparse', exact: true }).isChecked(), true);
  const shot = await screenshot(page, 'volume-thin-unavailable');
  s.t.diagnostic(`screenshot: ${shot}`);
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  const commands = (await d.locator('.command-line').allInnerTexts()).join('\n');
  assert.match(commands, new RegExp(`vol-create .*--pool ${pool}`));
  assert.doesNotMatch(commands, /lvcreate/);
  await d.getByRole('button', { name: 'Cancel' }).click();
  await d.waitFor({ state: 'detached' });

  // A directory pool (the test bed's): no thin choice at all.
  const dd = await openNewVolumeWizard(page, bed.pool);
  await toAllocation(dd, `spindle-ui-tv-${process.pid}.qcow2`);
  await dd.getByRole('radio', { name: 'Sparse', exact: true }).waitFor();
  assert.equal(await dd.getByRole('radio', { name: 'Thin', exact: true }).count(), 0);
  assert.equal(await dd.getByTestId('thin-unavailable').count(), 0);
  await dd.getByRole('button', { name: 'Cancel' }).click();
  await dd.waitFor({ state: 'detached' });

  // New thin pool… from the logical pool's menu: the VG's free space, the review's lvcreate, and the job's real failure.
  const item = treeItem(page, LOCAL, pool);
  await item.click();
  await item.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'New thin pool…' }).click();
  const tp = page.getByRole('dialog');
  await tp.getByText(`Volume group ${vg}: 60.0 MiB free of 60.0 MiB; no thin pool yet.`).waitFor({ timeout: 30_000 });
  await tp.getByLabel('Thin pool name', { exact: true }).fill('spindle_tp');
  await tp.getByLabel('Data size', { exact: true }).fill('16M');
  await tp.getByRole('button', { name: 'Review' }).click();
  await reviewOf(tp);
  const tpCommands = await tp.locator('.command-line').allInnerTexts();
  assert.equal(tpCommands[0], `lvcreate --type thin-pool -L 16777216b -n spindle_tp ${vg}`, tpCommands.join('\n'));
  assert.match(tpCommands[1] ?? '', new RegExp(`pool-refresh --pool ${pool}$`));
  await screenshot(page, 'thin-pool-review');
  await tp.getByRole('button', { name: 'Run' }).click();
  assert.equal(await jobEnd(tp), 'failed');
  await tp.getByText(/the kernel's device-mapper is missing/).first().waitFor();
  await tp.getByText(/modprobe dm_mod/).first().waitFor();
  await screenshot(page, 'thin-pool-no-device-mapper');
  assert.deepEqual(lvNames(vg), [], 'no LV left');

  // The same allocation step in Chinese, dark: the reason in the user's language.
  const zh = await ui.newPage({ language: 'zh-CN', colorScheme: 'dark' });
  const zhItem = treeItem(zh, LOCAL, pool);
  await zhItem.click();
  await zhItem.click({ button: 'right' });
  await zh.getByRole('menuitem', { name: '新建卷…' }).click();
  const zd = zh.getByRole('dialog');
  await zd.getByLabel('卷名称').fill('spindle-ui-tv1');
  await zd.getByLabel('容量').fill('8M');
  await zd.getByRole('button', { name: '下一步' }).click();
  await zd.getByText(`不提供精简卷：卷组 ${vg} 中没有精简池（可在存储池菜单中用“新建精简池…”创建）。`).waitFor({ timeout: 30_000 });
  assert.equal(await zd.getByRole('radio', { name: '精简', exact: true }).isDisabled(), true);
  await screenshot(zh, 'volume-thin-unavailable-zh-dark');
  assert.deepEqual(ui.errors, []);
});

function lvNames(vg: string): string[] {
  const out = spawnSync('lvs', ['--noheadings', '-o', 'lv_name', vg], { encoding: 'utf8', env: LVM_ENV }).stdout ?? '';
  return out.split('\n').map((l) => l.trim()).filter(Boolean);
}
