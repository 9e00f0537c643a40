// Filesystem mounting on the real test bed, through the UI: a fresh volume is
// attached to the running guest (through the API), then the mount wizard
// picks it (keyboard), creates ext4 with a label after the typed
// confirmation, mounts it at /mnt/data with an /etc/fstab line (shown on the
// review page), and the Filesystems tab shows it with its used bytes; then
// Unmount… with "also remove from /etc/fstab"; the disk is detached and its
// volume deleted at the end, also when something failed. Bad mountpoints are
// refused as typed. The Demo host's VM (no agent) and the host mount wizard
// (a raw volume mounted read-only on the host, listed, unmounted) too.
// Screenshots of every step in test-results/screenshots/mount-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { scratchVolume, tryVirsh } from '../integration/fixtures.ts';
import { startAndWait } from '../integration/service-harness.ts';
import { guestExec, virsh, type Testbed } from '../integration/testbed.ts';
import { jobEnd, LOCAL, reviewOf, screenshot, treeItem, uiTest, waitUntil } from './harness.ts';

const uniq = `${process.pid}-${Date.now() % 100000}`;
const MOUNTPOINT = '/mnt/data';

/**
 * Leaves the guest as it was: our device no longer mounted at /mnt/data, and no fstab line with our
 * filesystem's UUID. Only what this test made is touched (other tests may use the same guest).
 */
function cleanGuest(bed: Testbed, device: string | null, uuid: string | null): void {
  try {
    if (device && guestExec(bed, '/bin/cat', ['/proc/mounts']).includes(`${device} ${MOUNTPOINT} `)) guestExec(bed, '/bin/umount', [MOUNTPOINT]);
    if (uuid) guestExec(bed, '/bin/sed', ['-i', `/^UUID=${uuid} /d`, '/etc/fstab']);
  } catch {
    /* the guest is gone */
  }
}

/**
 * Waits until nothing is mounted at /mnt/data in the guest and fstab has no line for it (another test
 * may be using it). A mount left behind by a disk that is gone (detached while mounted) is stale:
 * it is lazily unmounted, and said so.
 */
async function mountpointFree(bed: Testbed): Promise<void> {
  await waitUntil(
    `${MOUNTPOINT} free in the test guest (another test is using it)`,
    async () => {
      const mounts = guestExec(bed, '/bin/cat', ['/proc/mounts']);
      const at = mounts.split('\n').find((l) => l.split(' ')[1] === MOUNTPOINT);
      const dev = at?.split(' ')[0] ?? '';
      if (dev.startsWith('/dev/') && guestExec(bed, '/bin/sh', ['-c', `test -e /sys/class/block/${dev.slice(5)} && echo yes || echo no`]).trim() === 'no') {
        console.log(`# ${MOUNTPOINT} held by ${dev}, which the guest no longer has (a disk detached while mounted): unmounting that stale mount`);
        guestExec(bed, '/bin/umount', ['-l', MOUNTPOINT]);
        return null;
      }
      const fstab = guestExec(bed, '/bin/cat', ['/etc/fstab']);
      return !at && !fstab.includes(` ${MOUNTPOINT} `) ? true : null;
    },
    120_000,
  );
  // A folder left empty by an earlier run (or holding only Spindle's note) goes, so this run's mount makes it again.
  guestExec(bed, '/bin/sh', ['-c', 'rm -f "$1/.spindle-mountpoint" 2>/dev/null; rmdir "$1" 2>/dev/null; exit 0', 'sh', MOUNTPOINT]);
}

const inGuest = (bed: Testbed, p: string): boolean => guestExec(bed, '/bin/sh', ['-c', 'test -e "$1" && echo yes || echo no', 'sh', p]).trim() === 'yes';

/** The VM's details on its Filesystems tab; returns the tab. */
async function openFilesystems(page: Page, bed: Testbed): Promise<Locator> {
  await treeItem(page, LOCAL, bed.runningVm).click();
  await page.locator('.details[data-kind="vm"]').waitFor();
  await page.locator('.details [data-details-tab="filesystems"]').click();
  const tab = page.locator('.details [data-fs-tab="vm"]');
  await tab.waitFor();
  await waitUntil('the guest devices', async () => ((await tab.getAttribute('data-agent-state')) === 'ok' ? true : null), 30_000);
  return tab;
}

