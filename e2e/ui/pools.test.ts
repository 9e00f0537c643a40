// Storage pools end to end in the real renderer against the test bed's
// libvirtd: New storage pool (the type list from pool-capabilities, with the
// package a missing driver needs), a directory pool and a filesystem pool
// made on a loop device (build confirmed by typing the device again), then
// stop, start and delete from the pool's own actions. The review shows the
// exact virsh commands; libvirt is asked afterwards what really happened.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { loopDevice, tryVirsh } from '../integration/fixtures.ts';
import { virsh, type Testbed } from '../integration/testbed.ts';
import { englishSentences, jobEnd, LOCAL, reviewOf, screenshot, treeItem, uiTest, waitUntil } from './harness.ts';

function poolState(bed: Testbed, pool: string): { state: string; autostart: string } | null {
  try {
    const info = execFileSync('virsh', ['-q', '-c', bed.uri, 'pool-info', pool], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const get = (k: string) => new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
    return { state: get('State'), autostart: get('Autostart') };
  } catch {
    return null;
  }
}

/** Removes a pool a test made, whatever state it is in (its storage is the test's own temp dir or loop device). */
function dropPool(bed: Testbed, pool: string): void {
  tryVirsh(bed, 'pool-destroy', pool);
  tryVirsh(bed, 'pool-undefine', pool);
}

async function openNewPoolWizard(page: Page): Promise<Locator> {
  const pools = treeItem(page, LOCAL, 'Storage pools');
  await pools.click();
  await pools.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'New storage pool…' }).click();
  const d = page.getByRole('dialog');
  await d.getByTestId('pool-type-step').waitFor({ timeout: 30_000 });
  return d;
}

/** Runs one of the pool's own actions from its details header and waits for the job. */
async function poolAction(page: Page, pool: string, label: string, run: string, menu = false): Promise<Locator> {
  const item = treeItem(page, LOCAL, pool);
  await item.click();
  if (menu) {
    await item.click({ button: 'right' });
    await page.getByRole('menuitem', { name: label }).click();
  } else {
    await page.locator('.details[data-kind="pool"]').getByRole('button', { name: label, exact: true }).click();
  }
  const d = page.getByRole('dialog');
  await reviewOf(d);
  await d.getByRole('button', { name: run, exact: true }).click();
  assert.equal(await jobEnd(d), 'succeeded');
  return d;
}

/** Delete pool… from the pool's menu: its first step, the review, the job; the pool leaves the tree. */
async function deletePool(page: Page, pool: string, opts: { shoot?: boolean; volumes?: string[] } = {}): Promise<void> {
  const item = treeItem(page, LOCAL, pool);
  await item.click();
  await item.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Delete pool…' }).click();
  const d = page.getByRole('dialog');
  await d.getByTestId('pool-delete-step').waitFor();
  if (opts.volumes) {
    assert.deepEqual(await d.getByTestId('pool-delete-volumes').locator('li').evaluateAll((els) => els.map((e) => e.firstChild?.textContent?.trim())), opts.volumes);
    await d.getByLabel('Also delete its volumes').check();
  } else {
    await d.getByText('It holds no volumes.').waitFor();
  }
  if (opts.shoot) await screenshot(page, 'pool-delete');
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  await d.getByRole('button', { name: opts.volumes ? 'Delete pool and volumes' : 'Delete pool', exact: true }).click();
  assert.equal(await jobEnd(d), 'succeeded');
  await closeDialog(d);
  await item.waitFor({ state: 'detached', timeout: 20_000 });
}

async function closeDialog(d: Locator): Promise<void> {
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();
  await d.waitFor({ state: 'detached' });
}

