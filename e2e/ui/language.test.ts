// Switching to Simplified Chinese translates the labels, survives a reload,
// and leaves names from libvirt untouched.
import assert from 'node:assert/strict';
import { LOCAL, treeItem, uiTest } from './harness.ts';

uiTest('switch to zh-CN: translated labels, kept after reload, and back', async ({ ui, page, bed }) => {
  await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
  await page.getByRole('toolbar').getByRole('button', { name: '添加主机' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await treeItem(page, LOCAL, '虚拟机').waitFor();
  await treeItem(page, LOCAL, '存储池').waitFor();
  // The built-in host is 本机 in Chinese (its name stays "This computer" underneath).
  await page.getByRole('grid', { name: '本机 上的虚拟机' }).getByRole('columnheader', { name: '名称' }).waitFor();
  await page.getByRole('tab', { name: '全部磁盘' }).waitFor();
  await page.getByRole('contentinfo').getByText('已连接到服务器').waitFor();
  await page.getByText('运行中').first().waitFor();
  // Names from the host are data, not labels.
  await treeItem(page, LOCAL, bed.runningVm).waitFor();

  await page.reload();
  await page.getByRole('toolbar').getByRole('button', { name: '添加主机' }).waitFor();
  assert.equal(await page.getByRole('combobox', { name: '语言' }).inputValue(), 'zh-CN');

  await page.getByRole('combobox', { name: '语言' }).selectOption('en');
  await page.getByRole('toolbar').getByRole('button', { name: 'Add host' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('spindle.language')), 'en');
  assert.deepEqual(ui.errors, []);
});
