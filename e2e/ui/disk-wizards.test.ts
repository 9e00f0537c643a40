// The disk wizards end to end on the running test guest: attach a new qcow2
// volume created in the same job, then detach it and delete its volume. The
// review shows the exact commands; the job's end arrives by event; the guest
// sees the disk come and go.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { detachStray, tryVirsh } from '../integration/fixtures.ts';
import { guestExec, virsh, waitFor, type Testbed } from '../integration/testbed.ts';
import { columnTexts, LOCAL, reviewOf, rowNamed, treeItem, uiTest, waitUntil } from './harness.ts';

/** Opens the VM's disks table and returns its grid. */
async function openVm(page: Page, bed: Testbed) {
  const vm = treeItem(page, LOCAL, bed.runningVm);
  await vm.click();
  const grid = page.getByRole('grid', { name: `Disks of ${bed.runningVm}` });
  await grid.waitFor();
  return { vm, grid };
}

/** Best-effort removal of a disk and volume a test made (never the test bed's own). */
function cleanup(bed: Testbed, target: string | null, volume: string | null): void {
  if (target && !['vda', 'vdb'].includes(target)) detachStray(bed, bed.runningVm, target);
  if (volume) tryVirsh(bed, 'vol-delete', '--pool', bed.pool, volume);
}

const state: { target: string | null; volume: string | null } = { target: null, volume: null };

uiTest('attach wizard: a new qcow2 volume created inline, virtio, now and after restarts; the guest sees it', async (s) => {
  const { ui, page, bed } = s;
  const volume = `ui-attach-${process.pid}-${Date.now()}.qcow2`;
  let target: string | null = null;
  let ok = false;
  // On failure, leave nothing behind; on success the next test detaches it.
  s.defer(() => {
    if (ok) return;
    cleanup(bed, target, volume);
    state.target = null;
    state.volume = null;
  });
  const { grid } = await openVm(page, bed);
  // Keyboard only: Shift+F10 on the VM opens its menu; arrows and Enter pick the wizard.
  await page.getByRole('tree').focus();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu');
  await menu.waitFor();
  for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.textContent ?? '')) !== 'Attach disk…'; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const d = page.getByRole('dialog');
  await d.getByRole('heading', { name: `Attach a disk to ${bed.runningVm}` }).waitFor();

  // Source: a new volume in the test pool.
  await d.getByRole('radio', { name: 'New volume' }).check();
  await d.getByLabel('Storage pool').selectOption(bed.pool);
  await d.getByLabel('Volume name').fill(volume);
  await d.getByLabel('Capacity').fill('48M');
  await d.getByText('= 48.0 MiB (50,331,648 bytes)').waitFor();
  await d.getByRole('button', { name: 'Next' }).click();

  // Device: virtio, the first free target.
  const virtio = d.locator('[data-bus="virtio"] input');
  await virtio.waitFor();
  await virtio.check();
  target = await d.getByLabel('Target name in the VM').inputValue();
  assert.match(target, /^vd[c-z]$/);
  await d.getByRole('button', { name: 'Next' }).click();

  // Options: the VM runs, so the default is now and after restarts.
  assert.equal(await d.getByRole('radio', { name: 'Now and after restarts' }).isChecked(), true);
  await d.getByRole('button', { name: 'Review' }).click();

  // Review: the exact commands, vol-create then attach-device with the XML.
  await reviewOf(d);
  const commands = await d.locator('.command-line').allInnerTexts();
  const all = commands.join('\n');
  assert.match(commands[0] ?? '', /^virsh .*vol-create .*--pool spindle-test-pool/, all);
  const attaches = commands.filter((c) => /^virsh .*attach-device .*--domain spindle-test-vm /.test(c));
  assert.ok(attaches.length >= 1, all);
  assert.ok(attaches.some((c) => c.includes('--live')) && attaches.some((c) => c.includes('--config')), `live and saved: ${all}`);
  const xml = await d.locator('pre.stdin').allInnerTexts();
  assert.ok(xml.some((x) => x.includes(`<name>${volume}</name>`)), 'the volume XML is shown');
  assert.ok(xml.some((x) => x.includes(`<target dev='${target}' bus='virtio'/>`)), 'the disk XML is shown');

  // Export script downloads the backend's script; Copy commands confirms.
  const [download] = await Promise.all([page.waitForEvent('download'), d.getByRole('button', { name: 'Export script' }).click()]);
  assert.match(download.suggestedFilename(), /^spindle-disk-attach-.*\.sh$/);
  const script = readFileSync((await download.path()) ?? '', 'utf8');
  assert.match(script, /^#!\/bin\/sh/);
  assert.ok(script.includes('vol-create') && script.includes('attach-device'), script);
  await d.getByRole('button', { name: 'Copy commands' }).click();
  await d.getByRole('button', { name: 'Copied' }).waitFor();

  state.volume = volume;
  await d.getByRole('button', { name: 'Run' }).click();
  await d.locator('[data-outcome="succeeded"]').waitFor({ timeout: 90_000 });
  state.target = target;
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();

  // The disk table gets the new disk from the inventory event.
  await waitUntil(`${target} in the disk table`, async () => (await columnTexts(grid, 0)).includes(target ?? ''), 30_000);
  // The guest sees a disk of 48 MiB (98304 sectors of 512 bytes).
  const sectors = await waitFor(() => {
    const s = Number(guestExec(bed, '/bin/cat', [`/sys/block/${target}/size`]).trim());
    return s > 0 ? s : null;
  }, 20_000);
  assert.equal(sectors, 98_304);
  assert.ok(existsSync(path.join(bed.poolPath, volume)));
  assert.deepEqual(ui.errors, []);
  ok = true;
});

