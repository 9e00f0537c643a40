// Live I/O charts on the real test bed: the running guest writes to vdb with
// direct I/O (a background dd loop started through its agent); sampled every
// second, vdb's chart shows the writes; a write IOPS limit of 50 set through
// the I/O limits dialog (live) appears as a dashed line and the measured rate
// settles at or below ~55; the VM chart, the host's busiest-disks table (a
// row opens the disk's charts), an alert rule raised and cleared, CSV and PNG
// export. Screenshots in light, dark and Simplified Chinese.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { virsh, type Testbed } from '../integration/testbed.ts';
import { LOCAL, openUi, screenshot, treeItem, waitUntil } from './harness.ts';

const WRITER = 'while :; do dd if=/dev/zero of=/dev/vdb bs=4k count=256 oflag=direct 2>/dev/null; done';

/** Starts `sh -c SCRIPT` in the guest without waiting; returns its pid there. */
function guestSpawn(bed: Testbed, script: string): number {
  const out = virsh(bed, 'qemu-agent-command', bed.runningVm, JSON.stringify({ execute: 'guest-exec', arguments: { path: '/bin/sh', arg: ['-c', script] } }));
  return (JSON.parse(out) as { return: { pid: number } }).return.pid;
}

/** Stops the loop, then any dd it left running (busybox: kill is a shell builtin, killall in /usr/bin). */
function guestStop(bed: Testbed, pid: number): void {
  virsh(bed, 'qemu-agent-command', bed.runningVm, JSON.stringify({ execute: 'guest-exec', arguments: { path: '/bin/sh', arg: ['-c', `kill ${pid}; killall dd 2>/dev/null; true`] } }));
}

/** The VM's disk table, then vdb's row, then its Performance tab; sampling every second over one minute. Works in any language. */
async function openDiskCharts(page: Page, bed: Testbed): Promise<void> {
  await treeItem(page, LOCAL, bed.runningVm).click();
  const grid = page.locator('.table-view [role="grid"]');
  await grid.waitFor();
  await grid.locator('[role="row"][data-row-index]').filter({ has: page.locator('[role="gridcell"]', { hasText: /^vdb$/ }) }).click();
  await page.locator('.details[data-kind="disk"] [data-details-tab="performance"]').click();
  await page.locator('.perf-interval select').first().selectOption('1');
  await page.locator('.perf-toolbar input[type="radio"][value="60"]').check();
  await page.locator('.details [data-perf="disk"] figure[data-chart="iops"]').waitFor();
}

const iops = (page: Page) => page.locator('.details [data-perf="disk"] figure[data-chart="iops"]');

/** vdb's newest write IOPS as the chart holds it (set from the samples on every tick). */
async function latestWrite(page: Page): Promise<{ value: number; points: number }> {
  const fig = iops(page);
  const [v, n] = await Promise.all([fig.getAttribute('data-latest-wr'), fig.getAttribute('data-points')]);
  return { value: v ? Number(v) : NaN, points: Number(n ?? 0) };
}

/** Distinct newest values over `count` ticks (each read after the point count moved). */
async function nextValues(page: Page, count: number): Promise<number[]> {
  const out: number[] = [];
  let last = (await latestWrite(page)).points;
  while (out.length < count) {
    const cur = await waitUntil('the next tick', async () => {
      const l = await latestWrite(page);
      return l.points !== last ? l : null;
    });
    last = cur.points;
    out.push(cur.value);
  }
  return out;
}

/** Sets vdb's write IOPS limit (live) through the dialog; screenshots of the form and the review on request. */
async function setWriteLimit(page: Page, value: string, shots?: { form: string; review: string }): Promise<void> {
  await page.locator('.details-actions [data-action="io-limits"]').click();
  const d = page.getByRole('dialog');
  const field = d.locator('input[name="writeIopsSec"]');
  await field.waitFor();
  await field.fill(value);
  await d.locator('input[name="mode"][value="live"]').check();
  if (shots) await screenshot(page, shots.form);
  await d.locator('.modal-footer .btn.primary').click();
  await d.locator('[data-review]').waitFor({ timeout: 30_000 });
  const commands = (await d.locator('.command-line').allInnerTexts()).join('\n');
  assert.match(commands, new RegExp(`blkdeviotune .*--domain spindle-test-vm .*--device vdb .*--write-iops-sec ${value || 0} .*--live`), commands);
  assert.doesNotMatch(commands, /--config/, 'live only');
  if (shots) await screenshot(page, shots.review);
  await d.locator('.modal-footer .btn.primary').click();
  await d.locator('[data-outcome="succeeded"]').waitFor({ timeout: 60_000 });
  await d.locator('.modal-footer .btn.primary').click();
  await d.waitFor({ state: 'detached' });
}

