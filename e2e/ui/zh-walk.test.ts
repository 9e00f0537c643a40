// A walk through the wizards with the UI in Chinese: each is driven to its
// review page (and several to their result) against the real backend, then
// the language is switched to zh-CN and every sentence on the page is read:
// the backend's plan titles, step descriptions, warnings, partial notes and
// refusals must be Chinese. Commands, paths and XML (code, .mono) are not
// sentences. Screenshots: test-results/screenshots/zh-walk-*.png.
// What the walk makes (volumes, a disk mounted in the guest, an image mounted
// on the host, a CD-ROM drive with an ISO in the shut-off VM) is undone when it ends, passed or
// failed (uiTest's scope).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { guestDeviceBySerial, liveTargets, scratchVolume, tryVirsh } from '../integration/fixtures.ts';
import { startAndWait } from '../integration/service-harness.ts';
import { guestExec, virsh, waitFor, type Testbed } from '../integration/testbed.ts';
import { englishSentences, jobEnd, LOCAL, rowNamed, screenshot, treeItem, uiTest, waitUntil } from './harness.ts';

const uniq = `${process.pid}-${Date.now() % 100000}`;

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

/** The review page, or the refusal in its place (on the step, or for a wizard without steps, instead of the review). */
async function review(d: Locator): Promise<void> {
  await d.locator('[data-review], [data-refusal], .wizard-page [data-error-code]').first().waitFor({ timeout: 30_000 });
}

/** The review page itself: a refusal fails the walk with its text. */
async function reviewed(d: Locator): Promise<void> {
  await review(d);
  if ((await d.locator('[data-review]').count()) === 0) assert.fail(`refused instead of reviewed: ${await d.locator('.wizard-page').innerText()}`);
}

/** Runs the reviewed plan (the footer's last button) and waits for the job: it must succeed. */
async function run(d: Locator): Promise<void> {
  await d.locator('.modal-footer .btn.primary, .modal-footer .btn.danger').last().click();
  const state = await jobEnd(d);
  assert.equal(state, 'succeeded', await d.locator('.job-view').innerText());
}

