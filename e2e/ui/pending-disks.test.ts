// A disk attached to the running VM only (gone at shutdown) is shown as a
// pending change in the VM's details, in both languages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { virsh } from '../integration/testbed.ts';
import { LOCAL, openUi, screenshot, treeItem } from './harness.ts';

test('pending disk changes are shown on the VM', async (t) => {
  const ui = await openUi(t);
  if (!ui) return;
  const { page, bed } = ui;
  let attached = false;
  try {
    virsh(bed, 'attach-disk', bed.runningVm, `${bed.poolPath}/data.raw`, 'vdc', '--driver', 'qemu', '--subdriver', 'raw', '--mode', 'readonly', '--live');
    attached = true;
    const vm = treeItem(page, LOCAL, bed.runningVm);
    await vm.waitFor();
    await vm.click();
    // The device-added event re-reads the VM, live and saved XML alike.
    const note = page.locator('[data-pending="disks"]');
    await note.waitFor({ timeout: 15_000 });
    assert.match(await note.innerText(), /vdc is attached to the running VM only/);
    await screenshot(page, 'pending-disks-light-en');
    await page.getByRole('combobox').first().selectOption('zh-CN');
    assert.match(await note.innerText(), /vdc 仅添加到了运行中的虚拟机上/);
    await screenshot(page, 'pending-disks-light-zh-CN');
  } finally {
    if (attached) virsh(bed, 'detach-disk', bed.runningVm, 'vdc', '--live');
    await ui.close();
  }
});
