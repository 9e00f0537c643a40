// Screenshots of every wizard step (test-results/screenshots/wizard-*.png),
// in light, some in dark and a review page in Chinese, for a person to look
// at. Real operations run against the test bed, failures included (nothing
// on the socket is rewritten); everything made is removed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { liveOnlyDisk, scratchVolume, tryVirsh } from '../integration/fixtures.ts';
import { guestExec, virsh, waitFor, type Testbed } from '../integration/testbed.ts';
import { columnTexts, jobEnd, LOCAL, openAttachWizard, openNewVolumeWizard, reviewOf, rowNamed, screenshot, treeItem, uiTest, waitUntil, type UiScope } from './harness.ts';

const uniq = `${process.pid}-${Date.now() % 100000}`;

/** Removes the libvirt secrets made for LUKS volumes at these paths. */
function dropSecrets(bed: Testbed, paths: string[]): void {
  const list = virsh(bed, 'secret-list');
  for (const line of list.split('\n')) {
    const m = /^\s*([0-9a-f-]{36})\s+volume\s+(.+?)\s*$/.exec(line);
    if (m?.[1] && m[2] && paths.includes(m[2])) tryVirsh(bed, 'secret-undefine', m[1]);
  }
}

async function runAndWait(d: Locator, button = 'Run'): Promise<void> {
  await d.getByRole('button', { name: button, exact: true }).click();
  await jobEnd(d);
}

/** Review, screenshot it, run, screenshot the result. */
async function reviewAndRun(page: Page, d: Locator, reviewShot: string, resultShot: string): Promise<void> {
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  await screenshot(page, reviewShot);
  await runAndWait(d);
  await screenshot(page, resultShot);
}

uiTest('create volume wizard: both steps, review with a secret input, result (light, dark, zh-CN)', async (s) => {
  const { ui, page, bed } = s;
  const name = `ui-shot-${uniq}.qcow2`;
  s.defer(() => dropSecrets(bed, [path.join(bed.poolPath, name)]));
  scratchVolume(s, name);
  let d = await openNewVolumeWizard(page, bed.pool);
  await d.getByLabel('Volume name').fill(name);
  await d.getByLabel('Capacity').fill('40M');
  await screenshot(page, 'wizard-volume-1-basics-light');
  // A taken name is refused as you type.
  await d.getByLabel('Volume name').fill('base.qcow2');
  await d.getByText('The pool already has a volume with this name.').waitFor();
  await screenshot(page, 'wizard-volume-1-name-taken-light');
  await d.getByLabel('Volume name').fill(name);
  await d.getByRole('button', { name: 'Next' }).click();
  await d.getByLabel('Backing volume').selectOption('base.qcow2');
  await d.getByLabel('Encrypt with LUKS').check();
  await d.getByLabel('Passphrase', { exact: true }).fill('correct horse');
  await d.getByLabel('Repeat the passphrase').fill('correct horse');
  await screenshot(page, 'wizard-volume-2-options-light');
  await d.getByRole('button', { name: 'Review' }).click();
  // The backend may refuse this combination: then it shows on the step.
  await d.locator('[data-review], [data-refusal]').first().waitFor({ timeout: 30_000 });
  if (await d.locator('[data-refusal]').count()) {
    await screenshot(page, 'wizard-volume-2-refused-light');
    await d.getByLabel('Encrypt with LUKS').uncheck();
    await d.getByRole('button', { name: 'Review' }).click();
  }
  await reviewOf(d);
  // The secret input is never shown, and the passphrase is nowhere in the page.
  if (await d.getByLabel('Encrypt with LUKS').count() === 0 && (await d.locator('.secret-placeholder').count()) > 0) {
    assert.match(await d.locator('.secret-placeholder').first().innerText(), /passphrase, not shown/);
  }
  assert.equal((await page.content()).includes('correct horse'), false);
  await screenshot(page, 'wizard-volume-3-review-light');
  const uuidIn = async (where: string) => /<uuid>([0-9a-f-]{36})<\/uuid>/.exec((await d.locator(`${where} pre.stdin`).allInnerTexts()).join('\n'))?.[1] ?? null;
  const reviewedUuid = await uuidIn('[data-review]');
  assert.equal(reviewedUuid !== null, (await d.locator('.secret-placeholder').count()) > 0, 'an encrypted volume has its secret in the review');
  await runAndWait(d);
  // The result shows the plan that ran: for LUKS, with the secret UUID generated again at start.
  assert.equal(await d.locator('.job-view').getAttribute('data-plan'), 'job');
  if (reviewedUuid) {
    const ranUuid = await uuidIn('.job-view');
    assert.ok(ranUuid && ranUuid !== reviewedUuid, `the job's own secret UUID (${ranUuid}) is shown, not the review's (${reviewedUuid})`);
    await d.locator('[data-plan-changed]').waitFor();
    assert.ok((await d.locator('.job-view [data-plan-warnings]').innerText()).includes(ranUuid));
  }
  await screenshot(page, 'wizard-volume-4-result-light');
  await page.keyboard.press('Escape');

  // Dark: the first step and the review.
  const dark = await ui.newPage({ colorScheme: 'dark' });
  d = await openNewVolumeWizard(dark, bed.pool);
  await d.getByLabel('Volume name').fill(`dark-${name}`);
  await screenshot(dark, 'wizard-volume-1-basics-dark');
  await d.getByRole('button', { name: 'Next' }).click();
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  await screenshot(dark, 'wizard-volume-3-review-dark');
  await dark.context().close();
  assert.deepEqual(ui.errors, []);
});

