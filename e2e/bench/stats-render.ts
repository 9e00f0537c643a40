// The renderer half of bench:stats: main-thread time per stats tick in
// Chromium, with a replayed feed. The Demo host (libvirt's test driver, in
// process) gets 50 running domains x 4 disks; stats.watch and stats.unwatch
// are answered by a fake that behaves like the real stats hub (a watch
// returns the history kept so far, up to 10 minutes, or only the ticks newer
// than its `since`, as renewals ask), and a synthetic
// `stats` event for all 200 disks goes out every second through the real
// WebSocket, client schema check, store and views. The page shows the host
// (its VM table above) and, in the details area, its 20 busiest disks as 20
// live charts over the default 5-minute window, all on screen.
//
// BENCH_STATS_SINCE=0 ignores `since` and answers every renewal with the
// whole history (what renewals cost before `since` existed: about 44 ms per
// second, 20 MB of JSON every 10 s).
//
// render_ms_per_tick = the main thread's busy time (Chrome's TaskDuration
// metric, over the whole measured stretch of 60 ticks, so parsing, React,
// style, layout, paint and GC all count) divided by the ticks in that
// stretch. The stretch starts after the opening's garbage is collected and
// V8's memory reducer has run (see SETTLE_S): opening costs what it costs
// once; the stretch is what every tick costs, re-ranking of the grid (every
// 15 s) included.
//
// Digging (not needed for the figure): BENCH_VERBOSE=1 prints the result as
// JSON; BENCH_TRACE=file (BENCH_TRACE_S, BENCH_TRACE_CATS) records a Chrome
// trace, BENCH_PROFILE=file a CPU profile, BENCH_HEAP=file an allocation
// profile, BENCH_HEAPSIZE=1 the JS heap per second; SPINDLE_MINIFY=0 keeps
// names readable.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type CDPSession } from 'playwright-core';
import type { ApiMethod, CallOutcome } from '../../shared/contract/api.ts';
import type { DiskRate, StatsHistory, StatsTick } from '../../shared/contract/features/stats.ts';
import { startWebServer } from '../../electron/web/server.ts';

export const DOMAINS = 50;
export const DISKS = 4;
const CHARTS = 20;
const WARMUP_TICKS = 20;
const SETTLE_S = 30;
/** A multiple of the 10 s lease renewal, so renewals count as often as they happen. */
const MEASURED_TICKS = 60;
const HISTORY_TICKS = 600;
const CHROMIUM = process.env.SPINDLE_CHROMIUM ?? '/usr/bin/chromium';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const HOST = 'Demo';

const vmName = (d: number) => `bench-vm-${String(d).padStart(2, '0')}`;
const target = (k: number) => `vd${String.fromCharCode(97 + k)}`;

