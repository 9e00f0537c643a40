// The attach wizard with a volume of an iscsi-direct pool on the test bed's
// real iSCSI target: the pool's 0-byte controller LUN is not offered, the
// source step says the LUN attaches as a network disk, the review shows the
// network disk XML the backend built from the pool, and the job hot-plugs it
// into the running guest. The source step in Chinese (dark) has no English.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { buildPoolXml } from '../../electron/backend/libvirt/model/pool-xml.ts';
import { detachStray, liveTargets, tryVirsh } from '../integration/fixtures.ts';
import { guestExec, virsh, waitFor, type Testbed } from '../integration/testbed.ts';
import { englishSentences, jobEnd, LOCAL, reviewOf, screenshot, treeItem, uiTest, waitUntil, type UiScope } from './harness.ts';

/** An iscsi-direct pool on the test bed's target, started, undone at the end; null (skipped) without a target. */
function iscsiPool(s: UiScope): string | null {
  const i = (s.bed as Partial<Testbed>).iscsi;
  if (!i) {
    const why = 'testbed.json has no "iscsi" entry; run "sudo bash e2e/testbed/setup.sh"';
    if (process.env.CI === 'true') throw new Error(`${why} (CI=true: missing infrastructure is a failure)`);
    s.t.skip(why);
    return null;
  }
  const pool = `spindle-ui-netdisk-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-ui-netdisk-'));
  s.defer(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'pool.xml');
  writeFileSync(file, buildPoolXml({ type: 'iscsi-direct', name: pool, source: { hosts: [{ name: i.host, port: i.port }], devices: [{ path: i.target }], initiatorIqn: i.initiatorIqn } }));
  virsh(s.bed, 'pool-define', file);
  s.defer(() => tryVirsh(s.bed, 'pool-undefine', pool));
  virsh(s.bed, 'pool-start', pool);
  s.defer(() => tryVirsh(s.bed, 'pool-destroy', pool));
  return pool;
}

/** The attach wizard's source step with the pool's LUN chosen; the volumes it offers. */
async function pickLun(page: Page, vm: string, pool: string): Promise<{ d: Locator; offered: string[] }> {
  // The pool arrives by libvirt's event; its volumes with it.
  await treeItem(page, LOCAL, pool).waitFor({ timeout: 30_000 });
  // By its action, not its label: the same in both languages.
  await treeItem(page, LOCAL, vm).click();
  await page.locator('.details[data-kind="vm"] [data-action="attach-disk"]').click();
  const d = page.getByRole('dialog');
  await d.locator('[data-wizard-step="source"]').waitFor();
  await d.locator('select[name="pool"]').selectOption(pool);
  const lun = d.locator('.pick-row[data-name="unit:0:0:1"]');
  await lun.waitFor();
  const offered = await d.locator('.pick-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
  await lun.click();
  await d.locator('[data-network-disk="iscsi"]').waitFor();
  return { d, offered };
}

uiTest('attach wizard: an iscsi-direct LUN (the controller LUN not offered) attaches as a network disk, the review shows its XML, the guest gets it', async (s) => {
  const { ui, page, bed } = s;
  const pool = iscsiPool(s);
  if (!pool) return;
  const iscsi = bed.iscsi;
  const { d, offered } = await pickLun(page, bed.runningVm, pool);
  assert.deepEqual(offered, ['unit:0:0:1'], "the target's 0-byte controller (LUN 0) is no volume to pick");
  assert.match(await d.locator('[data-network-disk="iscsi"]').innerText(), /network disk: QEMU reaches it over iSCSI/);
  await screenshot(page, 'attach-network-disk-source-en-light');
  await d.getByRole('button', { name: 'Next' }).click();
  await d.locator('[data-bus="virtio"] input').check();
  const target = await d.getByLabel('Target name in the VM').inputValue();
  s.defer(async () => {
    if (!liveTargets(bed, bed.runningVm).includes(target)) return;
    detachStray(bed, bed.runningVm, target);
    await waitFor(() => !liveTargets(bed, bed.runningVm).includes(target), 20_000, 100);
  });
  await d.getByRole('button', { name: 'Next' }).click();
  await d.getByRole('radio', { name: 'Now only' }).check();
  await d.getByRole('button', { name: 'Review' }).click();
  await reviewOf(d);
  const xml = (await d.locator('pre.stdin').allInnerTexts()).join('\n');
  assert.ok(xml.includes("<disk type='network' device='disk'>") && xml.includes(`<source protocol='iscsi' name='${iscsi.target}/1'>`) && xml.includes(`<iqn name='${iscsi.initiatorIqn}'/>`), xml);
  assert.doesNotMatch(xml, /type='volume'/);
  await screenshot(page, 'attach-network-disk-review-en-light');

  const before = guestExec(bed, '/bin/ls', ['/sys/block']).split(/\s+/).filter(Boolean);
  await d.getByRole('button', { name: 'Run' }).click();
  assert.equal(await jobEnd(d), 'succeeded');
  await d.getByRole('button', { name: 'Close', exact: true }).last().click();
  assert.ok(liveTargets(bed, bed.runningVm).includes(target));
  // The guest has one more block device, of the LUN's 64 MiB.
  const added = await waitFor(() => guestExec(bed, '/bin/ls', ['/sys/block']).split(/\s+/).find((b) => b.startsWith('vd') && !before.includes(b)), 20_000, 200);
  assert.equal(Number(guestExec(bed, '/bin/cat', [`/sys/block/${added}/size`]).trim()) * 512, iscsi.lunBytes);
  // The disk table labels it by protocol and name, as the inventory does.
  const grid = page.getByRole('grid', { name: `Disks of ${bed.runningVm}` });
  await waitUntil('the network disk in the table', async () => ((await grid.innerText()).includes(`iscsi:${iscsi.target}/1`) ? true : null), 30_000);
  assert.deepEqual(ui.errors, []);
});

uiTest(
  'attach wizard in Chinese (dark): the network disk note has no English',
  async (s) => {
    const { page, bed } = s;
    const pool = iscsiPool(s);
    if (!pool) return;
    const { d } = await pickLun(page, bed.runningVm, pool);
    const note = d.locator('[data-network-disk="iscsi"]');
    assert.match(await note.innerText(), /网络磁盘/);
    assert.deepEqual(await englishSentences(note), []);
    await screenshot(page, 'attach-network-disk-source-zh-dark');
  },
  { language: 'zh-CN', colorScheme: 'dark' },
);