uiTest('attach, resize with grow filesystem, detach with unmount: every step (light), review and result (dark, zh-CN)', async (s) => {
  const { ui, page, bed } = s;
  const volume = scratchVolume(s, `ui-shot-attach-${uniq}.qcow2`);
  let target = '';
  s.defer(() => {
    if (!target) return;
    tryVirsh(bed, 'detach-disk', bed.runningVm, target, '--live', '--config');
    tryVirsh(bed, 'detach-disk', bed.runningVm, target, '--live');
  });
  const d = await openAttachWizard(page, bed.runningVm);

  // Source: existing volume (with who uses it), file, ISO, block device, new volume.
  await d.getByLabel('Storage pool').selectOption(bed.pool);
  await d.getByRole('option', { name: /overlay\.qcow2/ }).click();
  await screenshot(page, 'wizard-attach-1-source-volume-light');
  await d.getByRole('radio', { name: 'File on the host' }).check();
  await d.locator('.file-entry').first().waitFor();
  await d.locator('.file-entry[data-name="data.raw"]').click();
  await d.locator('[data-image-format]').waitFor({ timeout: 20_000 });
  await screenshot(page, 'wizard-attach-1-source-file-light');
  await d.getByRole('radio', { name: 'ISO image' }).check();
  await d.locator('.file-list').waitFor();
  await screenshot(page, 'wizard-attach-1-source-iso-light');
  await d.getByRole('radio', { name: 'Block device' }).check();
  await d.locator('.file-entry').first().waitFor();
  await screenshot(page, 'wizard-attach-1-source-block-light');
  await d.getByRole('radio', { name: 'New volume' }).check();
  await d.getByLabel('Storage pool').selectOption(bed.pool);
  await d.getByLabel('Volume name').fill(volume);
  await d.getByLabel('Capacity').fill('40M');
  await screenshot(page, 'wizard-attach-1-source-new-light');
  await d.getByRole('button', { name: 'Next' }).click();

  await d.locator('[data-bus="virtio"] input').waitFor();
  await screenshot(page, 'wizard-attach-2-device-light');
  // SATA on a running VM: persistent only, said on the options step.
  await d.locator('[data-bus="sata"] input').check();
  await d.getByRole('button', { name: 'Next' }).click();
  await screenshot(page, 'wizard-attach-3-options-sata-light');
  await d.getByRole('button', { name: 'Back' }).click();
  await d.locator('[data-bus="virtio"] input').check();
  target = await d.getByLabel('Target name in the VM').inputValue();
  await d.getByRole('button', { name: 'Next' }).click();
  await d.locator('[data-advanced] summary').click();
  await d.getByLabel('Cache').selectOption('none');
  await d.getByLabel('Discard').selectOption('unmap');
  await d.getByLabel('Serial').fill('SPINDLE-UI');
  await screenshot(page, 'wizard-attach-3-options-light');
  await reviewAndRun(page, d, 'wizard-attach-4-review-light', 'wizard-attach-5-result-light');
  assert.equal(await d.locator('.wizard-body').getAttribute('data-job-state'), 'succeeded');
  await page.keyboard.press('Escape');

  // A filesystem on it inside the guest, mounted.
  await waitFor(() => guestExec(bed, '/bin/sh', ['-c', `test -e /dev/${target} && echo y`]).trim() === 'y', 20_000);
  guestExec(bed, '/bin/sh', ['-c', `mkfs.ext4 -q /dev/${target} && mkdir -p /mnt/ui && mount /dev/${target} /mnt/ui`]);

  // Resize: 40M -> 64M, then grow the filesystem.
  const grid = page.getByRole('grid', { name: `Disks of ${bed.runningVm}` });
  await waitUntil(`${target} listed`, async () => (await columnTexts(grid, 0)).includes(target), 30_000);
  const row = rowNamed(grid, target);
  await row.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Resize…' }).click();
  await d.getByLabel('New size').fill('32M');
  await d.getByRole('button', { name: 'Review' }).click();
  await d.locator('[data-refusal]').waitFor({ timeout: 30_000 });
  await screenshot(page, 'wizard-resize-1-refused-light');
  await d.getByLabel('New size').fill('64M');
  await screenshot(page, 'wizard-resize-1-size-light');
  await reviewAndRun(page, d, 'wizard-resize-2-review-light', 'wizard-resize-3-result-light');
  assert.equal(await d.locator('.wizard-body').getAttribute('data-job-state'), 'succeeded');
  await d.locator('[data-grow-offer], .job-view .field-help').first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'wizard-resize-3-result-light');
  if (await d.locator('[data-grow-offer]').count()) {
    await d.getByRole('button', { name: 'Grow the filesystem in the guest' }).click();
    await d.locator('[data-review], [data-refusal]').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'wizard-growfs-1-review-light');
    if (await d.locator('[data-review]').count()) {
      await runAndWait(d, 'Grow');
      await screenshot(page, 'wizard-growfs-2-result-light');
    }
  }
  await page.keyboard.press('Escape');

  // Detach: mounted in the guest; unmount first; delete the volume.
  await row.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Detach…' }).click();
  await d.locator('[data-mounted], [data-agent]').first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'wizard-detach-1-mounted-light');
  if (await d.getByRole('button', { name: 'Unmount first' }).count()) {
    await d.getByRole('button', { name: 'Unmount first' }).click();
    await d.locator('[data-umount-state="succeeded"], [data-umount-state="failed"]').first().waitFor({ timeout: 30_000 });
    await d.locator('[data-mounted="none"], [data-umount-state="failed"]').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'wizard-detach-1-unmounted-light');
  }
  await d.getByLabel('Also delete the volume').check();
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  await screenshot(page, 'wizard-detach-2-review-light');

  // The same review in dark and in Chinese, before running it.
  for (const [opts, name] of [
    [{ colorScheme: 'dark' as const }, 'wizard-detach-2-review-dark'],
    [{ language: 'zh-CN' as const }, 'wizard-detach-2-review-light-zh-CN'],
  ] as const) {
    const p = await ui.newPage(opts);
    await treeItem(p, LOCAL, bed.runningVm).click();
    const g = p.getByRole('grid').first();
    await waitUntil(`${target} listed`, async () => (await columnTexts(g, 0)).includes(target), 30_000);
    await rowNamed(g, target).click();
    await p.locator(`.details [data-action="detach-disk"]`).click();
    const dd = p.getByRole('dialog');
    await dd.locator('input[name="deleteVolume"]').check();
    await dd.locator('.modal-footer .btn.primary').click();
    await reviewOf(dd);
    await screenshot(p, name);
    await p.context().close();
  }

  await runAndWait(d, 'Detach and delete');
  await screenshot(page, 'wizard-detach-3-result-light');
  assert.equal(await d.locator('.wizard-body').getAttribute('data-job-state'), 'succeeded');
  await page.keyboard.press('Escape');
  target = '';

  // The jobs list in the status bar.
  await page.locator('.jobs-button').click();
  await page.locator('.jobs-popover .job-row').first().waitFor();
  await screenshot(page, 'wizard-jobs-light');
  await page.keyboard.press('Escape');
  assert.deepEqual(ui.errors, []);
});