async function close(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

/** A target name (`prefix` vd, sd, then one of `letters`, in that order) that `vm` has neither now nor in its saved configuration. */
function freeTarget(bed: Testbed, vm: string, prefix: string, letters: string): string {
  const listed = `${virsh(bed, 'domblklist', vm)}\n${virsh(bed, 'domblklist', '--inactive', vm)}`;
  const taken = new Set(listed.split('\n').map((l) => l.trim().split(/\s+/)[0]));
  const free = [...letters].map((c) => `${prefix}${c}`).find((x) => !taken.has(x));
  assert.ok(free, `a free ${prefix}* target on ${vm}`);
  return free;
}


/** Whether the guest has something mounted at `mountpoint`. */
const guestHasMount = (bed: Testbed, mountpoint: string): boolean => guestExec(bed, '/bin/cat', ['/proc/mounts']).split('\n').some((l) => l.split(' ')[1] === mountpoint);

uiTest("zh-CN walk: every wizard's review (and results and a refusal) reads in Chinese", async (s) => {
  const { ui, page, bed } = s;
  const found = new Map<string, string[]>();
  const volume = scratchVolume(s, `zh-walk-${uniq}.qcow2`);
  const raw = scratchVolume(s, `zh-walk-${uniq}.raw`);
  const fsVolume = scratchVolume(s, `zh-walk-fs-${uniq}.raw`);
  const started = Date.now();
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

  // A disk with ext4, attached to the running VM now only and mounted in the guest (its serial names it there):
  // resize it (review, result), grow its filesystem (review, result), unmount it (step, review, result).
  const fsFile = `${bed.poolPath}/${fsVolume}`;
  execFileSync('truncate', ['-s', '16M', fsFile]);
  execFileSync('mkfs.ext4', ['-q', '-F', fsFile]);
  virsh(bed, 'pool-refresh', bed.pool);
  const fsTarget = freeTarget(bed, bed.runningVm, 'vd', 'zyxwvutsrq');
  const serial = `ZHWALK${uniq.replace(/\D/g, '')}`.slice(0, 20);
  const guestMountpoint = `/mnt/zh-walk-${uniq}`;
  let fsAttached = false;
  s.defer(async () => {
    if (!fsAttached) return;
    try {
      // The mountpoint is this run's own: whatever is mounted there is ours. Unmounted before the disk goes (no stale mount).
      if (guestHasMount(bed, guestMountpoint)) guestExec(bed, '/bin/umount', [guestMountpoint]);
      guestExec(bed, '/bin/sh', ['-c', 'rmdir "$1" 2>/dev/null; exit 0', 'sh', guestMountpoint]);
    } finally {
      tryVirsh(bed, 'detach-disk', bed.runningVm, fsTarget, '--live');
      await waitFor(() => !liveTargets(bed, bed.runningVm).includes(fsTarget), 20_000, 200);
    }
  });
  fsAttached = true;
  virsh(bed, 'attach-disk', bed.runningVm, fsFile, fsTarget, '--driver', 'qemu', '--subdriver', 'raw', '--targetbus', 'virtio', '--serial', serial, '--live');
  const device = await waitUntil('the new disk in the guest', async () => guestDeviceBySerial(bed, serial) || null, 30_000);
  guestExec(bed, '/bin/sh', ['-c', 'mkdir -p "$1" && mount -t ext4 "$2" "$1"', 'sh', guestMountpoint, device]);
  assert.ok(guestHasMount(bed, guestMountpoint), `${device} mounted at ${guestMountpoint} in the guest`);

  await vm.click();
  const fsRow = rowNamed(grid, fsTarget);
  await fsRow.waitFor({ timeout: 30_000 });
  await fsRow.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Resize…' }).click();
  await d.getByLabel('New size').fill('24M');
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewed(d);
  await checkChinese(page, 'resize-review', found);
  await run(d);
  await d.locator('[data-grow-offer]').waitFor({ timeout: 30_000 });
  await checkChinese(page, 'resize-result', found);
  await d.getByRole('button', { name: 'Grow the filesystem in the guest' }).click();
  await reviewed(d);
  await checkChinese(page, 'growfs-review', found);
  await run(d);
  await checkChinese(page, 'growfs-result', found);
  await close(page);

  // The disk's own Filesystems tab: only what sits on it.
  await fsRow.click();
  await page.locator('.details [data-details-tab="filesystems"]').click();
  const fsTab = page.locator(`.details [data-fs-tab="${fsTarget}"]`);
  const mountedRow = fsTab.locator(`tr[data-device="${device}"][data-mountpoints~="${guestMountpoint}"]`);
  await waitUntil(`${guestMountpoint} in the Filesystems tab`, async () => {
    if ((await mountedRow.count()) > 0) return true;
    const refresh = fsTab.locator('[data-action="refresh-fs"]');
    if ((await refresh.count()) > 0 && !(await refresh.isDisabled())) await refresh.click();
    await page.waitForTimeout(500);
    return null;
  }, 30_000);
  await mountedRow.locator(`[data-action="umount"][data-mountpoint="${guestMountpoint}"]`).click();
  await d.locator('[data-wizard-step="umount"] [data-fstab-lines]').waitFor({ timeout: 30_000 });
  await checkChinese(page, 'guest-umount-step', found);
  await d.locator('.modal-footer .btn.primary').click();
  await reviewed(d);
  await checkChinese(page, 'guest-umount-review', found);
  await run(d);
  await checkChinese(page, 'guest-umount-result', found);
  await close(page);
  assert.equal(guestHasMount(bed, guestMountpoint), false, `${guestMountpoint} unmounted in the guest`);

  // A raw volume with a filesystem, mounted on the host (review, result), then unmounted (review, result).
  execFileSync('truncate', ['-s', '16M', `${bed.poolPath}/${raw}`]);
  execFileSync('mkfs.ext4', ['-q', '-F', `${bed.poolPath}/${raw}`]);
  virsh(bed, 'pool-refresh', bed.pool);
  let hostMountedAt: string | null = null;
  s.defer(async () => {
    if (!hostMountedAt) return;
    const list = await ui.server.service.dispatch('host.mounts', { host: LOCAL });
    const m = list.ok ? list.result.find((x) => x.mountpoint === hostMountedAt) : undefined;
    if (m) await startAndWait(ui.server.service, { kind: 'host.umount', host: LOCAL, request: { id: m.id } });
  });
  await pool.click();
  const volGrid = page.locator('.table-view [role="grid"]');
  const volRow = volGrid.locator('[role="row"][data-row-index]').filter({ has: page.locator('[role="gridcell"]', { hasText: raw }) });
  await volRow.waitFor({ timeout: 30_000 });
  await volRow.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Mount on host…' }).click();
  await d.locator('[data-partitions]').waitFor({ timeout: 30_000 });
  await d.locator('.modal-footer .btn.primary').click();
  await d.locator('.modal-footer .btn.primary').click();
  await reviewed(d);
  await checkChinese(page, 'host-mount-review', found);
  await run(d);
  hostMountedAt = await d.locator('[data-mounted-at]').getAttribute('data-mounted-at');
  assert.ok(hostMountedAt, 'the result says where it is mounted');
  await checkChinese(page, 'host-mount-result', found);
  await d.getByRole('button', { name: 'Show host mounts' }).click();
  await close(page);
  const hostMountRow = page.locator(`.details [data-host-mounts="${LOCAL}"] tr[data-mountpoint="${hostMountedAt}"]`);
  await hostMountRow.waitFor({ timeout: 20_000 });
  await hostMountRow.locator('[data-action="host-umount"]').click();
  await reviewed(d);
  await checkChinese(page, 'host-umount-review', found);
  await run(d);
  hostMountedAt = null;
  // The title still names the image once the job has taken the mount off the host's list.
  const umountTitle = await d.locator('h2').first().innerText();
  assert.ok(umountTitle.includes(raw), `the title names ${raw}: ${umountTitle}`);
  await checkChinese(page, 'host-umount-result', found);
  await close(page);

  // A CD-ROM drive with an ISO added to the shut-off VM (attach wizard: review, result; libvirt sends no event for a
  // change to a saved configuration, so the UI learns of the drive from its own job), then the CD-ROM wizard: change
  // the ISO (step, review, result), eject it (review, result), insert one in the empty drive (step, review).
  const isoDir = path.join(path.dirname(bed.poolPath), `zh-walk-iso-${uniq}`);
  s.defer(() => rmSync(isoDir, { recursive: true, force: true }));
  mkdirSync(isoDir, { recursive: true });
  for (const iso of ['zh-walk-a.iso', 'zh-walk-b.iso']) writeFileSync(path.join(isoDir, iso), Buffer.alloc(64 * 1024));
  // The last free SATA port of the first controller: a spec that takes the first free one may run beside this one.
  const drive = freeTarget(bed, bed.shutoffVm, 'sd', 'fedcba');
  s.defer(() => tryVirsh(bed, 'detach-disk', bed.shutoffVm, drive, '--config'));
  const pickIso = async (iso: string): Promise<void> => {
    await d.getByLabel('Path on the host').fill(isoDir);
    await d.getByLabel('Path on the host').press('Enter');
    await d.locator(`.file-entry[data-name="${iso}"]`).click();
  };
  await off.click();
  await page.locator('.details [data-action="attach-disk"]').click();
  await d.getByRole('radio', { name: 'ISO image' }).check();
  await pickIso('zh-walk-a.iso');
  await d.getByRole('button', { name: 'Next' }).click();
  await d.locator('[data-bus="sata"] input').waitFor();
  await d.getByLabel('Target name in the VM').fill(drive);
  await d.getByRole('button', { name: 'Next' }).click();
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewed(d);
  // The drive the clean-up removes is the one attached.
  assert.match(await d.locator('[data-review] pre.stdin').first().innerText(), new RegExp(`<target dev='${drive}' bus='sata'/>`));
  await checkChinese(page, 'attach-iso-review', found);
  await run(d);
  await checkChinese(page, 'attach-iso-result', found);
  await close(page);

  const offGrid = page.getByRole('grid', { name: `Disks of ${bed.shutoffVm}` });
  const driveRow = rowNamed(offGrid, drive);
  const medium = async (iso: string | null): Promise<void> => {
    const has = async (name: string) => (await driveRow.innerText()).includes(name);
    await waitUntil(`${iso ?? 'no ISO'} in ${drive}`, async () => (iso ? await has(iso) : !(await has('.iso'))), 20_000);
  };
  const cdromWizard = async (): Promise<void> => {
    await driveRow.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Insert or eject…' }).click();
    await d.locator('[data-wizard-step="medium"]').waitFor();
  };
  await medium('zh-walk-a.iso');
  await cdromWizard();
  await pickIso('zh-walk-b.iso');
  await checkChinese(page, 'cdrom-change-step', found);
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewed(d);
  await checkChinese(page, 'cdrom-change-review', found);
  await run(d);
  await checkChinese(page, 'cdrom-change-result', found);
  await close(page);

  await medium('zh-walk-b.iso');
  await cdromWizard();
  await d.getByRole('radio', { name: 'Eject' }).check();
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewed(d);
  await checkChinese(page, 'cdrom-eject-review', found);
  await run(d);
  await checkChinese(page, 'cdrom-eject-result', found);
  await close(page);

  await medium(null);
  await cdromWizard();
  await pickIso('zh-walk-a.iso');
  await checkChinese(page, 'cdrom-insert-step', found);
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewed(d);
  await checkChinese(page, 'cdrom-insert-review', found);
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
  console.log(`# zh-walk: ${found.size} of the pages had English; the walk took ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const report = [...found].map(([k, v]) => `${k}: ${v.join(' | ')}`).join('\n');
  assert.equal(found.size, 0, `English sentences on Chinese pages:\n${report}`);
  assert.deepEqual(ui.errors, []);
});
