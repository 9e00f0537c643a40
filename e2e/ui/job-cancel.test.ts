// Cancel from the UI, end to end: a fully allocated 8 GiB raw volume
// (qemu-img writes the zeros, which takes a while) is cancelled from the
// wizard's job view once the bar shows written bytes. The job ends
// "cancelled", the partly written file is removed (the job says so, and it is
// gone from the pool directory), and the status bar's jobs list agrees.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tryVirsh } from '../integration/fixtures.ts';
import { jobEnd, openNewVolumeWizard, reviewOf, screenshot, uiTest, waitUntil } from './harness.ts';

uiTest('cancel a full preallocation from the wizard: cancelled, the partial file removed, the jobs list says so', async (s) => {
  const { ui, page, bed } = s;
  const name = `ui-cancel-${process.pid}-${Date.now() % 100000}.raw`;
  const file = path.join(bed.poolPath, name);
  const d = page.getByRole('dialog');
  const wizard = d.locator('.wizard-body');
  let started = false;
  let ended = false;
  s.defer(async () => {
    // A test that failed before its cancel: stop the writing rather than leave 8 GiB behind.
    if (started && !ended && (await wizard.count()) > 0 && (await wizard.getAttribute('data-job-state', { timeout: 2000 }).catch(() => null)) === 'running') {
      await d
        .getByRole('button', { name: 'Cancel job' })
        .click()
        .catch(() => undefined);
      await jobEnd(d, 60_000).catch(() => undefined);
    }
    // Not a volume: removed by the cancel, or never listed.
    tryVirsh(bed, 'vol-delete', '--pool', bed.pool, name);
    // Never listed by the pool (the refresh is the last step): remove the file itself.
    if (existsSync(file)) rmSync(file, { force: true });
  });
  await openNewVolumeWizard(page, bed.pool);
  await d.locator('[data-wizard-step="volume"]').waitFor();
  await d.getByLabel('Storage pool').selectOption(bed.pool);
  await d.getByLabel('Volume name').fill(name);
  await d.getByRole('radio', { name: 'raw', exact: true }).check();
  await d.getByLabel('Capacity').fill('8G');
  await d.getByText('= 8.00 GiB (8,589,934,592 bytes)').waitFor();
  await d.getByRole('button', { name: 'Next' }).click();
  await d.getByRole('radio', { name: 'Full', exact: true }).check();
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  const commands = (await d.locator('.command-line').allInnerTexts()).join('\n');
  assert.match(commands, /qemu-img create .*preallocation=full .*8589934592/, commands);

  await d.getByRole('button', { name: 'Run', exact: true }).click();
  started = true;
  const view = d.locator('.job-view');
  await view.waitFor();
  const jobId = (await view.getAttribute('data-job')) ?? '';
  assert.ok(jobId);
  // Step 1 (the check) ends at a third of the bar; wait for zeros written within step 2.
  const bar = view.getByRole('progressbar');
  const pct = await waitUntil(
    'written bytes on the progress bar',
    async () => {
      const state = await wizard.getAttribute('data-job-state');
      if (state !== 'running') throw new Error(`the job ended (${state}) before it could be cancelled`);
      const n = Number(await bar.getAttribute('aria-valuenow'));
      return n > 34 ? n : null;
    },
    60_000,
  );
  assert.ok(pct > 0 && pct < 67, `mid-way through the zeros: ${pct}%`);
  assert.match(await view.locator('.job-status-line').innerText(), /Step 2 of 4: Write 8\.00 GiB of zeros/);
  await screenshot(page, 'job-cancel-1-progress-light');
  const cancel = d.getByRole('button', { name: 'Cancel job' });
  assert.equal(await cancel.isEnabled(), true, 'qemu-img may be interrupted');
  await cancel.click();

  await d.locator('[data-outcome="cancelled"]').waitFor({ timeout: 60_000 });
  ended = true;
  assert.equal(await wizard.getAttribute('data-job-state'), 'cancelled');
  const text = await d.locator('[data-outcome="cancelled"]').innerText();
  assert.match(text, /Cancelled during step 2 of 4/, text);
  assert.match(text, new RegExp(`undone: Remove the partly written ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`), text);
  assert.equal(existsSync(file), false, `${file} is removed`);
  // The job's own plan, marked: the check done, the writing stopped, the refresh and the listing check not run.
  assert.deepEqual(await d.locator('.job-view .plan-step').evaluateAll((els) => els.map((e) => /status-(\w+)/.exec(e.className)?.[1] ?? '?')), ['done', 'stopped', 'skipped', 'skipped']);
  await screenshot(page, 'job-cancel-2-cancelled-light');
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();

  // The status bar's jobs list.
  await page.locator('.jobs-button').click();
  const row = page.locator(`.jobs-popover .job-row[data-job="${jobId}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-state'), 'cancelled');
  assert.match(await row.innerText(), /Cancelled[\s\S]*undone: Remove the partly written/);
  await screenshot(page, 'job-cancel-3-jobs-light');
  await page.keyboard.press('Escape');
  assert.deepEqual(ui.errors, []);
});