uiTest('attach review and result in dark and Chinese; pending badge and the saved-vs-live diff', async (s) => {
  const { ui, page, bed } = s;
  // A disk attached to the running VM only: pending until shutdown.
  liveOnlyDisk(s, 'vdh');
  const vm = treeItem(page, LOCAL, bed.runningVm);
  await vm.locator('.pending-mark').waitFor({ timeout: 15_000 });
  await vm.click();
  await page.locator('[data-pending="disks"]').waitFor();
  await screenshot(page, 'wizard-pending-badge-dark');
  await page.locator('[data-pending="disks"]').getByRole('button', { name: 'View differences' }).click();
  const d = page.getByRole('dialog');
  await d.locator('.diff-line.add').first().waitFor({ timeout: 20_000 });
  await screenshot(page, 'wizard-diff-dark');
  await page.keyboard.press('Escape');

  // The attach review in dark, then in Chinese (existing volume, read-only).
  for (const [p, name] of [
    [page, 'wizard-attach-4-review-dark'],
    [await ui.newPage({ language: 'zh-CN' }), 'wizard-attach-4-review-light-zh-CN'],
  ] as const) {
    await treeItem(p, LOCAL, bed.runningVm).click();
    await p.locator('.details [data-action="attach-disk"]').click();
    const w = p.getByRole('dialog');
    await w.locator('select[name="pool"]').selectOption(bed.pool);
    await w.locator('.pick-row[data-name="base.qcow2"]').click();
    await w.locator('.modal-footer .btn.primary').click();
    await w.locator('[data-bus="virtio"] input').check();
    await w.locator('.modal-footer .btn.primary').click();
    await w.locator('[data-advanced] summary').click();
    await w.locator('input[name="readonly"]').check();
    await w.locator('.modal-footer .btn.primary').click();
    await reviewOf(w);
    await screenshot(p, name);
    await p.keyboard.press('Escape');
  }
  assert.deepEqual(ui.errors, []);
}, { colorScheme: 'dark' });

