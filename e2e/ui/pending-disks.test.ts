// A disk attached to the running VM only (gone at shutdown) is shown as a
// pending change in the VM's details, in both languages.
import assert from 'node:assert/strict';
import { liveOnlyDisk } from '../integration/fixtures.ts';
import { LOCAL, screenshot, treeItem, uiTest } from './harness.ts';

uiTest('pending disk changes are shown on the VM', async (s) => {
  const { page, bed } = s;
  liveOnlyDisk(s, 'vdc');
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
});