const next = (d: Locator) => d.locator('.modal-footer .btn.primary');

uiTest('mount wizard: a new disk gets ext4 with a label, mounted at /mnt/data and in fstab; shown with its use; unmounted with its fstab line; detached', async (s) => {
  const { ui, page, bed } = s;
  const volume = scratchVolume(s, `ui-mount-${uniq}.raw`);
  let target: string | null = null;
  s.defer(async () => {
    if (!target) return;
    tryVirsh(bed, 'detach-disk', bed.runningVm, target, '--live');
    await new Promise((r) => setTimeout(r, 2000));
  });
  let device: string | null = null;
  let uuid: string | null = null;
  s.defer(() => cleanGuest(bed, device, uuid));
  await mountpointFree(bed);
  const existedBefore = inGuest(bed, MOUNTPOINT);
  // A fresh 48 MiB raw volume, attached live through the API ("now only": gone after the VM's next shutdown).
  // A free virtio target whose name the guest does not still hold mounted (a disk unplugged while mounted leaves that behind).
  const used = virsh(bed, 'domblklist', bed.runningVm);
  const mounts = guestExec(bed, '/bin/cat', ['/proc/mounts']);
  target = 'cdefghijklmnop'.split('').map((c) => `vd${c}`).find((x) => !new RegExp(`^\\s*${x}\\s`, 'm').test(used) && !mounts.includes(`/dev/${x} `)) ?? null;
  assert.ok(target, 'a free virtio target');
  const attached = await startAndWait(ui.server.service, {
    kind: 'disk.attach',
    host: LOCAL,
    request: { domain: bed.runningVm, source: { kind: 'new-volume', volume: { pool: bed.pool, name: volume, capacityBytes: 48 * 2 ** 20, format: 'raw', allocation: 'sparse' } }, bus: 'virtio', target, mode: 'live' },
  });
  assert.equal(attached.state, 'succeeded', JSON.stringify(attached.error));

  // The Filesystems tab lists it (matched to the VM disk by the agent), with no filesystem yet.
  const tab = await openFilesystems(page, bed);
  const byTarget = tab.locator(`tr[data-target="${target}"]`);
  await waitUntil(`${target} in the guest`, async () => {
    if ((await byTarget.count()) > 0) return true;
    if (!(await tab.locator('[data-action="refresh-fs"]').isDisabled())) await tab.locator('[data-action="refresh-fs"]').click();
    await page.waitForTimeout(500);
    return null;
  }, 30_000);
  device = (await byTarget.first().getAttribute('data-device')) ?? '';
  assert.match(device, /^\/dev\/vd[a-z]+$/);
  const row = tab.locator(`tr[data-device="${device}"]`);
  assert.equal(await row.getAttribute('data-mountpoints'), '');
  assert.equal(await row.getAttribute('data-fstab'), '');
  // Each row's button names its device (bug 10).
  await tab.getByRole('button', { name: `Mount ${device}…`, exact: true }).waitFor();
  await screenshot(page, 'mount-fs-tab-before-light');

  // The wizard from the tab's Mount… button; the device picked with the keyboard.
  await tab.locator('[data-action="mount-new"]').click();
  const d = page.getByRole('dialog');
  await d.getByRole('heading', { name: `Mount a filesystem in ${bed.runningVm}` }).waitFor();
  const radios = d.locator('input[name="device"]:not([disabled])');
  await radios.first().waitFor();
  await radios.first().focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < 10 && !(await d.locator(`input[name="device"][value="${device}"]`).isChecked()); i++) await page.keyboard.press('ArrowDown');
  assert.equal(await d.locator(`input[name="device"][value="${device}"]`).isChecked(), true, 'picked with the arrow keys');
  assert.match(await d.locator(`[data-device="${device}"]`).innerText(), /48\.0 MiB/);
  await screenshot(page, 'mount-wizard-1-device-light');
  await next(d).click();

  // Filesystem: none there, so ext4 is created after the erase box and the typed device name.
  await d.locator('[data-wizard-step="filesystem"]').waitFor();
  assert.equal(await d.locator('input[name="mkfsType"][value="ext4"]').isChecked(), true);
  await d.getByLabel('Label (optional)').fill('a label far too long for ext4');
  await d.getByText('A label for ext4 is at most 16 bytes.').waitFor();
  await d.getByLabel('Label (optional)').fill('data');
  const erase = d.getByLabel(`Erase ${device} (48.0 MiB) and create ext4`);
  await erase.check();
  assert.equal(await next(d).isDisabled(), true, 'Next waits for the typed confirmation');
  await d.getByLabel(`Type ${device} to confirm`).fill('/dev/vda');
  await d.getByText(`Type exactly ${device}.`).waitFor();
  assert.equal(await next(d).isDisabled(), true);
  await d.getByLabel(`Type ${device} to confirm`).fill(device);
  await screenshot(page, 'mount-wizard-2-filesystem-light');
  await next(d).click();

  // Mountpoint: follows the label; bad ones are refused as typed and block Next.
  const mp = d.getByLabel('Mountpoint in the guest');
  assert.equal(await mp.inputValue(), MOUNTPOINT);
  for (const [bad, message] of [
    ['mnt/data', '"mnt/data" is not an absolute path'],
    ['/mnt/../etc', '"/mnt/../etc" contains "." or ".."'],
    ['/mnt/$(x)', '"/mnt/$(x)" contains "$"'],
    // The same verdicts as the backend: inside a system tree, an invisible character named.
    ['/usr/lib', '/usr/lib is inside /usr, which belongs to the operating system'],
    ['/mnt/a\u2028b', '"/mnt/a\\u2028b" contains U+2028 (LINE SEPARATOR)'],
  ] as const) {
    await mp.fill(bad);
    await d.locator('.form-field.invalid .field-error', { hasText: message }).waitFor();
    assert.equal(await mp.getAttribute('aria-invalid'), 'true', bad);
    assert.equal(await next(d).isDisabled(), true, `Next is blocked for ${bad}`);
    if (bad === '/mnt/$(x)') await screenshot(page, 'mount-wizard-3-bad-mountpoint-light');
  }
  await mp.fill(MOUNTPOINT);
  const nofail = d.getByLabel('Do not stop the boot if the device is missing (nofail)');
  assert.equal(await nofail.isChecked(), false);
  await d.getByLabel('Other options').fill('noexec, nosuid');
  assert.equal(await d.locator('[data-options]').getAttribute('data-options'), 'noexec,nosuid');
  await screenshot(page, 'mount-wizard-3-mountpoint-light');
  await next(d).click();

  // fstab (bug 4): the disk is attached now only, so it is off by default and says why; ticked, nofail comes with it.
  const fstab = d.getByLabel('Add to /etc/fstab (mount again at every boot)');
  assert.equal(await fstab.isChecked(), false);
  await d.locator(`[data-gone-at-shutdown="${target}"]`).waitFor();
  assert.match(await d.locator('[data-gone-at-shutdown]').innerText(), /not added to \/etc\/fstab unless you tick the box/);
  await screenshot(page, 'mount-wizard-4-fstab-off-light');
  await fstab.check();
  await d.locator('[data-fstab-explain]').waitFor();
  assert.match(await d.locator('[data-gone-at-shutdown]').innerText(), /nofail is added/);
  await screenshot(page, 'mount-wizard-4-fstab-light');
  // Back on the mountpoint step (through the step list): nofail is on, and stays on while fstab is.
  await d.locator('.wizard-steps [data-step="mountpoint"] button').click();
  await d.locator('[data-wizard-step="mountpoint"]').waitFor();
  assert.equal(await nofail.isChecked(), true, 'nofail is on with fstab');
  assert.equal(await nofail.isDisabled(), true, 'and stays on while fstab is');
  assert.equal(await d.locator('[data-options]').getAttribute('data-options'), 'nofail,noexec,nosuid');
  await next(d).click();
  await d.locator('[data-wizard-step="fstab"]').waitFor();
  await next(d).click();

  // Review: mkfs in the guest (destructive), the mount, and the fstab line by UUID.
  await reviewOf(d);
  const line = (await d.locator('[data-fstab-line]').getAttribute('data-fstab-line')) ?? '';
  assert.match(line, new RegExp(`^UUID=[0-9a-f-]{36} ${MOUNTPOINT} ext4 nofail,noexec,nosuid 0 2$`), line);
  const guestCommands = (await d.locator('.command-line.guest').allInnerTexts()).join('\n');
  assert.match(guestCommands, new RegExp(`mkfs\\.ext4 .*-L data ${device}`), guestCommands);
  assert.match(guestCommands, new RegExp(`mount -t ext4 -o nofail,noexec,nosuid ${device} ${MOUNTPOINT}`), guestCommands);
  assert.match(guestCommands, /tee -a \/etc\/fstab/, guestCommands);
  assert.equal((await d.locator('[data-guest-input]').first().innerText()).trim(), line);
  assert.ok((await d.locator('[data-plan-warnings]').innerText()).includes(line), 'the warnings name the line too');
  assert.equal(await d.locator('[data-destructive]').count(), 1);
  await screenshot(page, 'mount-wizard-5-review-light');
  await d.getByRole('button', { name: 'Erase, create and mount' }).click();
  const mounted = await jobEnd(d, 120_000);
  await screenshot(page, 'mount-wizard-6-job-light');
  assert.equal(mounted, 'succeeded', await d.locator('.job-view').innerText());
  // In the guest: mounted, and the line the job ran is in fstab. (The job plans again at start; a new
  // filesystem's UUID is chosen by each plan, so it may differ from the reviewed one: reported to the backend.)
  const jobLine = (await d.locator('.job-view [data-guest-input]').first().innerText()).trim();
  assert.match(jobLine, new RegExp(`^UUID=[0-9a-f-]{36} ${MOUNTPOINT} ext4 nofail,noexec,nosuid 0 2$`), jobLine);
  uuid = /^UUID=([0-9a-f-]{36}) /.exec(jobLine)?.[1] ?? null;
  if (jobLine !== line) console.log(`# the job's fstab line differs from the reviewed one:\n#   reviewed: ${line}\n#   ran:      ${jobLine}`);
  assert.ok(guestExec(bed, '/bin/cat', ['/proc/mounts']).split('\n').some((l) => l.startsWith(`${device} ${MOUNTPOINT} ext4`)), 'mounted in the guest');
  assert.ok(guestExec(bed, '/bin/cat', ['/etc/fstab']).includes(jobLine), 'the line is in /etc/fstab');
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();
  await d.waitFor({ state: 'detached' });

  // The tab re-reads on the job's end: mounted, in fstab, with its used bytes.
  await waitUntil('the mount in the tab', async () => ((await row.getAttribute('data-mountpoints')) === MOUNTPOINT ? true : null), 30_000);
  assert.ok(Number(await row.getAttribute('data-used')) > 0, 'used bytes are shown');
  assert.notEqual(await row.getAttribute('data-fstab'), '');
  const rowText = await row.innerText();
  assert.match(rowText, /ext4/);
  assert.match(rowText, /data/);
  assert.match(rowText, /[\d.]+ [KM]iB of [\d.]+ MiB/);
  await screenshot(page, 'mount-fs-tab-light');

  // The same tab in dark and in Chinese.
  for (const opts of [{ colorScheme: 'dark' as const, name: 'mount-fs-tab-dark' }, { language: 'zh-CN' as const, name: 'mount-fs-tab-light-zh-CN' }]) {
    const p: Page = await ui.newPage(opts);
    const other = await openFilesystems(p, bed);
    await other.locator(`tr[data-device="${device}"][data-mountpoints="${MOUNTPOINT}"]`).waitFor({ timeout: 30_000 });
    await screenshot(p, opts.name);
    if (opts.language === 'zh-CN' && (await other.locator('tr[data-fs=""] [data-action="mount"]').count()) > 0) {
      // The wizard in Chinese, on a device without a filesystem (nothing is run).
      await other.locator('tr[data-fs=""] [data-action="mount"]').first().click();
      const zd: Locator = p.getByRole('dialog');
      await zd.locator('input[name="device"]:checked').waitFor();
      const zdev: string = (await zd.locator('input[name="device"]:checked').getAttribute('value')) ?? '';
      await next(zd).click();
      await zd.locator('[data-erase]').waitFor();
      await screenshot(p, 'mount-wizard-2-filesystem-light-zh-CN');
      // On to the review (not run): the shared verdicts and the backend's plan read in Chinese.
      await zd.locator('input[name="erase"]').check();
      await zd.locator('input[name="confirm"]').fill(zdev);
      await next(zd).click();
      await zd.locator('input[name="mountpoint"]').fill('/etc/ssh');
      await zd.locator('.form-field.invalid .field-error', { hasText: '/etc/ssh 位于 /etc 之内，该目录属于操作系统' }).waitFor();
      await zd.locator('input[name="mountpoint"]').fill('/mnt/zh-walk');
      await next(zd).click();
      await zd.locator('[data-wizard-step="fstab"]').waitFor();
      await next(zd).click();
      await reviewOf(zd);
      assert.equal((await zd.locator('.plan-title').innerText()).trim(), `在 ${bed.runningVm} 中将 ${zdev} 挂载到 /mnt/zh-walk`);
      assert.match(await zd.locator('[data-review]').innerText(), new RegExp(`清除 ${zdev}（[^）]+）并创建 UUID 为 [0-9a-f-]{36} 的 ext4`));
      assert.match(await zd.locator('[data-review]').innerText(), /在客户机内创建目录 \/mnt\/zh-walk/);
      await screenshot(p, 'mount-wizard-5-review-light-zh-CN');
      await p.keyboard.press('Escape');
    }
    await p.context().close();
  }

  // The disk's own tab shows only what sits on it.
  await page.locator('.table-view [role="grid"] [role="row"][data-row-index]').filter({ has: page.locator('[role="gridcell"]', { hasText: new RegExp(`^${target}$`) }) }).click();
  const diskTab = page.locator(`.details [data-fs-tab="${target}"]`);
  await diskTab.locator(`tr[data-device="${device}"]`).waitFor({ timeout: 30_000 });
  assert.equal(await diskTab.locator('tbody tr').count(), 1);
  // Nothing on it can be mounted now (it is mounted): the text says so and the toolbar's Mount… agrees (bug 6).
  await diskTab.locator('[data-nothing-to-mount]').waitFor();
  assert.equal(await diskTab.locator('[data-action="mount-new"]').isDisabled(), true);
  await diskTab.getByRole('button', { name: `Unmount ${device} from ${MOUNTPOINT}…`, exact: true }).waitFor();
  await screenshot(page, 'mount-fs-tab-disk-light');

  // Unmount… with "also remove from /etc/fstab".
  await diskTab.locator(`[data-action="umount"][data-mountpoint="${MOUNTPOINT}"]`).click();
  await d.getByRole('heading', { name: `Unmount ${MOUNTPOINT} in ${bed.runningVm}` }).waitFor();
  await d.locator('[data-fstab-lines]').waitFor();
  assert.match(await d.locator('[data-fstab-lines]').innerText(), new RegExp(`UUID=.* ${MOUNTPOINT} ext4`));
  await d.getByLabel('Also remove it from /etc/fstab').check();
  await screenshot(page, 'mount-umount-1-light');
  await next(d).click();
  await reviewOf(d);
  const umountCommands = (await d.locator('.command-line.guest').allInnerTexts()).join('\n');
  assert.match(umountCommands, new RegExp(`umount ${MOUNTPOINT}`), umountCommands);
  assert.match(umountCommands, /tee \/etc\/fstab/, umountCommands);
  await screenshot(page, 'mount-umount-2-review-light');
  await d.locator('.modal-footer').getByRole('button', { name: 'Unmount', exact: true }).click();
  assert.equal(await jobEnd(d, 60_000), 'succeeded', await d.locator('.job-view').innerText());
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();
  await waitUntil('the unmount in the tab', async () => ((await diskTab.locator(`tr[data-device="${device}"]`).getAttribute('data-mountpoints')) === '' ? true : null), 30_000);
  assert.equal(guestExec(bed, '/bin/cat', ['/proc/mounts']).includes(`${device} ${MOUNTPOINT} `), false, 'unmounted in the guest');
  assert.equal(guestExec(bed, '/bin/cat', ['/etc/fstab']).includes(jobLine), false, 'the fstab line is gone');
  // The folder the wizard made goes with the unmount; one that was there before stays (bug 6).
  assert.equal(inGuest(bed, MOUNTPOINT), existedBefore, existedBefore ? `${MOUNTPOINT} was there before: kept` : `${MOUNTPOINT} was made by the mount: removed`);

  // Detach the disk and delete its volume.
  const detached = await startAndWait(ui.server.service, { kind: 'disk.detach', host: LOCAL, request: { domain: bed.runningVm, target, mode: 'live', deleteVolume: true } });
  assert.equal(detached.state, 'succeeded', JSON.stringify(detached.error));
  target = null;
  await waitUntil('the device gone from the tab', async () => ((await page.locator(`.details tr[data-device="${device}"]`).count()) === 0 ? true : null), 30_000);
  assert.deepEqual(ui.errors, []);
});