uiTest('CD-ROM: a drive added to the shut-off VM, insert and eject (light)', async (s) => {
  const { ui, page, bed } = s;
  const isoDir = path.join(path.dirname(bed.poolPath), `ui-iso-${uniq}`);
  const iso = path.join(isoDir, 'spindle-test.iso');
  const other = path.join(isoDir, 'other.iso');
  s.defer(() => rmSync(isoDir, { recursive: true, force: true }));
  let drive = '';
  s.defer(() => drive && tryVirsh(bed, 'detach-disk', bed.shutoffVm, drive, '--config'));
  mkdirSync(isoDir, { recursive: true });
  writeFileSync(iso, Buffer.alloc(64 * 1024));
  writeFileSync(other, Buffer.alloc(64 * 1024));
  const vm = treeItem(page, LOCAL, bed.shutoffVm);
  await vm.click();
  await page.locator('.details [data-action="attach-disk"]').click();
  const d = page.getByRole('dialog');
  await d.getByRole('radio', { name: 'ISO image' }).check();
  await d.getByLabel('Path on the host').fill(isoDir);
  await d.getByLabel('Path on the host').press('Enter');
  await d.locator('.file-entry[data-name="spindle-test.iso"]').click();
  await d.getByRole('button', { name: 'Next' }).click();
  await d.locator('[data-bus="sata"] input').waitFor();
  drive = await d.getByLabel('Target name in the VM').inputValue();
  await screenshot(page, 'wizard-attach-2-device-cdrom-light');
  await d.getByRole('button', { name: 'Next' }).click();
  await screenshot(page, 'wizard-attach-3-options-off-light');
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  await runAndWait(d);
  await page.keyboard.press('Escape');

  await vm.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'CD-ROM media…' }).click();
  await d.locator('[data-wizard-step="medium"]').waitFor();
  await d.getByLabel('Path on the host').fill(isoDir);
  await d.getByLabel('Path on the host').press('Enter');
  await d.locator('.file-entry[data-name="other.iso"]').click();
  await screenshot(page, 'wizard-cdrom-1-change-light');
  await reviewAndRun(page, d, 'wizard-cdrom-2-review-light', 'wizard-cdrom-3-result-light');
  await page.keyboard.press('Escape');
  await waitUntil('the new medium in the inventory', async () => (await page.locator('.grid').innerText()).includes('other.iso'), 20_000);

  await vm.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'CD-ROM media…' }).click();
  await d.getByRole('radio', { name: 'Eject' }).check();
  await screenshot(page, 'wizard-cdrom-1-eject-light');
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  await runAndWait(d);
  assert.equal(await d.locator('.wizard-body').getAttribute('data-job-state'), 'succeeded');
  await page.keyboard.press('Escape');
  assert.deepEqual(ui.errors, []);
});