uiTest('New storage pool: types from pool-capabilities with missing packages named; a directory pool made, stopped, started, deleted', async (s) => {
  const { page, bed } = s;
  const name = `ui pool ${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-ui-pool-'));
  const target = path.join(dir, 'images of “ui”');
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  s.defer(() => dropPool(bed, name));

  const d = await openNewPoolWizard(page);
  // Every libvirt type is listed; one this host's libvirt lacks names its packages.
  const types = await d.locator('[data-pool-type]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-pool-type'), e.getAttribute('data-available')]));
  assert.ok(types.length >= 12, JSON.stringify(types));
  const caps = virsh(bed, 'pool-capabilities');
  const zfsSupported = /<pool type='zfs' supported='yes'>/.test(caps);
  if (!zfsSupported) {
    assert.deepEqual(types.find(([t]) => t === 'zfs'), ['zfs', 'no']);
    await d.locator('[data-pool-type="zfs"]').getByText('libvirt-daemon-driver-storage-zfs').first().waitFor();
  }
  await screenshot(page, 'pool-create-type');
  await d.locator('[data-pool-type="dir"] input').check();
  await d.getByRole('button', { name: 'Next' }).click();

  await d.getByTestId('pool-settings-step').waitFor();
  await d.getByLabel('Pool name').fill(name);
  await d.getByLabel('Target path').fill(target);
  await d.getByLabel('Mode').fill('0750');
  assert.equal(await d.getByLabel('Make the directory').isChecked(), true);
  await screenshot(page, 'pool-create-dir-settings');
  await d.getByRole('button', { name: 'Review' }).click();

  await reviewOf(d);
  const commands = await d.locator('.command-line').allInnerTexts();
  const all = commands.join('\n');
  assert.match(commands[0] ?? '', /^virsh .*pool-define --file \/dev\/stdin$/, all);
  assert.ok(commands.some((c) => /pool-build --pool 'ui pool \d+'$/.test(c)), all);
  assert.ok(commands.some((c) => /pool-start --pool 'ui pool \d+'$/.test(c)), all);
  assert.ok(commands.some((c) => /pool-autostart --pool 'ui pool \d+'$/.test(c)), all);
  await screenshot(page, 'pool-create-dir-review');
  await d.getByRole('button', { name: 'Create pool' }).click();
  assert.equal(await jobEnd(d), 'succeeded');
  assert.deepEqual(poolState(bed, name), { state: 'running', autostart: 'yes' });
  assert.ok(existsSync(target), 'the build made the directory');
  await closeDialog(d);

  // The new pool is in the tree by event; its details show usage.
  const item = treeItem(page, LOCAL, name);
  await item.waitFor({ timeout: 20_000 });
  await item.click();
  await page.locator('.details[data-kind="pool"]').waitFor();
  await screenshot(page, 'pool-details');

  await closeDialog(await poolAction(page, name, 'Stop…', 'Stop'));
  await waitUntil('the pool stopped', async () => poolState(bed, name)?.state === 'inactive');
  await closeDialog(await poolAction(page, name, 'Start', 'Start'));
  await waitUntil('the pool started', async () => poolState(bed, name)?.state === 'running');
  await closeDialog(await poolAction(page, name, 'Do not start at boot', 'Turn off', true));
  await waitUntil('autostart off', async () => poolState(bed, name)?.autostart === 'no');

  // Delete: the step says what goes; the job removes the directory and the definition.
  await deletePool(page, name, { shoot: true });
  assert.equal(poolState(bed, name), null);
  assert.equal(existsSync(target), false, 'pool-delete removed the directory');
  await item.waitFor({ state: 'detached', timeout: 20_000 });
  assert.deepEqual(s.ui.errors, []);
});

uiTest('New storage pool: a filesystem pool built on a loop device, the device confirmed by typing it again; then deleted', async (s) => {
  const { page, bed } = s;
  const dev = loopDevice(s, 64);
  if (!dev) return;
  const name = `ui-fs-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-ui-fs-'));
  const target = path.join(dir, 'mnt');
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  s.defer(() => dropPool(bed, name));

  const d = await openNewPoolWizard(page);
  await d.locator('[data-pool-type="fs"] input').check();
  await d.getByRole('button', { name: 'Next' }).click();
  await d.getByLabel('Pool name').fill(name);
  await d.getByLabel('Target path').fill(target);
  // The device from the host's list: its size and its use, then Choose.
  await d.getByRole('button', { name: 'Browse…' }).click();
  const row = d.getByTestId('device-picker').locator(`tr[data-device="${dev}"]`);
  await row.waitFor({ timeout: 20_000 });
  assert.match(await row.innerText(), /64\.0 MiB/);
  await screenshot(page, 'pool-create-fs-devices');
  await row.getByRole('button', { name: 'Choose' }).click();
  assert.equal(await d.getByLabel('Block device').inputValue(), dev);
  await d.getByLabel('Make a new filesystem on the device').check();
  assert.equal(await d.getByLabel('Format').inputValue(), 'ext4');
  await d.getByRole('button', { name: 'Next' }).click();

  // The confirmation: what the host says is on the device, and its path typed again.
  const confirm = d.getByTestId('pool-confirm-step');
  await confirm.waitFor();
  await confirm.getByTestId('device-signature').waitFor();
  assert.match(await confirm.getByTestId('device-signature').innerText(), /No filesystem or partition table found/);
  assert.equal(await d.getByRole('button', { name: 'Review' }).isDisabled(), true);
  await confirm.getByLabel('To confirm, type the device’s path again').fill(`${dev}x`);
  await confirm.getByText('This is not the device’s path.').waitFor();
  await confirm.getByLabel('To confirm, type the device’s path again').fill(dev);
  await screenshot(page, 'pool-create-fs-confirm');
  await d.getByRole('button', { name: 'Review' }).click();

  await reviewOf(d);
  const all = (await d.locator('.command-line').allInnerTexts()).join('\n');
  assert.match(all, new RegExp(`pool-build --pool ${name} --no-overwrite`), all);
  await d.getByText(dev).first().waitFor();
  await screenshot(page, 'pool-create-fs-review');
  await d.getByRole('button', { name: 'Create pool' }).click();
  assert.equal(await jobEnd(d), 'succeeded');
  assert.equal(poolState(bed, name)?.state, 'running');
  const fstype = execFileSync('blkid', ['-o', 'value', '-s', 'TYPE', dev], { encoding: 'utf8' }).trim();
  assert.equal(fstype, 'ext4');
  await closeDialog(d);

  await treeItem(page, LOCAL, name).click();
  // libvirt lists the new filesystem's lost+found as a volume; its usage section reads the pool.
  await page.getByTestId('pool-overcommit').waitFor();
  await screenshot(page, 'pool-fs-details');
  await deletePool(page, name, { volumes: ['lost+found'] });
  assert.equal(poolState(bed, name), null);
  assert.deepEqual(s.ui.errors, []);
});

