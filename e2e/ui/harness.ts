// Drives the real UI through browser mode: the owner's web server (real
// backend, temporary config dir with the Demo and local hosts) and Debian's
// Chromium through playwright-core. No browser is ever downloaded.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startWebServer, type WebServer } from '../../electron/web/server.ts';
import { scoped, type Scope } from '../integration/fixtures.ts';
import { requireTestbed, tempConfigDir, type Testbed } from '../integration/testbed.ts';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM = process.env.SPINDLE_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** The name the backend gives the local qemu:///system host on first start. */
export const LOCAL = 'This computer';
/** How the UI names the built-in host in each language (its name, LOCAL, stays the same). */
export const LOCAL_LABEL = { en: LOCAL, 'zh-CN': '本机' } as const;
export const VIEWPORT = { width: 1360, height: 860 };

export interface PageOptions {
  colorScheme?: 'light' | 'dark';
  language?: 'en' | 'zh-CN';
}

export interface Ui {
  bed: Testbed;
  server: WebServer;
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions of every page opened. */
  errors: string[];
  newPage(opts?: PageOptions): Promise<Page>;
  close(): Promise<void>;
}

function ensureRendererBuilt(): void {
  if (existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the renderer failed');
}

/** Starts server and browser, opens the app, waits for the local host; null when skipped. */
export async function openUi(t: TestContext, first: PageOptions = {}): Promise<Ui | null> {
  const bed = requireTestbed(t);
  if (!bed) return null;
  if (!existsSync(CHROMIUM)) {
    const msg = `TEST BED MISSING: no Chromium at ${CHROMIUM} (set SPINDLE_CHROMIUM, or run e2e/testbed/setup.sh)`;
    if (process.env.CI === 'true') throw new Error(msg);
    console.error(`\n*** ${msg}: UI test SKIPPED ***\n`);
    t.skip(msg);
    return null;
  }
  ensureRendererBuilt();
  const cfg = tempConfigDir();
  // No known_hosts files: the loopback sshd must be met as a new host.
  const server = await startWebServer({ configDir: cfg.dir, knownHostsFiles: [] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  const newPage = async (opts: PageOptions = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: VIEWPORT, colorScheme: opts.colorScheme ?? 'light', locale: 'en-US', deviceScaleFactor: 1 });
    contexts.push(context);
    if (opts.language) await context.addInitScript((l) => localStorage.setItem('spindle.language', l), opts.language);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(server.url);
    await page.locator(`[role="treeitem"][data-kind="host"][data-host="${LOCAL}"]`).waitFor({ timeout: 30_000 });
    return page;
  };

  try {
    const page = await newPage(first);
    return {
      bed,
      server,
      browser,
      page,
      errors,
      newPage,
      close: async () => {
        for (const c of contexts) await c.close().catch(() => undefined);
        await browser.close();
        await server.close();
        cfg.cleanup();
      },
    };
  } catch (e) {
    await browser.close();
    await server.close();
    cfg.cleanup();
    throw e;
  }
}

export interface UiScope extends Scope {
  ui: Ui;
  page: Page;
}

/**
 * A UI test: openUi() (skipped without the test bed or Chromium, failed under
 * CI=true), then `body` in a scope (integration/fixtures.ts) whose fixtures
 * are undone when it ends, passed or failed; the UI is closed last.
 */
export function uiTest(name: string, body: (s: UiScope) => Promise<void>, first: PageOptions = {}): void {
  test(name, async (t) => {
    const ui = await openUi(t, first);
    if (!ui) return;
    await scoped(t, ui.bed, async (s) => {
      s.defer(() => ui.close());
      await body({ ...s, ui, page: ui.page });
    });
  });
}

/** A tree item by host and accessible name (names repeat across hosts). */
export function treeItem(page: Page, host: string, name: string): Locator {
  return page.getByRole('treeitem', { name, exact: true }).and(page.locator(`[data-host="${host.replace(/"/g, '\\"')}"]`));
}

/** The text of one column (by header position) of the rendered body rows, top to bottom. */
export async function columnTexts(grid: Locator, colIndex: number): Promise<string[]> {
  return grid.locator('[role="row"][data-row-index]').evaluateAll(
    (rows, i) =>
      rows
        .map((r) => ({ i: Number((r as HTMLElement).dataset.rowIndex), text: (r.querySelectorAll('[role="gridcell"]')[i]?.textContent ?? '').trim() }))
        .sort((a, b) => a.i - b.i)
        .map((r) => r.text),
    colIndex,
  );
}

export async function waitUntil<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Let transitions and the toast animation settle.
  await page.waitForTimeout(250);
  await page.screenshot({ path: file });
  // The window is filled exactly: status bar at the bottom, nothing wider than the window.
  const layout = await page.evaluate(() => ({
    bottom: document.querySelector('.statusbar')?.getBoundingClientRect().bottom ?? -1,
    height: window.innerHeight,
    overflowX: document.documentElement.scrollWidth - window.innerWidth,
  }));
  if (Math.round(layout.bottom) !== layout.height) throw new Error(`${name}: the status bar ends at ${layout.bottom}px, the window at ${layout.height}px`);
  if (layout.overflowX > 0) throw new Error(`${name}: the page is ${layout.overflowX}px wider than the window`);
  return file;
}