test('I/O charts: a busy disk, a write IOPS limit of 50 drawn and holding, VM and host views, alerts, export', async (t) => {
  const ui = await openUi(t);
  if (!ui) return;
  const { page, bed } = ui;
  let writer: number | null = null;
  let limited = false;
  try {
    await openDiskCharts(page, bed);
    const quiet = await waitUntil('samples of vdb', async () => {
      const l = await latestWrite(page);
      return l.points > 0 ? l : null;
    });
    writer = guestSpawn(bed, WRITER);

    // The write line rises above 0, and moves (values from the samples, not a constant).
    const busy = await waitUntil('vdb writes in the chart', async () => {
      const l = await latestWrite(page);
      return l.value > 0 && l.points > quiet.points ? l : null;
    }, 20_000);
    const rising = await nextValues(page, 3);
    console.log(`# unthrottled write IOPS in the chart: ${[busy.value, ...rising].map((v) => v.toFixed(1)).join(' ')}`);
    assert.ok(rising.every((v) => v > 0), `writes on every tick: ${rising.join(', ')}`);
    assert.ok(new Set([busy.value, ...rising]).size > 1, 'the values change from tick to tick');
    // Bug 10: the chart is named for its disk and metric (its axis ticks are hidden), and describes its latest values.
    const named = page.getByRole('figure', { name: `IOPS of ${bed.runningVm} / vdb`, exact: true });
    await named.waitFor();
    const description = async () => (await named.getAttribute('aria-description')) ?? '';
    await waitUntil('the chart describes its latest writes', async () => /^Latest values: .*Write [\d,.]+ IOPS/.test(await description()));
    // The canvas holds the drawn line: some pixels are not blank.
    const inked = await iops(page).locator('canvas.io-lines-layer').evaluate((c) => {
      const cv = c as HTMLCanvasElement;
      const data = cv.getContext('2d')?.getImageData(0, 0, cv.width, cv.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
      return n;
    });
    assert.ok(inked > 50, `the lines are drawn (${inked} pixels)`);

    // CSV of the window: ISO times, units in the header, the same writes.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), iops(page).locator('[data-export="csv"]').click()]);
    const csv = readFileSync((await csvDownload.path()) ?? '', 'utf8').trim().split('\n');
    assert.equal(csv[0], 'time (ISO 8601),read (IOPS),write (IOPS)');
    assert.match(csv[1] ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,/);
    assert.ok(csv.slice(1).some((l) => Number(l.split(',')[2]) > 0), 'the CSV has the writes');
    assert.match(csvDownload.suggestedFilename(), /^spindle-io-spindle-test-vm-vdb-iops-\d{8}-\d{6}\.csv$/);
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), iops(page).locator('[data-export="png"]').click()]);
    const png = readFileSync((await pngDownload.path()) ?? '');
    assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
    assert.ok(png.length > 2000);

    // Pause freezes the view while the samples keep coming; Resume jumps to now.
    const t1 = () => iops(page).getAttribute('data-t1').then(Number);
    await page.locator('.perf-toolbar [data-action="pause"]').click();
    const frozenAt = await t1();
    const frozen = await latestWrite(page);
    await page.waitForTimeout(2500);
    assert.equal(await t1(), frozenAt, 'the window stands still');
    assert.deepEqual(await latestWrite(page), frozen);
    await page.locator('.perf-toolbar [data-action="pause"]').click();
    await waitUntil('the view to catch up', async () => ((await t1()) >= frozenAt + 2000 ? true : null));

    // The legend switches a series off and on.
    const readKey = iops(page).locator('.legend-item[data-series="rd"]');
    await readKey.click();
    assert.equal(await readKey.getAttribute('aria-pressed'), 'false');
    await readKey.click();
    assert.equal(await readKey.getAttribute('aria-pressed'), 'true');

    // Hover: the values with their units.
    const body = iops(page).locator('.io-chart-body');
    const box = await body.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
    const tip = await iops(page).locator('.chart-tooltip').innerText();
    assert.match(tip, /\d\d:\d\d:\d\d/);
    assert.match(tip, /Write\s+[\d,.]+ IOPS/);
    await page.mouse.move(0, 0);

    // A write IOPS limit of 50, live, through the dialog: the dashed line appears, the rate settles under it.
    await setWriteLimit(page, '50', { form: 'io-limits-dialog-light-en', review: 'io-limits-review-light-en' });
    limited = true;
    await iops(page).locator('.limit-line.limit-wr').waitFor({ state: 'attached', timeout: 15_000 });
    assert.equal(await iops(page).getAttribute('data-limits'), 'wr:50');
    assert.match(await page.locator('.limits-chip').innerText(), /write 50 IOPS/);
    await waitUntil('the throttle to settle', async () => ((await latestWrite(page)).value <= 55 ? true : null), 20_000);
    const settled = await nextValues(page, 4);
    console.log(`# throttled write IOPS in the chart: ${settled.map((v) => v.toFixed(1)).join(' ')}`);
    assert.ok(settled.every((v) => v <= 55), `at or below ~55: ${settled.join(', ')}`);
    assert.ok(settled.some((v) => v >= 30), `still writing: ${settled.join(', ')}`);
    // Once the unthrottled burst has left the one-minute window, the scale shrinks and the line stands out.
    await waitUntil('the burst to leave the window', async () => (Number(await iops(page).getAttribute('data-y-top')) <= 100 ? true : null), 90_000);
    await screenshot(page, 'io-disk-limit-light-en');

    // The VM: its disks combined.
    await treeItem(page, LOCAL, bed.runningVm).click();
    const vmIops = page.locator('.details [data-perf="vm"] figure[data-chart="iops"]');
    await vmIops.waitFor();
    await waitUntil('the VM sum', async () => (Number((await vmIops.getAttribute('data-latest-wr')) || 0) > 0 ? true : null));
    await screenshot(page, 'io-vm-light-en');

    // The host: busiest disks, busiest first; a row opens that disk's charts.
    await page.locator(`[role="treeitem"][data-kind="host"][data-host="${LOCAL}"]`).click();
    await page.getByRole('tab', { name: 'Busiest disks' }).click();
    const busiest = page.getByRole('grid', { name: `Busiest disks on ${LOCAL}` });
    await busiest.waitFor();
    const first = busiest.locator('[role="row"][data-row-index="0"]');
    await waitUntil('vdb at the top', async () => ((await first.innerText()).includes('vdb') ? true : null), 15_000);
    assert.match(await first.innerText(), /IOPS/);
    await page.locator('.details [data-perf="host"] figure.io-chart').first().waitFor();
    await screenshot(page, 'io-host-busiest-light-en');
    await first.click();
    await page.locator('.details[data-kind="disk"] [data-perf="disk"]').waitFor();
    assert.equal(await page.locator('.details .details-name').innerText(), 'vdb');

    // An alert rule: vdb's IOPS over 10 (it does ~50): raised, listed, marked in the tree; cleared when the rule goes.
    await page.locator('.details-actions [data-action="alert-rules"]').click();
    const rules = page.getByRole('dialog');
    const row = rules.locator('.rule-row[data-scope="disk"]').last();
    await row.waitFor();
    assert.equal(await row.getAttribute('data-subject'), `${LOCAL} › ${bed.runningVm} › vdb`);
    assert.deepEqual(await row.locator('.rule-level input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)), ['80', '95', '100']);
    await row.locator('.rule-limit input').fill('10');
    // Two more rules that stay quiet: the VM's latency, the pool's fullness.
    const add = rules.locator('.add-rule');
    await add.locator('select').nth(1).selectOption('vm');
    await add.locator('[data-action="add-rule"]').click();
    const vmRule = rules.locator('.rule-row[data-scope="vm"]');
    await vmRule.locator('select').selectOption('latency');
    await vmRule.locator('.rule-limit input').fill('500 ms');
    await add.locator('select').nth(1).selectOption('pool');
    await add.locator('select').nth(2).selectOption(bed.pool);
    await add.locator('[data-action="add-rule"]').click();
    await rules.locator('.rule-row[data-scope="pool"] .rule-limit input').fill('95');
    await screenshot(page, 'io-rules-light-en');
    await rules.locator('[data-action="save-rules"]').click();
    await rules.waitFor({ state: 'detached' });
    const bell = page.locator('.alerts-button');
    await waitUntil('the alert', async () => ((await bell.getAttribute('data-count')) === '1' ? true : null), 20_000);
    assert.equal(await bell.getAttribute('data-worst'), 'emergency');
    await treeItem(page, LOCAL, bed.runningVm).locator('.alert-mark[data-alert-level="emergency"]').waitFor();
    for (const x of await page.locator('.toast .icon-btn').all()) await x.click();
    await bell.click();
    const item = page.locator('.alerts-popover .alert-row');
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, /Emergency/);
    assert.match(text, new RegExp(`${LOCAL} › ${bed.runningVm} › vdb`));
    assert.match(text, /IOPS\s+[\d,.]+ IOPS \(limit 10 IOPS\)/);
    await screenshot(page, 'io-alerts-light-en');

    // Dark and Chinese views of the same moment.
    const dark = await ui.newPage({ colorScheme: 'dark' });
    await openDiskCharts(dark, bed);
    await iops(dark).locator('.limit-line.limit-wr').waitFor({ state: 'attached', timeout: 15_000 });
    await waitUntil('the dark page\'s scale', async () => (Number(await iops(dark).getAttribute('data-y-top')) <= 100 ? true : null), 30_000);
    await screenshot(dark, 'io-disk-limit-dark-en');
    await dark.locator('.alerts-button').click();
    await dark.locator('.alerts-popover .alert-row').waitFor();
    await screenshot(dark, 'io-alerts-dark-en');
    await dark.close();
    const zh = await ui.newPage({ language: 'zh-CN' });
    await openDiskCharts(zh, bed);
    await iops(zh).locator('.limit-line.limit-wr').waitFor({ state: 'attached', timeout: 15_000 });
    await waitUntil('the Chinese page\'s scale', async () => (Number(await iops(zh).getAttribute('data-y-top')) <= 100 ? true : null), 30_000);
    assert.match(await zh.locator('.limits-chip').innerText(), /当前限制/);
    await screenshot(zh, 'io-disk-limit-light-zh-CN');
    await zh.close();

    // The rule removed in the editor: the backend clears the alert, and it leaves the list.
    await page.locator('.alerts-popover [data-action="alert-rules"]').click();
    await rules.locator('.rule-row').first().waitFor();
    assert.equal(await rules.locator('.rule-row').count(), 3);
    while ((await rules.locator('.rule-row').count()) > 0) await rules.locator('.rule-row').first().locator('.icon-btn').click();
    await rules.locator('[data-action="save-rules"]').click();
    await rules.waitFor({ state: 'detached' });
    await waitUntil('the alert to clear', async () => ((await bell.getAttribute('data-count')) === '0' ? true : null), 15_000);
    assert.equal(await treeItem(page, LOCAL, bed.runningVm).locator('.alert-mark').count(), 0);

    // The limit removed (0) through the dialog: the line goes.
    await openDiskCharts(page, bed);
    await setWriteLimit(page, '');
    limited = false;
    await waitUntil('the limit line to go', async () => ((await iops(page).locator('.limit-line').count()) === 0 ? true : null), 15_000);
    assert.equal(await iops(page).getAttribute('data-limits'), '');
    assert.deepEqual(ui.errors, []);
  } finally {
    if (writer !== null) guestStop(bed, writer);
    if (limited) {
      try {
        virsh(bed, 'blkdeviotune', bed.runningVm, 'vdb', '--live', '--write-iops-sec', '0');
      } catch {
        /* the VM went away */
      }
    }
    await ui.server.service.dispatch('alerts.setRules', { rules: [] });
    await ui.close();
  }
});