uiTest('zh-CN, dark: New storage pool in Chinese from the type list to the review of a logical pool built on a loop device', async (s) => {
  const { ui, bed } = s;
  const dev = loopDevice(s, 64);
  if (!dev) return;
  const page = await ui.newPage({ language: 'zh-CN', colorScheme: 'dark' });
  const pools = treeItem(page, LOCAL, '存储池');
  await pools.click();
  await pools.click({ button: 'right' });
  await page.getByRole('menuitem', { name: '新建存储池…' }).click();
  const d = page.getByRole('dialog');
  await d.getByTestId('pool-type-step').waitFor({ timeout: 30_000 });
  const english: string[] = [];
  const read = async (where: string) => english.push(...(await englishSentences(d)).map((x) => `${where}: ${x}`));
  await read('type');
  await screenshot(page, 'pool-create-type-zh-dark');
  await d.locator('[data-pool-type="logical"] input').check();
  await d.getByRole('button', { name: '下一步' }).click();
  await d.getByTestId('pool-settings-step').waitFor();
  await d.getByLabel('存储池名称').fill(`ui-vg-${process.pid}`);
  await d.getByLabel('块设备').first().fill(dev);
  await d.getByLabel('卷组名称').fill(`ui_vg_${process.pid}`);
  await d.getByLabel('在设备上创建卷组').check();
  await read('settings');
  await screenshot(page, 'pool-create-logical-zh-dark');
  await d.getByRole('button', { name: '下一步' }).click();
  await d.getByTestId('pool-confirm-step').getByTestId('device-signature').waitFor();
  await d.getByLabel('请再次输入设备路径以确认').fill(dev);
  await read('confirm');
  await screenshot(page, 'pool-create-confirm-zh-dark');
  await d.getByRole('button', { name: '检查' }).click();
  await reviewOf(d);
  await read('review');
  await screenshot(page, 'pool-create-review-zh-dark');
  // Nothing was run: the review only planned it.
  assert.equal(virsh(bed, 'pool-list', '--all', '--name').split('\n').includes(`ui-vg-${process.pid}`), false);
  assert.deepEqual(english, []);
});