uiTest('detach wizard: detach that disk and delete its volume; file and guest device gone', async (s) => {
  const { ui, page, bed } = s;
  let done = false;
  s.defer(() => {
    if (!done) cleanup(bed, state.target, state.volume);
    state.target = null;
    state.volume = null;
  });
  // Self-sufficient: make a disk when the attach test did not leave one.
  if (!state.target || !state.volume) {
    state.volume = `ui-detach-${process.pid}-${Date.now()}.qcow2`;
    virsh(bed, 'vol-create-as', bed.pool, state.volume, '40M', '--format', 'qcow2');
    const used = virsh(bed, 'domblklist', bed.runningVm);
    state.target = ['vdc', 'vdd', 'vde', 'vdf'].find((x) => !used.includes(` ${x} `) && !used.includes(`${x} `)) ?? 'vdg';
    virsh(bed, 'attach-disk', bed.runningVm, path.join(bed.poolPath, state.volume), state.target, '--driver', 'qemu', '--subdriver', 'qcow2', '--live', '--config');
  }
  const target = state.target;
  const volume = state.volume;
  const file = path.join(bed.poolPath, volume);
  const { grid } = await openVm(page, bed);
  await waitUntil(`${target} listed`, async () => (await columnTexts(grid, 0)).includes(target), 30_000);
  const row = rowNamed(grid, target);
  await row.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Detach…' }).click();
  const d = page.getByRole('dialog');
  await d.getByRole('heading', { name: `Detach ${target} from ${bed.runningVm}` }).waitFor();
  // The guest agent is asked what is mounted (nothing, here).
  await d.locator('[data-mounted="none"], [data-agent]').first().waitFor({ timeout: 30_000 });
  await d.getByLabel('Also delete the volume').check();
  await d.getByRole('button', { name: 'Review' }).click();

  await reviewOf(d);
  const warning = await d.locator('[data-plan-warnings]').innerText();
  assert.ok(warning.includes(file), `the warning names ${file}: ${warning}`);
  const commands = await d.locator('.command-line').allInnerTexts();
  const all = commands.join('\n');
  assert.match(commands[0] ?? '', new RegExp(`detach-disk .*--target ${target}`), all);
  assert.match(commands[commands.length - 1] ?? '', /vol-delete .*--pool spindle-test-pool/, all);
  assert.equal(await d.locator('[data-destructive]').count(), 1);

  await d.getByRole('button', { name: 'Detach and delete' }).click();
  await d.locator('[data-outcome="succeeded"]').waitFor({ timeout: 90_000 });
  done = true;
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();

  await waitUntil(`${target} gone from the table`, async () => !(await columnTexts(grid, 0)).includes(target), 30_000);
  assert.equal(existsSync(file), false, `${file} is deleted`);
  await waitFor(() => guestExec(bed, '/bin/sh', ['-c', `test -e /sys/block/${target} && echo present || echo gone`]).trim() === 'gone', 20_000);
  assert.deepEqual(ui.errors, []);
});
