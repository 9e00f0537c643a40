// Through the real UI: a job an earlier Spindle was killed in the middle of
// (here a CLI `volume create --allocation full` killed with -9, sharing the
// app's settings folder) is listed in the status bar's jobs as "Interrupted",
// with what it left and the command that removes it; "Remove what it left"
// removes the partly written image and the job ends as cancelled. en + zh-CN.
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { qemuImgWriting, spawnCli } from '../integration/cli-process.ts';
import { waitFor } from '../integration/testbed.ts';
import { LOCAL, screenshot, uiTest, waitUntil } from './harness.ts';

uiTest('an interrupted job: listed with its leftover, removed from the jobs list, in English and Chinese', async (s) => {
  const { ui, page, bed } = s;
  const { server } = ui;
  const name = `ui-interrupted-${process.pid}.raw`;
  const file = path.join(bed.poolPath, name);
  s.defer(() => rmSync(file, { force: true }));
  const configDir = path.dirname(server.service.journal.dir);
  const cli = spawnCli(configDir, ['volume', 'create', '--host', LOCAL, '--pool', bed.pool, '--name', name, '--format', 'raw', '--capacity', '4G', '--allocation', 'full']);
  await waitFor(() => qemuImgWriting(file) || cli.child.exitCode !== null, 20_000);
  cli.child.kill('SIGKILL');
  await waitFor(() => !qemuImgWriting(file), 5000);
  // What the app does at start, done now: read the notes of jobs whose process is gone.
  await server.service.jobs.loadInterrupted();

  const jobsButton = page.locator('.jobs-button');
  await jobsButton.click();
  const row = page.locator('.job-row[data-state="interrupted"]');
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /Interrupted/);
  assert.match(text, /It may have left:/);
  assert.ok(text.includes(`Remove the partly written ${file}`), text);
  assert.ok(text.includes(`rm -f -- ${file}`), 'the exact command that removes it');
  await screenshot(page, 'jobs-interrupted-light-en');

  const zh = await ui.newPage({ language: 'zh-CN', colorScheme: 'dark' });
  await zh.locator('.jobs-button').click();
  await zh.locator('.job-row[data-state="interrupted"]').getByText('已中断').waitFor();
  await zh.locator('.job-row[data-state="interrupted"]').getByText(/Spindle 在此任务完成之前停止了/).waitFor();
  await zh.locator('.job-row[data-state="interrupted"]').getByRole('button', { name: '清除遗留内容' }).waitFor();
  await screenshot(zh, 'jobs-interrupted-dark-zh');

  await row.getByRole('button', { name: 'Remove what it left' }).click();
  await waitUntil('the job ends as cancelled, undone', async () => (await page.locator(`.job-row[data-state="cancelled"]`).filter({ hasText: 'undone now' }).count()) > 0);
  assert.equal(existsSync(file), false, 'the partly written image is gone');
  await screenshot(page, 'jobs-interrupted-undone-light-en');
  assert.deepEqual(ui.errors, []);
});