uiTest('New storage pool: an iscsi-direct pool whose target is found on the test bed’s portal, its LUN listed; stopped and removed from libvirt', async (s) => {
  const { page, bed } = s;
  const name = `ui-iscsi-${process.pid}`;
  s.defer(() => dropPool(bed, name));
  const d = await openNewPoolWizard(page);
  await d.locator('[data-pool-type="iscsi-direct"] input').check();
  await d.getByRole('button', { name: 'Next' }).click();
  await d.getByLabel('Pool name').fill(name);
  await d.getByLabel('Server').fill(`${bed.iscsi.host}:${bed.iscsi.port}`);
  const find = d.getByRole('button', { name: 'Find targets on the server' });
  assert.equal(await find.isDisabled(), true, 'no search before the initiator is known');
  await d.getByLabel('Initiator IQN').fill(bed.iscsi.initiatorIqn);
  await find.click();
  const found = d.getByTestId('source-finder').locator('li', { hasText: bed.iscsi.target });
  await found.waitFor({ timeout: 30_000 });
  await screenshot(page, 'pool-create-iscsi-find');
  await found.getByRole('button', { name: 'Choose' }).click();
  assert.equal(await d.getByLabel('Target IQN').inputValue(), bed.iscsi.target);
  await d.getByLabel('Start at boot').uncheck();
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  const all = (await d.locator('.command-line').allInnerTexts()).join('\n');
  assert.doesNotMatch(all, /pool-build/, all);
  await d.getByRole('button', { name: 'Create pool' }).click();
  assert.equal(await jobEnd(d), 'succeeded');
  assert.equal(poolState(bed, name)?.state, 'running');
  await closeDialog(d);

  // Its LUN is a volume in the tree; then Stop and Remove from libvirt (libvirt cannot delete an iSCSI target's storage).
  const item = treeItem(page, LOCAL, name);
  await item.waitFor({ timeout: 20_000 });
  await item.click();
  await page.getByRole('grid', { name: `Volumes in ${name}` }).getByRole('gridcell', { name: 'unit:0:0:1', exact: true }).waitFor({ timeout: 20_000 });
  await closeDialog(await poolAction(page, name, 'Stop…', 'Stop'));
  await waitUntil('the pool stopped', async () => poolState(bed, name)?.state === 'inactive');
  await closeDialog(await poolAction(page, name, 'Remove from libvirt…', 'Remove', true));
  assert.equal(poolState(bed, name), null);
  await item.waitFor({ state: 'detached', timeout: 20_000 });
  assert.deepEqual(s.ui.errors, []);
});