/** The row of a data grid whose cell is named `name` exactly (a disk's target, say). */
export function rowNamed(grid: Locator, name: string): Locator {
  return grid.locator('[role="row"][data-row-index]').filter({ has: grid.page().getByRole('gridcell', { name, exact: true }) });
}

/** The attach wizard of `vm` (on this computer), from its details panel, at its first step. */
export async function openAttachWizard(page: Page, vm: string): Promise<Locator> {
  await treeItem(page, LOCAL, vm).click();
  await page.locator('.details[data-kind="vm"]').getByRole('button', { name: 'Attach disk…' }).click();
  const d = page.getByRole('dialog');
  await d.locator('[data-wizard-step="source"]').waitFor();
  return d;
}

/** The new-volume wizard of `pool` (on this computer), from the pool's context menu. */
export async function openNewVolumeWizard(page: Page, pool: string): Promise<Locator> {
  const item = treeItem(page, LOCAL, pool);
  await item.click();
  await item.click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'New volume…' }).click();
  const d = page.getByRole('dialog');
  await d.locator('[data-wizard-step]').first().waitFor();
  return d;
}

/** Waits for a wizard's review page (the backend planned it). */
export async function reviewOf(d: Locator): Promise<void> {
  await d.locator('[data-review]').waitFor({ timeout: 30_000 });
}

/** Waits for the job a wizard runs to end; its state (succeeded, partial, failed, cancelled). */
export async function jobEnd(d: Locator, timeoutMs = 90_000): Promise<string | null> {
  await d.locator('.wizard-body[data-job-state]:not([data-job-state="running"])').waitFor({ timeout: timeoutMs });
  return d.locator('.wizard-body').getAttribute('data-job-state');
}

/** Opens the Add Host dialog with SSH chosen and the loopback sshd's address and user filled in. */
export async function openLoopbackSshDialog(page: Page, bed: Testbed): Promise<Locator> {
  await page.getByRole('toolbar').getByRole('button', { name: 'Add host' }).click();
  const d = page.getByRole('dialog');
  await d.getByRole('radio', { name: 'SSH' }).check();
  await d.getByLabel('Host', { exact: true }).fill(bed.ssh.host);
  await d.getByLabel('Port', { exact: true }).fill(String(bed.ssh.port));
  await d.getByLabel('User', { exact: true }).fill(bed.ssh.user);
  return d;
}

/** Fills the Add Host dialog for the loopback sshd (key auth, sudo), not yet submitted. */
export async function fillLoopbackSsh(page: Page, bed: Testbed, name: string): Promise<Locator> {
  const d = await openLoopbackSshDialog(page, bed);
  await d.getByRole('radio', { name: 'Key file' }).check();
  await d.getByLabel('Private key file').fill(bed.ssh.keyPath);
  await d.getByLabel('Use sudo').check();
  await d.getByLabel('Name', { exact: true }).fill(name);
  return d;
}

// ---------------------------------------------------------------- English left in a Chinese page
/** Three or more English words in a row: a sentence that was not translated. */
const ENGLISH_RUN = /\b[A-Za-z][a-z']+(?: [A-Za-z][a-z']+){2,}\b/g;
/** A word (four letters or more, not part of a name, path or value such as zh-walk-a.iso, ext4, KiB). */
const ENGLISH_WORD = /^[A-Za-z][a-z]{3,}$/;
/** Chinese characters and full-width punctuation. */
const CHINESE = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
/** Names that are English in Chinese text too. */
const ALLOWED = [/QEMU guest agent/i, /Spindle/, /^Ceph RBD$/, /^Sheepdog$/];
/** Left out of the check for now, with the reason (each one reported to the lead). */
const NOT_CHECKED: string[] = [];

/**
 * The page's English (code, commands, paths and XML left out): runs of three
 * words or more, and texts with no Chinese at all that hold an English word.
 * The second catches a short sentence around names, which has no run of
 * three words ("Unmount /mnt/x in vm", "Eject a.iso from vm:sdf").
 */
export async function englishSentences(scope: Locator): Promise<string[]> {
  // No named functions inside: the test runner's compiler would wrap them in a helper the page does not have.
  const texts = await scope.evaluate((root, notChecked) => {
    const skip = ['code, pre, kbd, samp, textarea, input, select, .mono, .command-line, [data-english-ok]', ...notChecked].join(', ');
    const parts: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.closest(skip)) continue;
      parts.push(n.textContent ?? '');
    }
    return parts;
  }, NOT_CHECKED);
  const runs = [...texts.join('\n').matchAll(ENGLISH_RUN)].map((m) => m[0]);
  const words = texts
    .map((t) => t.trim())
    .filter((t) => !CHINESE.test(t) && t.split(/\s+/).some((w) => ENGLISH_WORD.test(w.replace(/^[("'“‘]+|[)"'”’,.;:!?…]+$/g, ''))));
  return [...new Set([...runs, ...words])].filter((s) => !ALLOWED.some((a) => a.test(s)));
}
