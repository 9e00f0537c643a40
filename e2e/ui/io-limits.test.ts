// I/O limits of a disk attached "Now only" through the real UI: the wizard
// offers only "Now only" (the other modes' jobs failed "missing persistent
// configuration"), the limit it sets is shown in Properties (with the saved
// side "not in the saved configuration", not "Could not be read") and on the
// chart toolbar, whose button is named for what it does ("I/O limits…") and
// described by the limits in force. Chinese Properties from the same reading.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { liveOnlyDisk } from '../integration/fixtures.ts';
import { virsh } from '../integration/testbed.ts';
import { LOCAL, reviewOf, screenshot, treeItem, uiTest, waitUntil } from './harness.ts';

const TARGET = 'vdt';

async function openDisk(page: Page, vm: string, tab: 'properties' | 'performance'): Promise<void> {
  await treeItem(page, LOCAL, vm).click();
  const grid = page.locator('.table-view [role="grid"]');
  await grid.waitFor();
  const row = grid.locator('[role="row"][data-row-index]').filter({ has: page.locator('[role="gridcell"]', { hasText: new RegExp(`^${TARGET}$`) }) });
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await page.locator(`.details[data-kind="disk"] [data-details-tab="${tab}"]`).click();
}

uiTest('I/O limits of a disk attached "Now only": only "Now only" offered; the limit shown in Properties and on the chart toolbar', async (s) => {
  const { ui, page, bed } = s;
  liveOnlyDisk(s, TARGET);
  await openDisk(page, bed.runningVm, 'properties');
  // The live side reads (no limits yet); the saved side says where the disk is, not "Could not be read".
  const saved = page.locator('.details [data-iotune="config"]');
  await waitUntil('the saved side', async () => ((await saved.innerText()).includes('Not in the saved configuration') ? true : null));
  assert.equal(await page.locator('.details [data-iotune="live"]').innerText(), 'No limits');

  await page.locator('.details-actions [data-action="io-limits"]').click();
  const d = page.getByRole('dialog');
  const field = d.locator('input[name="writeIopsSec"]');
  await field.waitFor();
  const modes = d.locator('input[name="mode"]');
  assert.deepEqual(await modes.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)), ['live'], 'only "Now only" is offered');
  assert.ok(await modes.first().isChecked(), 'and chosen');
  assert.equal(await d.getByRole('radio', { name: 'Now only' }).count(), 1);
  assert.match(await d.locator('[data-mode-reason="liveOnly"]').innerText(), new RegExp(`${TARGET} was attached to the running VM only`));
  assert.match(await d.locator('[data-iotune="config"]').innerText(), /Not in the saved configuration/);
  await field.fill('100');
  await screenshot(page, 'io-limits-live-only-light-en');
  await d.locator('.modal-footer .btn.primary').click();
  await reviewOf(d);
  const commands = (await d.locator('.command-line').allInnerTexts()).join('\n');
  assert.match(commands, new RegExp(`blkdeviotune .*--device ${TARGET} .*--write-iops-sec 100 .*--live`), commands);
  assert.doesNotMatch(commands, /--config/, 'nothing for the saved configuration');
  await d.locator('.modal-footer .btn.primary').click();
  await d.locator('[data-outcome="succeeded"]').waitFor({ timeout: 60_000 });
  await d.locator('.modal-footer .btn.primary').click();
  await d.waitFor({ state: 'detached' });
  assert.match(virsh(bed, 'blkdeviotune', bed.runningVm, TARGET, '--live'), /write_iops_sec\s*:\s*100\b/);

  // Properties: the live limit, the saved side still "not in the saved configuration".
  const live = page.locator('.details [data-iotune="live"]');
  await waitUntil('the live limit in Properties', async () => ((await live.innerText()) === 'write 100 IOPS' ? true : null));
  assert.match(await saved.innerText(), /Not in the saved configuration/);
  await saved.scrollIntoViewIfNeeded();
  await screenshot(page, 'io-limits-live-only-properties-light-en');

  // The chart toolbar: a button named for what it does, described by the limits in force; the line on the chart.
  await page.locator('.details[data-kind="disk"] [data-details-tab="performance"]').click();
  const chip = page.locator('.perf-toolbar').getByRole('button', { name: 'I/O limits…', exact: true });
  await chip.waitFor();
  const described = await chip.evaluate((b) => (b.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
  assert.equal(described, 'Limits now: write 100 IOPS');
  await page.locator('.details [data-perf="disk"] figure[data-chart="iops"] .limit-line.limit-wr').waitFor({ state: 'attached', timeout: 15_000 });
  assert.equal(await page.locator('.details [data-perf="disk"] figure[data-chart="iops"]').getAttribute('data-limits'), 'wr:100');

  const zh = await ui.newPage({ language: 'zh-CN' });
  await openDisk(zh, bed.runningVm, 'properties');
  const zhSaved = zh.locator('.details [data-iotune="config"]');
  await waitUntil('the Chinese saved side', async () => ((await zhSaved.innerText()).includes('不在已保存的配置中') ? true : null));
  assert.match(await zh.locator('.details [data-iotune="live"]').innerText(), /写 100 IOPS/);
  await zhSaved.scrollIntoViewIfNeeded();
  await screenshot(zh, 'io-limits-live-only-properties-light-zh-CN');
  await zh.close();
  assert.deepEqual(ui.errors, []);
});