uiTest('New storage pool: an rbd pool on the test bed’s Ceph with a new cephx secret; the key never shows on the review; usage read from Ceph as that user', async (s) => {
  const { page, bed } = s;
  const r = bed.rbd;
  const name = `ui-rbd-${process.pid}`;
  const usage = `spindle/${name}`;
  s.defer(() => dropPool(bed, name));
  s.defer(() => {
    const uuid = execFileSync('virsh', ['-q', '-c', bed.uri, 'secret-list'], { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.includes(usage))
      ?.trim()
      .split(/\s+/)[0];
    if (uuid) tryVirsh(bed, 'secret-undefine', uuid);
  });
  const key = execFileSync('ceph', ['-c', r.conf, '-n', 'client.admin', '-k', r.adminKeyring, 'auth', 'get-key', `client.${r.user}`], { encoding: 'utf8', timeout: 60_000 }).trim();

  const d = await openNewPoolWizard(page);
  await d.locator('[data-pool-type="rbd"] input').check();
  await d.getByRole('button', { name: 'Next' }).click();
  await d.getByLabel('Pool name').fill(name);
  await d.getByLabel('Servers (monitors)').fill(`${r.monHost}:${r.monPort}`);
  await d.getByLabel('Ceph pool').fill(r.pool);
  await d.getByRole('radio', { name: 'cephx' }).check({ force: true });
  await d.getByLabel('User name').fill(r.user);
  await d.getByLabel('Make this secret now').check();
  assert.equal(await d.getByLabel('libvirt secret (usage name)').inputValue(), usage);
  await d.getByLabel('Key', { exact: true }).fill(key);
  await screenshot(page, 'pool-create-rbd-settings');
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  const review = await d.innerText();
  assert.ok(!review.includes(key), 'the key is not on the review page');
  const all = (await d.locator('.command-line').allInnerTexts()).join('\n');
  assert.match(all, /secret-define/, all);
  assert.match(all, /secret-set-value/, all);
  await d.getByRole('button', { name: 'Create pool' }).click();
  assert.equal(await jobEnd(d), 'succeeded');
  assert.equal(poolState(bed, name)?.state, 'running');
  await closeDialog(d);
  const item = treeItem(page, LOCAL, name);
  await item.waitFor({ timeout: 20_000 });
  await item.click();
  await page.getByTestId('pool-usage').getByText('Cluster health').waitFor({ timeout: 30_000 });
  await screenshot(page, 'pool-rbd-details');
  assert.deepEqual(s.ui.errors, []);
});

uiTest('Delete pool on the test bed’s pool: the volumes a VM uses are named with the VM, and the plan is refused naming it; nothing is deleted', async (s) => {
  const { page, bed } = s;
  const before = virsh(bed, 'vol-list', '--pool', bed.pool);
  const item = treeItem(page, LOCAL, bed.pool);
  await item.click();
  await item.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Delete pool…' }).click();
  const d = page.getByRole('dialog');
  await d.getByTestId('pool-delete-step').waitFor();
  const used = d.getByTestId('pool-delete-volumes').locator('li[data-used="yes"]', { hasText: 'overlay.qcow2' });
  await used.getByText(`used by ${bed.runningVm} (vdb)`).waitFor();
  assert.equal(await d.getByLabel('Wipe each volume before deleting it').isDisabled(), true, 'wipe only with the volumes');
  await d.getByLabel('Also delete its volumes').check();
  await d.getByLabel('Wipe each volume before deleting it').check();
  assert.equal(await d.getByLabel('How').inputValue(), 'zero');
  await d.getByRole('button', { name: 'Review' }).click();
  // Refused before anything runs, back on the step, naming the VM.
  const alert = d.locator('[role="alert"]');
  await alert.waitFor({ timeout: 30_000 });
  assert.match(await alert.innerText(), new RegExp(bed.runningVm));
  await screenshot(page, 'pool-delete-refused');
  await d.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(virsh(bed, 'vol-list', '--pool', bed.pool), before);
  assert.deepEqual(s.ui.errors, []);
});
