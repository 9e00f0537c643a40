// A walk through the wizards with the UI in Chinese: each is driven to its
// review page (and one to its result) against the real backend, then the
// language is switched to zh-CN and every sentence on the page is read: the
// backend's plan titles, step descriptions, warnings, partial notes and
// refusals must be Chinese. Commands, paths and XML (code, .mono) are not
// sentences. Screenshots: test-results/screenshots/zh-walk-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { virsh, type Testbed } from '../integration/testbed.ts';
import { LOCAL, openUi, screenshot, treeItem, waitUntil } from './harness.ts';

const uniq = `${process.pid}-${Date.now() % 100000}`;

/** Three or more English words in a row: a sentence that was not translated. */
const ENGLISH_RUN = /\b[A-Za-z][a-z']+(?: [A-Za-z][a-z']+){2,}\b/g;
/** Names that are English in Chinese text too. */
const ALLOWED = [/QEMU guest agent/i, /Spindle/];

/** The page's sentences in English (code, commands, paths and XML left out). */
async function englishSentences(scope: Locator): Promise<string[]> {
  // No named functions inside: the test runner's compiler would wrap them in a helper the page does not have.
  const text = await scope.evaluate((root) => {
    const skip = 'code, pre, kbd, samp, textarea, input, select, .mono, .command-line, [data-english-ok]';
    const parts: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.closest(skip)) continue;
      parts.push(n.textContent ?? '');
    }
    return parts.join('\n');
  });
  return [...text.matchAll(ENGLISH_RUN)].map((m) => m[0]).filter((s) => !ALLOWED.some((a) => a.test(s)));
}

async function setLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  // The toolbar's picker, behind the modal: a select takes its value without a pointer.
  await page.locator('.language-switch select').selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Switches to Chinese, checks the dialog reads in Chinese, screenshots it, and switches back. */
async function checkChinese(page: Page, name: string, found: Map<string, string[]>): Promise<void> {
  await setLanguage(page, 'zh-CN');
  const d = page.getByRole('dialog');
  await screenshot(page, `zh-walk-${name}`);
  const english = await englishSentences(d);
  if (english.length) found.set(name, english);
  await setLanguage(page, 'en');
}

function tryVirsh(bed: Testbed, ...args: string[]): void {
  try {
    execFileSync('virsh', ['-q', '-c', bed.uri, ...args], { stdio: 'ignore', timeout: 60_000 });
  } catch {
    /* already gone */
  }
}

async function review(d: Locator): Promise<void> {
  await d.locator('[data-review], [data-refusal]').first().waitFor({ timeout: 30_000 });
}