/**
 * The attach wizard on the running VM with a host file as source that sits in
 * a folder only root may enter (mode 0700): the review warns that QEMU's user
 * cannot reach it, the saved configuration takes the path, the running VM
 * (QEMU runs as libvirt-qemu) cannot open it. Returns the wizard at its
 * result, once that is `outcome`, with the result's text, the file and the
 * target the UI picked; the folder and whatever the attach left on that side
 * are removed when the test ends.
 */
async function attachUnreachableFile(s: UiScope, mode: 'Now and after restarts' | 'Now only', outcome: 'partial' | 'failed'): Promise<{ d: Locator; text: string; file: string; target: string }> {
  const { page, bed } = s;
  const file = path.join(path.dirname(bed.poolPath), 'vms', `ui-closed-${process.pid}-${mode === 'Now only' ? 'live' : 'both'}`, 'disk.raw');
  s.defer(() => rmSync(path.dirname(file), { recursive: true, force: true }));
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(path.dirname(file), 0o700);
  execFileSync('qemu-img', ['create', '-q', '-f', 'raw', file, '16M'], { stdio: 'ignore', timeout: 30_000 });
  const d = await openAttachWizard(page, bed.runningVm);
  await d.getByRole('radio', { name: 'File on the host' }).check();
  await d.getByLabel('Path on the host').fill(path.dirname(file));
  await d.getByLabel('Path on the host').press('Enter');
  await d.locator(`.file-entry[data-name="${path.basename(file)}"]`).click();
  await d.locator('[data-image-format="raw"]').waitFor({ timeout: 20_000 });
  await d.getByRole('button', { name: 'Next' }).click();
  await d.locator('[data-bus="virtio"] input').check();
  const target = await d.getByLabel('Target name in the VM').inputValue();
  assert.match(target, /^vd[a-z]+$/);
  // Only in case the attach did take it on that side after all.
  s.defer(() => tryVirsh(bed, 'detach-disk', bed.runningVm, target, mode === 'Now only' ? '--live' : '--config'));
  await d.getByRole('button', { name: 'Next' }).click();
  await d.getByRole('radio', { name: mode }).check();
  await d.locator('[data-advanced] summary').click();
  await d.locator('input[name="readonly"]').check();
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  assert.ok((await d.locator('pre.stdin').first().innerText()).includes(file), 'the review attaches that file');
  assert.match(await d.innerText(), /cannot enter|chmod o\+x/, 'the review warns that QEMU cannot reach the folder');
  await runAndWait(d);
  const result = d.locator(`[data-outcome="${outcome}"]`);
  await result.waitFor();
  return { d, text: await result.innerText(), file, target };
}