/** A running VM without a guest agent channel: the test guest's kernel, no disks, for a few seconds (transient). */
function startVmWithoutAgent(bed: Testbed, name: string): void {
  const xml = `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='q35'>hvm</type><kernel>/var/lib/spindle-testbed/guest/vmlinuz</kernel><initrd>/var/lib/spindle-testbed/guest/initrd.img</initrd><cmdline>console=ttyS0</cmdline></os>
  <cpu mode='custom' match='exact' check='none'><model fallback='forbid'>qemu64</model></cpu>
  <on_poweroff>destroy</on_poweroff><on_reboot>destroy</on_reboot><on_crash>destroy</on_crash>
  <devices><emulator>/usr/bin/qemu-system-x86_64</emulator><serial type='null'/></devices>
</domain>`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-noagent-'));
  try {
    writeFileSync(path.join(dir, 'domain.xml'), xml);
    execFileSync('virsh', ['-q', '-c', bed.uri, 'create', path.join(dir, 'domain.xml')], { timeout: 60_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

uiTest('filesystems tab without an answering agent: a VM without the channel, the Demo VM, a VM that is off', async (s) => {
  const { ui, page, bed } = s;
  const noAgent = `spindle-ui-noagent-${uniq}`;
  s.defer(() => tryVirsh(bed, 'destroy', noAgent));
  // A running VM with no agent channel: what to install, the channel XML, and the button that adds it.
  startVmWithoutAgent(bed, noAgent);
  await treeItem(page, LOCAL, noAgent).click({ timeout: 30_000 });
  await page.locator('.details[data-kind="vm"]').waitFor();
  await page.locator('.details [data-details-tab="filesystems"]').click();
  const tab = page.locator('.details [data-fs-tab="vm"]');
  await waitUntil('the answer', async () => (['missing', 'unresponsive', 'error'].includes((await tab.getAttribute('data-agent-state')) ?? '') ? true : null), 30_000);
  assert.equal(await tab.getAttribute('data-agent-state'), 'missing');
  assert.match(await tab.locator('[data-agent-xml]').innerText(), /<target type='virtio' name='org\.qemu\.guest_agent\.0'\/>/);
  assert.match(await tab.locator('[data-agent-install]').innerText(), /apt install qemu-guest-agent/);
  assert.match(await tab.locator('[data-agent-install]').innerText(), /virtio-win/);
  await tab.locator('[data-agent="missing"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'mount-agent-missing-light');
  // "Add the agent channel…" plans guest.agentChannel through the review page (not run: the VM is about to go).
  await tab.locator('[data-action="agent-channel"]').click();
  const d = page.getByRole('dialog');
  await d.locator('[data-wizard-step="channel"]').waitFor();
  assert.equal(await d.locator('input[name="mode"][value="live"]').isChecked(), true, 'a transient VM: now only');
  await screenshot(page, 'mount-agent-channel-1-light');
  await next(d).click();
  await d.locator('[data-review], [data-refusal]').first().waitFor({ timeout: 30_000 });
  await screenshot(page, 'mount-agent-channel-2-review-light');
  assert.equal(await d.locator('[data-review]').count(), 1, await d.locator('.wizard-page, .plan-review').first().innerText());
  const commands = (await d.locator('.command-line').allInnerTexts()).join('\n');
  assert.match(commands, new RegExp(`attach-device --domain ${noAgent} --file /dev/stdin --live`), commands);
  assert.match((await d.locator('pre.stdin').allInnerTexts()).join('\n'), /org\.qemu\.guest_agent\.0/);
  await page.keyboard.press('Escape');
  await d.waitFor({ state: 'detached' });
  tryVirsh(bed, 'destroy', noAgent);

  // The Demo host (libvirt's test driver) cannot talk to any agent: whatever the backend says is shown.
  await treeItem(page, 'Demo', 'test').click();
  const demo = page.locator('.details [data-fs-tab="vm"]');
  await waitUntil('the Demo answer', async () => (['missing', 'unresponsive', 'error'].includes((await demo.getAttribute('data-agent-state')) ?? '') ? true : null), 30_000);
  console.log(`# Demo VM: agent state in the tab: ${await demo.getAttribute('data-agent-state')}`);
  await screenshot(page, 'mount-agent-demo-light');

  // A VM that is off: nothing is asked, the tab says why.
  await treeItem(page, LOCAL, bed.shutoffVm).click();
  await page.locator('.details [data-fs-tab="vm"][data-agent-state="not-running"] [data-agent="not-running"]').waitFor();
  await screenshot(page, 'mount-vm-off-light');
  assert.deepEqual(ui.errors, []);
});

uiTest('host mount wizard: a raw volume with ext4 mounted read-only on the host, listed, unmounted; read-write refused while a VM runs on an image', async (s) => {
  const { ui, page, bed } = s;
  const volume = scratchVolume(s, `ui-hostmount-${uniq}.raw`);
  const file = `${bed.poolPath}/${volume}`;
  let mountedAt: string | null = null;
  s.defer(async () => {
    if (!mountedAt) return;
    const list = await ui.server.service.dispatch('host.mounts', { host: LOCAL });
    const m = list.ok ? list.result.find((x) => x.mountpoint === mountedAt) : undefined;
    if (m) await startAndWait(ui.server.service, { kind: 'host.umount', host: LOCAL, request: { id: m.id } }).catch(() => undefined);
  });
  // An image with a filesystem on it (made on the host), known to the pool.
  execFileSync('truncate', ['-s', '32M', file]);
  execFileSync('mkfs.ext4', ['-q', '-F', '-L', 'hostimg', file]);
  virsh(bed, 'pool-refresh', bed.pool);

  await treeItem(page, LOCAL, bed.pool).click();
  const grid = page.locator('.table-view [role="grid"]');
  const volRow = grid.locator('[role="row"][data-row-index]').filter({ has: page.locator('[role="gridcell"]', { hasText: volume }) });
  await volRow.waitFor({ timeout: 30_000 });
  await volRow.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Mount on host…' }).click();
  const d = page.getByRole('dialog');
  await d.getByRole('heading', { name: `Mount an image on ${LOCAL}` }).waitFor();
  await d.locator('[data-partitions]').waitFor({ timeout: 30_000 });
  assert.equal(await d.locator('[data-partitions]').getAttribute('data-partitions'), 'none');
  assert.equal(await d.locator('input[name="partition"][value="0"]').isChecked(), true, 'the whole image');
  await screenshot(page, 'mount-host-1-source-light');
  await next(d).click();

  // Options: read-only by default; a bad mountpoint is refused as typed; empty means one under /run/spindle/mnt.
  const ro = d.getByLabel('Read-only', { exact: true });
  assert.equal(await ro.isChecked(), true);
  await d.getByLabel('Mountpoint (optional)').fill('/mnt/../etc');
  await d.locator('.form-field.invalid .field-error').waitFor();
  assert.equal(await next(d).isDisabled(), true);
  await d.getByLabel('Mountpoint (optional)').fill('');
  await screenshot(page, 'mount-host-2-options-light');
  await next(d).click();
  await reviewOf(d);
  const commands = (await d.locator('.command-line').allInnerTexts()).join('\n');
  assert.match(commands, /\bmount .*-o ro,loop/, commands);
  await screenshot(page, 'mount-host-3-review-light');
  await d.getByRole('button', { name: 'Mount', exact: true }).click();
  assert.equal(await jobEnd(d, 60_000), 'succeeded', await d.locator('.job-view').innerText());
  mountedAt = await d.locator('[data-mounted-at]').getAttribute('data-mounted-at');
  assert.match(mountedAt ?? '', /^\/run\/spindle\/mnt\//);
  assert.ok(execFileSync('cat', ['/proc/mounts'], { encoding: 'utf8' }).includes(` ${mountedAt} ext4 ro`), 'mounted read-only on the host');
  await screenshot(page, 'mount-host-4-job-light');

  // "Show host mounts": the host's Mounts tab lists it.
  await d.getByRole('button', { name: 'Show host mounts' }).click();
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();
  const list = page.locator(`.details [data-host-mounts="${LOCAL}"]`);
  const mountRow = list.locator(`tr[data-mountpoint="${mountedAt}"]`);
  await mountRow.waitFor({ timeout: 20_000 });
  assert.match(await mountRow.innerText(), new RegExp(volume.replace(/\./g, '\\.')));
  await screenshot(page, 'mount-host-5-list-light');

  // Unmount from the list: the review, the job, and the list refreshes on the job's end.
  await mountRow.locator('[data-action="host-umount"]').click();
  await reviewOf(d);
  await screenshot(page, 'mount-host-6-umount-review-light');
  await d.locator('.modal-footer').getByRole('button', { name: 'Unmount', exact: true }).click();
  assert.equal(await jobEnd(d, 60_000), 'succeeded', await d.locator('.job-view').innerText());
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();
  await mountRow.waitFor({ state: 'detached', timeout: 20_000 });
  mountedAt = null;

  // The host-level action picks any image file on the host.
  await treeItem(page, LOCAL, LOCAL).click();
  await page.getByRole('toolbar').locator('[data-action="mount-image"]').click();
  await d.getByRole('heading', { name: `Mount an image on ${LOCAL}` }).waitFor();
  await d.getByRole('radio', { name: 'File on the host' }).check();
  await d.getByLabel('Path on the host').fill(bed.poolPath);
  await d.getByRole('button', { name: 'Open', exact: true }).click();
  await d.locator(`.file-entry[data-name="${volume}"]`).click();
  await d.locator('[data-partitions="none"]').waitFor({ timeout: 30_000 });
  await d.locator('[data-image-format="raw"]').waitFor();
  await screenshot(page, 'mount-host-1-source-file-light');
  await page.keyboard.press('Escape');
  await d.waitFor({ state: 'detached' });

  // Read-write of an image a running VM uses (overlay.qcow2 under vdb) is refused on the options step.
  await treeItem(page, LOCAL, bed.pool).click();
  const overlay = grid.locator('[role="row"][data-row-index]').filter({ has: page.locator('[role="gridcell"]', { hasText: /^overlay\.qcow2$/ }) });
  await overlay.click();
  await page.getByRole('toolbar').locator('[data-action="mount-host"]').click();
  await d.locator('[data-partitions]').waitFor({ timeout: 30_000 });
  await next(d).click();
  await d.getByLabel('Read-only', { exact: true }).uncheck();
  await d.locator('[data-rw-warning]').waitFor();
  assert.match(await d.locator('[data-rw-warning]').innerText(), new RegExp(bed.runningVm));
  await next(d).click();
  await d.locator('[data-wizard-step="options"] [data-refusal]').waitFor({ timeout: 30_000 });
  assert.match(await d.locator('[data-refusal]').innerText(), /read-write|running VM/i);
  await screenshot(page, 'mount-host-2-rw-refused-light');
  await page.keyboard.press('Escape');
  assert.deepEqual(ui.errors, []);
});