async function close(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

test('zh-CN walk: every wizard\'s review (and a result and a refusal) reads in Chinese', async (t) => {
  const ui = await openUi(t);
  if (!ui) return;
  const { page, bed } = ui;
  const found = new Map<string, string[]>();
  const volume = `zh-walk-${uniq}.qcow2`;
  const raw = `zh-walk-${uniq}.raw`;
  try {
    const d = page.getByRole('dialog');

    // New volume: review, run, result.
    const pool = treeItem(page, LOCAL, bed.pool);
    await pool.click();
    await pool.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'New volume…' }).click();
    await d.getByLabel('Volume name').fill(volume);
    await d.getByLabel('Capacity').fill('16M');
    await d.getByRole('button', { name: 'Next' }).click();
    await d.getByRole('button', { name: 'Review' }).click();
    await review(d);
    await checkChinese(page, 'volume-review', found);
    await d.getByRole('button', { name: 'Run', exact: true }).click();
    await d.locator('.wizard-body[data-job-state]:not([data-job-state="running"])').waitFor({ timeout: 90_000 });
    await checkChinese(page, 'volume-result', found);
    await close(page);

    // Attach that volume to the shut-off VM (saved configuration): review only.
    const off = treeItem(page, LOCAL, bed.shutoffVm);
    await off.click();
    await page.locator('.details [data-action="attach-disk"]').click();
    await d.locator('[data-wizard-step="source"]').waitFor();
    await d.getByLabel('Storage pool').selectOption(bed.pool);
    await d.locator(`.pick-row[data-name="${volume}"]`).click();
    await d.getByRole('button', { name: 'Next' }).click();
    await d.getByRole('button', { name: 'Next' }).click();
    await d.getByRole('button', { name: 'Review' }).click();
    await review(d);
    await checkChinese(page, 'attach-review', found);
    await close(page);

    // Attach a new volume to the running VM, now and after restarts: review only.
    const vm = treeItem(page, LOCAL, bed.runningVm);
    await vm.click();
    await page.locator('.details [data-action="attach-disk"]').click();
    await d.locator('[data-wizard-step="source"]').waitFor();
    await d.getByRole('radio', { name: 'New volume' }).check();
    await d.getByLabel('Storage pool').selectOption(bed.pool);
    await d.getByLabel('Volume name').fill(`zh-walk-inline-${uniq}.qcow2`);
    await d.getByLabel('Capacity').fill('16M');
    await d.getByRole('button', { name: 'Next' }).click();
    await d.getByRole('button', { name: 'Next' }).click();
    await d.getByRole('button', { name: 'Review' }).click();
    await review(d);
    await checkChinese(page, 'attach-new-live-review', found);
    await close(page);

    // The running VM's first disk: resize refused (smaller), then detach and I/O limits reviews.
    await vm.click();
    const grid = page.getByRole('grid', { name: `Disks of ${bed.runningVm}` });
    const first = grid.locator('[role="row"][data-row-index]').first();
    await first.waitFor({ timeout: 30_000 });
    await first.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Resize…' }).click();
    await d.getByLabel('New size').fill('1M');
    await d.getByRole('button', { name: 'Review' }).click();
    await d.locator('[data-refusal]').waitFor({ timeout: 30_000 });
    await checkChinese(page, 'resize-refused', found);
    await close(page);

    await first.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Detach…' }).click();
    await d.locator('.modal-footer .btn.primary').click();
    await review(d);
    await checkChinese(page, 'detach-review', found);
    await close(page);

    await first.click();
    await page.locator('.details-actions [data-action="io-limits"]').click();
    await d.locator('input[name="writeIopsSec"]').fill('100');
    await d.locator('.modal-footer .btn.primary').click();
    await review(d);
    await checkChinese(page, 'iotune-review', found);
    await close(page);

    // A raw volume with a filesystem, mounted on the host: review only.
    execFileSync('truncate', ['-s', '16M', `${bed.poolPath}/${raw}`]);
    execFileSync('mkfs.ext4', ['-q', '-F', `${bed.poolPath}/${raw}`]);
    virsh(bed, 'pool-refresh', bed.pool);
    await pool.click();
    const volGrid = page.locator('.table-view [role="grid"]');
    const volRow = volGrid.locator('[role="row"][data-row-index]').filter({ has: page.locator('[role="gridcell"]', { hasText: raw }) });
    await volRow.waitFor({ timeout: 30_000 });
    await volRow.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Mount on host…' }).click();
    await d.locator('[data-partitions]').waitFor({ timeout: 30_000 });
    await d.locator('.modal-footer .btn.primary').click();
    await d.locator('.modal-footer .btn.primary').click();
    await review(d);
    await checkChinese(page, 'host-mount-review', found);
    await close(page);

    // The shut-off VM's Filesystems tab: no agent channel; add it (review only).
    await off.click();
    await page.locator('.details [data-details-tab="filesystems"]').click();
    const tab = page.locator('.details [data-fs-tab="vm"]');
    await waitUntil('the agent state', async () => ((await tab.getAttribute('data-agent-state')) ? true : null), 30_000);
    if (await tab.locator('[data-action="agent-channel"]').count()) {
      await tab.locator('[data-action="agent-channel"]').click();
      await d.locator('.modal-footer .btn.primary').click();
      await review(d);
      await checkChinese(page, 'agent-channel-review', found);
      await close(page);
    }
    await page.locator('.details [data-details-tab="properties"]').click();

    const report = [...found].map(([k, v]) => `${k}: ${v.join(' | ')}`).join('\n');
    assert.equal(found.size, 0, `English sentences on Chinese pages:\n${report}`);
  } finally {
    tryVirsh(bed, 'vol-delete', '--pool', bed.pool, volume);
    tryVirsh(bed, 'vol-delete', '--pool', bed.pool, raw);
    await ui.close();
  }
});
