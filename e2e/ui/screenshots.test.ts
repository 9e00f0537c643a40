// Screenshots of the main window in both themes and both languages, for a
// person to look at (test-results/screenshots/). Each also checks that the
// layout fills the window exactly.
import assert from 'node:assert/strict';
import { LOCAL, LOCAL_LABEL, screenshot, treeItem, uiTest } from './harness.ts';

uiTest('main window: light and dark, English and Chinese', async ({ ui, bed }) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const language of ['en', 'zh-CN'] as const) {
      const page = await ui.newPage({ colorScheme, language });
      // The running VM open in the tree, its disk with a backing chain selected.
      const vm = treeItem(page, LOCAL, bed.runningVm);
      await vm.click();
      await page.keyboard.press('ArrowRight');
      await treeItem(page, LOCAL, 'vdb').click();
      await page.locator('.details[data-kind="disk"]').waitFor();
      await page.getByRole('grid').locator('[role="row"][aria-selected="true"]').waitFor();
      const file = await screenshot(page, `main-${colorScheme}-${language}`);
      assert.ok(file.endsWith('.png'));

      // The context menu of the VM, and the column chooser of the disk table.
      await vm.click({ button: 'right' });
      await page.getByRole('menu').waitFor();
      await screenshot(page, `menu-${colorScheme}-${language}`);
      await page.keyboard.press('Escape');
      await page.locator('.pane-tools .btn.ghost').click();
      await page.locator('.column-chooser').waitFor();
      await screenshot(page, `columns-${colorScheme}-${language}`);
      await page.keyboard.press('Escape');

      // The pools of the host, and the Add Host dialog.
      await treeItem(page, LOCAL, LOCAL_LABEL[language]).click();
      await page.getByRole('tab').nth(2).click();
      await page.getByRole('grid').getByText(bed.pool, { exact: true }).click();
      await screenshot(page, `pools-${colorScheme}-${language}`);
      await page.getByRole('toolbar').getByRole('button').first().click();
      await page.getByRole('dialog').getByRole('radio').nth(1).check();
      await screenshot(page, `add-host-${colorScheme}-${language}`);
      await page.keyboard.press('Escape');
      await page.context().close();
    }
  }
  assert.deepEqual(ui.errors, []);
});