/** The marks of the job view's steps, top to bottom ("done", "failed", ...). */
async function stepMarks(d: Locator): Promise<string[]> {
  return d.locator('.job-view .plan-step').evaluateAll((els) => els.map((e) => /status-(\w+)/.exec(e.className)?.[1] ?? '?'));
}

uiTest('a live attach the running VM refuses after the saved config took it: partial, pending badge and diff (light, real)', async (s) => {
  const { ui, page, bed } = s;
  const { d, text, file, target } = await attachUnreachableFile(s, 'Now and after restarts', 'partial');
  assert.match(text, /after the next shutdown/, text);
  assert.ok(text.includes(file), `the message names the file: ${text}`);
  assert.match(text, /Permission denied/, text);
  // The steps shown are the job's own plan: saved config done, live attach failed.
  assert.equal(await d.locator('.job-view').getAttribute('data-plan'), 'job');
  assert.deepEqual(await stepMarks(d), ['done', 'failed']);
  await screenshot(page, 'wizard-result-partial-light');
  await d.locator('.job-view .plan-step.status-failed').scrollIntoViewIfNeeded();
  await screenshot(page, 'wizard-result-partial-steps-light');
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();

  // The VM has a pending change: the disk is in the saved config only.
  const vm = treeItem(page, LOCAL, bed.runningVm);
  await vm.locator('.pending-mark').waitFor({ timeout: 20_000 });
  const callout = page.locator('[data-pending="disks"]');
  await callout.waitFor({ timeout: 20_000 });
  assert.ok((await callout.innerText()).includes(target), `the callout names ${target}`);
  await screenshot(page, 'wizard-result-partial-pending-light');
  await callout.getByRole('button', { name: 'View differences' }).click();
  const diff = page.getByRole('dialog');
  await diff.locator('.diff-line.del, .diff-line.add').first().waitFor({ timeout: 20_000 });
  const removed = (await diff.locator('.diff-line.del').allInnerTexts()).join('\n');
  assert.ok(removed.includes(file), `the saved-only lines name the file: ${removed}`);
  await screenshot(page, 'wizard-result-partial-diff-light');
  await page.keyboard.press('Escape');
  assert.deepEqual(ui.errors, []);
});

uiTest('a live-only attach the running VM refuses: failed, with the message from libvirt/QEMU (light, real)', async (s) => {
  const { ui, page, bed } = s;
  const { d, text, file } = await attachUnreachableFile(s, 'Now only', 'failed');
  assert.match(text, /Cannot access storage file|Could not open/, text);
  assert.match(text, /Permission denied/, text);
  assert.ok(text.includes(file), `the message names the file: ${text}`);
  assert.deepEqual(await stepMarks(d), ['failed']);
  await screenshot(page, 'wizard-result-failed-light');
  // Nothing was left: the VM has no such disk, live or saved.
  const xml = virsh(bed, 'dumpxml', bed.runningVm) + virsh(bed, 'dumpxml', '--inactive', bed.runningVm);
  assert.equal(xml.includes(file), false);
  // Retry plans again and comes back to the review (the folder is still closed: a warning, not a refusal).
  await d.getByRole('button', { name: 'Retry' }).click();
  await reviewOf(d);
  await page.keyboard.press('Escape');
  assert.deepEqual(ui.errors, []);
});
