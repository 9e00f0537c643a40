// The pool history chart in the real renderer against the test bed: the
// details of spindle-test-pool show its fullness over time (at least the
// point pool.history samples at once) with the 80 % and 95 % lines; a
// poolFull rule whose limit the pool is over raises an alert whose row in
// the bell's list says what to do, naming the pool. Light English and dark
// Chinese, screenshots looked at.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { LOCAL, screenshot, treeItem, uiTest, waitUntil } from './harness.ts';

async function openPoolChart(page: Page, pool: string) {
  await treeItem(page, LOCAL, pool).click();
  const chart = page.getByTestId('pool-history-chart');
  await chart.waitFor({ timeout: 30_000 });
  await waitUntil('a point in the chart', async () => (Number(await chart.getAttribute('data-points')) >= 1 ? true : null), 30_000);
  await chart.locator('.recharts-wrapper > svg.recharts-surface').waitFor();
  await chart.scrollIntoViewIfNeeded();
  return chart;
}

uiTest('pool details: the fullness chart of spindle-test-pool, its level lines, and a pool alert that says what to do', async ({ ui, page, bed }) => {
  const chart = await openPoolChart(page, bed.pool);
  // The allocation line (a dot while there is one point), the 80 % and 95 % lines with their labels.
  const drawn = await chart.locator('.recharts-line').count();
  assert.ok(drawn >= 1, 'the allocation series is drawn');
  assert.equal(await chart.locator('.level-line-warning').count(), 1);
  assert.equal(await chart.locator('.level-line-critical').count(), 1);
  const text = await chart.innerText();
  assert.match(text, /Fullness over time/);
  assert.match(text, /warning 80 %/);
  assert.match(text, /critical 95 %/);
  assert.match(text, /Allocation/);
  assert.equal(await chart.getAttribute('data-thin-pools'), '', 'a dir pool has no thin pools');
  await screenshot(page, 'pool-history-light-en');
  await chart.screenshot({ path: 'test-results/screenshots/pool-history-chart-light-en.png' });

  // A poolFull rule with a limit the pool is over (it is a few % full: 1 % is its 100 %): an emergency with its message.
  const svc = ui.server.service;
  const host = LOCAL;
  const set = await svc.dispatch('alerts.setRules', { rules: [{ id: 'ui-pool-full', scope: { kind: 'pool', host, pool: bed.pool }, metric: 'poolFull', limit: 1 }] });
  assert.ok(set.ok, JSON.stringify(set));
  const bell = page.locator('.alerts-button');
  await waitUntil('the pool alert', async () => (Number(await bell.getAttribute('data-count')) >= 1 ? true : null), 30_000);
  await bell.click();
  const row = page.locator('.alerts-popover .alert-row[data-rule="ui-pool-full"]');
  await row.waitFor();
  const rowText = await row.innerText();
  assert.match(rowText, /Emergency/);
  assert.match(rowText, new RegExp(`Pool ${bed.pool} on ${host} is [\\d.]+ % full \\(emergency\\)\\. Free space in it`));
  await screenshot(page, 'pool-history-alert-light-en');
  await bell.click();

  const zh = await ui.newPage({ language: 'zh-CN', colorScheme: 'dark' });
  const zhChart = await openPoolChart(zh, bed.pool);
  const zhText = await zhChart.innerText();
  assert.match(zhText, /使用率变化/);
  assert.match(zhText, /警告 80 %/);
  assert.doesNotMatch(zhText, /Fullness|Allocation|warning|critical/, 'no English in the Chinese chart');
  await screenshot(zh, 'pool-history-dark-zh-CN');
  await zhChart.screenshot({ path: 'test-results/screenshots/pool-history-chart-dark-zh-CN.png' });
  await zh.locator('.alerts-button').click();
  const zhRow = zh.locator('.alerts-popover .alert-row[data-rule="ui-pool-full"]');
  await zhRow.waitFor();
  assert.match(await zhRow.innerText(), new RegExp(`存储池 ${bed.pool} 已用`));
  await screenshot(zh, 'pool-history-alert-dark-zh-CN');
  await zh.close();

  const cleared = await svc.dispatch('alerts.setRules', { rules: [] });
  assert.ok(cleared.ok);
  await waitUntil('the alert to clear', async () => ((await bell.getAttribute('data-count')) === '0' ? true : null), 15_000);
});