/** Deterministic rates that wander, so the busiest disks change a little over time. */
function makeFeed(): (t: number) => StatsTick {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const level = Array.from({ length: DOMAINS * DISKS }, (_, i) => 50 + (i % 37) * 40 + rnd() * 200);
  let n = 0;
  return (t: number) => {
    n++;
    const disks: DiskRate[] = [];
    for (let d = 0; d < DOMAINS; d++) {
      for (let k = 0; k < DISKS; k++) {
        const i = d * DISKS + k;
        level[i] = Math.max(0, (level[i] ?? 0) * (0.9 + rnd() * 0.2) + (rnd() - 0.5) * 20);
        const base = level[i] ?? 0;
        const rd = base * (0.3 + 0.2 * Math.sin(n / 17 + i));
        const wr = base - rd;
        disks.push({
          domain: vmName(d),
          target: target(k),
          rdIops: rd,
          wrIops: wr,
          rdBps: rd * 4096 * (1 + (i % 4)),
          wrBps: wr * 4096 * (1 + (i % 3)),
          rdLatMs: rd > 0 ? 0.2 + rnd() * 2 : null,
          wrLatMs: wr > 0 ? 0.3 + rnd() * 3 : null,
          flLatMs: i % 5 === 0 ? 0.5 + rnd() : null,
        });
      }
    }
    return { host: HOST, t, intervalS: 1, disks, ended: [] };
  };
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const r = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(r.metrics.map((m) => [m.name, m.value]));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StatsRenderResult {
  renderMsPerTick: number;
  /** Breakdown of the same stretch (ms per tick). */
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  /**
   * The same page with the feed stopped (ms per second): what is not the
   * ticks' doing, almost all of it the lease renewals (each stats.watch
   * answer carries the whole 10-minute history of 200 disks).
   */
  idleMsPerSecond: number;
  /** renderMsPerTick minus idleMsPerSecond: the ticks' own cost. */
  ticksOnlyMsPerTick: number;
  chartsVisible: number;
  rows: number;
  /** Main-thread ms in each second of the stretch (one tick each). */
  perSecond: number[];
  /** In the stretch: y scales changed, charts re-used for another disk (title text changes), charts moved. */
  changes: { rescales: number; retitled: number; moves: number };
}

export async function measureStatsRender(): Promise<StatsRenderResult> {
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'silent'], { cwd: root, stdio: 'ignore' });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'spindle-bench-stats-'));
  const server = await startWebServer({ configDir: path.join(tmp, 'cfg'), addLocalHost: false, knownHostsFiles: [] });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  let timer: NodeJS.Timeout | null = null;
  try {
    const demo = server.service.session(HOST);
    if (!demo) throw new Error('the Demo host did not start');
    const files: string[] = [];
    for (let d = 0; d < DOMAINS; d++) {
      const disks = Array.from({ length: DISKS }, (_, k) => `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/images/${vmName(d)}-${k}.qcow2'/><target dev='${target(k)}' bus='virtio'/></disk>`).join('');
      const f = path.join(tmp, `vm${d}.xml`);
      writeFileSync(f, `<domain type='test'><name>${vmName(d)}</name><memory unit='MiB'>512</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>${disks}</devices></domain>`);
      files.push(f);
    }
    await demo.virsh.batch([['destroy', '--domain', 'test'], ['undefine', '--domain', 'test'], ...files.flatMap((f, d) => [['define', '--file', f], ['start', '--domain', vmName(d)]])]);

    // The feed: a history like the hub's ring (answered on every watch) and a tick per second.
    const feed = makeFeed();
    const history: StatsTick[] = [];
    const now = Date.now();
    for (let i = HISTORY_TICKS; i > 0; i--) history.push(feed(now - i * 1000));
    const service = server.service;
    const real = service.dispatch.bind(service);
    let watches = 0;
    service.dispatch = async (method: unknown, params: unknown): Promise<CallOutcome<ApiMethod>> => {
      if (method === 'stats.watch') {
        watches++;
        const since = (params as { since?: number }).since;
        const newer = since !== undefined && process.env.BENCH_STATS_SINCE !== '0' ? history.filter((x) => x.t > since) : history.slice(-HISTORY_TICKS);
        const h: StatsHistory = { host: HOST, intervalS: 1, ticks: newer };
        return { ok: true, result: h } as CallOutcome<ApiMethod>;
      }
      if (method === 'stats.unwatch') return { ok: true, result: { sampling: false } } as CallOutcome<ApiMethod>;
      return real(method, params);
    };
    const emit = () => {
      const tick = feed(Date.now());
      history.push(tick);
      if (history.length > HISTORY_TICKS) history.shift();
      service.emit('event', 'stats', tick);
    };

    const context = await browser.newContext({ viewport: { width: 2200, height: 1240 }, deviceScaleFactor: 1 });
    await context.addInitScript((charts: number) => {
      localStorage.setItem(
        'spindle.prefs',
        JSON.stringify({ state: { detailsHeight: 640, hostView: 'vms', detailsTab: 'performance', statsIntervalS: 1, statsRangeS: 300, busiestCount: charts, busiestMetric: 'iops' }, version: 1 }),
      );
    }, CHARTS);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    const hostItem = page.locator(`[role="treeitem"][data-kind="host"][data-host="${HOST}"]`);
    await hostItem.waitFor({ timeout: 60_000 });
    const inv = await service.dispatch('inventory.refresh', { host: HOST });
    if (!inv.ok) throw new Error(inv.error.message);
    await page.getByText(vmName(0)).first().waitFor({ state: 'attached', timeout: 60_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    timer = setInterval(emit, 1000);
    await hostItem.click();
    await page.locator('figure.io-chart').nth(CHARTS - 1).waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelectorAll('figure.io-chart[data-points]:not([data-points="0"])').length >= 20, undefined, { timeout: 30_000 });
    await sleep(WARMUP_TICKS * 1000);
    // Opening left the garbage of the whole history (about 35 MB of parsed
    // ticks) for a major GC that could land anywhere in the next minute; it
    // is the cost of opening, not of a tick. Settle it first, then let V8's
    // memory reducer (which follows a major GC with up to three more, about
    // 8 s apart, while the page allocates little) run its course.
    await cdp.send('HeapProfiler.collectGarbage');
    await sleep(SETTLE_S * 1000);

    const visible = (await page.evaluate(`(() => {
      const area = document.querySelector('.details-area').getBoundingClientRect();
      return [...document.querySelectorAll('figure.io-chart')].filter((f) => {
        const r = f.getBoundingClientRect();
        return r.top >= area.top && r.bottom <= area.bottom + 1 && r.height > 0;
      }).length;
    })()`)) as number;
    const rows = Number((await page.locator('[role="grid"]').first().getAttribute('aria-rowcount')) ?? '1') - 1;

    // What changed in the grid during the stretch (y rescales, re-used charts, moves): for BENCH_VERBOSE.
    await page.evaluate(`(() => {
      const c = (window.__benchChanges = { rescales: 0, retitled: 0, moves: 0 });
      const grid = document.querySelector('.mini-grid');
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.type === 'attributes' && r.attributeName === 'data-y-top' && r.oldValue !== r.target.getAttribute('data-y-top')) c.rescales++;
          else if (r.type === 'characterData' || (r.type === 'childList' && r.target.closest && r.target.closest('.io-chart-title'))) c.retitled++;
          else if (r.type === 'childList' && r.target === grid) c.moves += r.addedNodes.length;
        }
      }).observe(grid, { subtree: true, childList: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-y-top'], characterData: true });
    })()`);
    // Start and end half a tick after an emission, so the stretch holds MEASURED_TICKS ticks.
    await sleep(500);
    const m0 = await metrics(cdp);
    const w0 = watches;
    if (process.env.BENCH_TRACE) {
      await browser.startTracing(page, { path: process.env.BENCH_TRACE, categories: (process.env.BENCH_TRACE_CATS ?? 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel').split(',') });
      await sleep(Number(process.env.BENCH_TRACE_S ?? 10) * 1000);
      await browser.stopTracing();
    }
    if (process.env.BENCH_HEAP) {
      await cdp.send('HeapProfiler.enable');
      await cdp.send('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      await sleep(10_000);
      const { profile } = (await cdp.send('HeapProfiler.stopSampling')) as { profile: unknown };
      writeFileSync(process.env.BENCH_HEAP, JSON.stringify(profile));
    }
    if (process.env.BENCH_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_PROFILE_US ?? 100) });
      await cdp.send('Profiler.start');
      await sleep(Number(process.env.BENCH_TRACE_S ?? 10) * 1000);
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
    }
    const perSecond: number[] = [];
    const heap: number[] = [];
    let prev = m0.TaskDuration ?? 0;
    for (let i = 0; i < MEASURED_TICKS; i++) {
      await sleep(1000);
      const m = await metrics(cdp);
      const cur = m.TaskDuration ?? 0;
      perSecond.push(Math.round((cur - prev) * 10000) / 10);
      if (process.env.BENCH_HEAPSIZE) heap.push(Math.round((m.JSHeapUsedSize ?? 0) / 1e5) / 10);
      prev = cur;
    }
    if (process.env.BENCH_HEAPSIZE) console.error('heap MB', JSON.stringify(heap));
    const m1 = await metrics(cdp);
    const changes = (await page.evaluate('window.__benchChanges')) as StatsRenderResult['changes'];
    if (watches - w0 < 2) throw new Error(`the lease was renewed ${watches - w0} times in ${MEASURED_TICKS} s`);
    const per = (k: string) => (((m1[k] ?? 0) - (m0[k] ?? 0)) * 1000) / MEASURED_TICKS;

    // The same page without ticks (lease renewals go on).
    if (timer) clearInterval(timer);
    timer = null;
    await sleep(1500);
    const i0 = await metrics(cdp);
    await sleep(10_000);
    const i1 = await metrics(cdp);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const idle = (((i1.TaskDuration ?? 0) - (i0.TaskDuration ?? 0)) * 1000) / 10;
    return {
      renderMsPerTick: per('TaskDuration'),
      scriptMs: per('ScriptDuration'),
      layoutMs: per('LayoutDuration'),
      styleMs: per('RecalcStyleDuration'),
      idleMsPerSecond: idle,
      ticksOnlyMsPerTick: per('TaskDuration') - idle,
      chartsVisible: visible,
      rows,
      perSecond,
      changes,
    };
  } finally {
    if (timer) clearInterval(timer);
    await browser.close();
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

const quantile = (xs: number[], q: number): number => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.floor(q * a.length))] ?? NaN;
};

/** One line on how the ticks' cost is spread (the mean hides ranking changes and GC pauses). */
export function describeRender(r: StatsRenderResult): string {
  const f = (n: number) => n.toFixed(1);
  return `render: ${f(r.renderMsPerTick)} ms/tick mean over ${r.perSecond.length} ticks with ${r.chartsVisible} charts (median ${f(quantile(r.perSecond, 0.5))}, p95 ${f(quantile(r.perSecond, 0.95))}, max ${f(Math.max(...r.perSecond))}; script ${f(r.scriptMs)}, layout ${f(r.layoutMs)}, style ${f(r.styleMs)}); ${f(r.idleMsPerSecond)} ms/s without ticks (lease renewals)`;
}

/** What bench:stats combines: the mean main-thread milliseconds per tick. */
export async function renderMsPerTick(): Promise<number> {
  return (await measureStatsRender()).renderMsPerTick;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const r = await measureStatsRender();
  if (process.env.BENCH_VERBOSE) console.error(JSON.stringify(r));
  console.log(describeRender(r));
  console.log(`render_ms_per_tick=${r.renderMsPerTick.toFixed(2)}`);
}
