// Browser mode: when the server restarts (new token), an open page stops
// retrying and tells the user to open the new address.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { startWebServer } from '../../electron/web/server.ts';
import { tempConfigDir } from '../integration/testbed.ts';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, screenshot } from './harness.ts';

test('a restarted server: the page says its address is no longer valid', async (t) => {
  if (!existsSync(CHROMIUM) || !existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    const msg = 'TEST BED MISSING: Chromium or the renderer build';
    if (process.env.CI === 'true') throw new Error(msg);
    console.error(`\n*** ${msg}: UI test SKIPPED ***\n`);
    t.skip(msg);
    return;
  }
  const cfg = tempConfigDir();
  let server = await startWebServer({ configDir: cfg.dir, addLocalHost: false, knownHostsFiles: [] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(server.url);
    await page.locator('[role="treeitem"][data-kind="host"][data-host="Demo"]').waitFor();
    const port = server.port;
    await server.close();
    server = await startWebServer({ port, configDir: cfg.dir, addLocalHost: false, knownHostsFiles: [] });
    await page.locator('[data-carrier="expired"]').waitFor({ timeout: 30_000 });
    assert.match(await page.getByRole('alert').first().innerText(), /restarted/);
    await screenshot(page, 'token-expired-light-en');
  } finally {
    await browser.close();
    await server.close();
    cfg.cleanup();
  }
});
