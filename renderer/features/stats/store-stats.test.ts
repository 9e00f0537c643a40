// Leases: the first view of a host starts stats.watch and renews it every 10 s; the last view to go
// sends stats.unwatch (after a short grace). Ticks append to watched hosts only, and bump that host's
// version alone.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import type { ApiMethod, ApiParams } from '../../../shared/contract/api.ts';
import type { StatsTick } from '../../../shared/contract/features/stats.ts';
import { acquireStats, applyStatsTick, hostStats, RELEASE_GRACE_MS, RENEW_MS, resetStats, setStatsClient, useStatsStore, watchedHosts } from './store-stats.ts';

const tick = (host: string, t: number): StatsTick => ({ host, t, intervalS: 1, ended: [], disks: [{ domain: 'vm', target: 'vda', rdIops: 1, wrIops: 2, rdBps: 3, wrBps: 4, rdLatMs: null, wrLatMs: null, flLatMs: null }] });

let calls: string[] = [];
let watchAnswer: () => unknown = () => ({ host: 'h', intervalS: 1, ticks: [] });

beforeEach(() => {
  mock.timers.enable({ apis: ['setInterval', 'setTimeout'] });
  calls = [];
  watchAnswer = () => ({ host: 'h', intervalS: 1, ticks: [] });
  setStatsClient({
    call: async <M extends ApiMethod>(method: M, params: ApiParams<M>) => {
      calls.push(`${method}:${(params as { host?: string }).host ?? ''}`);
      if (method === 'stats.watch') {
        const r = watchAnswer();
        return r instanceof Error ? { ok: false, error: { code: 'COMMAND_FAILED', message: r.message } } : { ok: true, result: r };
      }
      return { ok: true, result: { sampling: false } };
    },
  } as never);
});

afterEach(() => {
  resetStats();
  setStatsClient(null);
  mock.timers.reset();
});

const flush = () => new Promise((r) => setImmediate(r));

test('one watch per host however many views; renewed every 10 s; unwatched after the last view goes', async () => {
  const a = acquireStats('h');
  const b = acquireStats('h');
  await flush();
  assert.deepEqual(calls, ['stats.watch:h']);
  mock.timers.tick(RENEW_MS);
  await flush();
  mock.timers.tick(RENEW_MS);
  await flush();
  assert.deepEqual(calls, ['stats.watch:h', 'stats.watch:h', 'stats.watch:h']);
  a();
  a(); // releasing twice counts once
  mock.timers.tick(RELEASE_GRACE_MS);
  await flush();
  assert.ok(!calls.includes('stats.unwatch:h'), 'one view still shows the host');
  b();
  const c = acquireStats('h'); // switching views within the grace keeps the lease
  mock.timers.tick(RELEASE_GRACE_MS);
  await flush();
  assert.ok(!calls.includes('stats.unwatch:h'));
  c();
  mock.timers.tick(RELEASE_GRACE_MS);
  await flush();
  assert.equal(calls.at(-1), 'stats.unwatch:h');
  assert.deepEqual(watchedHosts(), []);
  assert.equal(hostStats('h'), undefined, 'the history goes with the lease');
  calls = [];
  mock.timers.tick(RENEW_MS * 3);
  await flush();
  assert.deepEqual(calls, [], 'no renewals after the end');
});

test('the history the watch returns is kept; ticks append; another host\'s ticks change nothing here', async () => {
  watchAnswer = () => ({ host: 'h', intervalS: 1, ticks: [tick('h', 1000), tick('h', 2000)] });
  const off = acquireStats('h');
  await flush();
  assert.equal(hostStats('h')?.series.get('vm/vda')?.length, 2);
  const v = useStatsStore.getState().versions.h;
  applyStatsTick(tick('other', 3000));
  assert.equal(useStatsStore.getState().versions.h, v);
  assert.equal(hostStats('other'), undefined, 'not watched here: ignored');
  applyStatsTick(tick('h', 3000));
  assert.equal(hostStats('h')?.series.get('vm/vda')?.length, 3);
  assert.ok((useStatsStore.getState().versions.h ?? 0) > (v ?? 0));
  assert.equal(useStatsStore.getState().intervals.h, 1);
  // A renewal returns the whole history again: nothing is appended twice.
  watchAnswer = () => ({ host: 'h', intervalS: 1, ticks: [tick('h', 1000), tick('h', 2000), tick('h', 3000)] });
  mock.timers.tick(RENEW_MS);
  await flush();
  assert.equal(hostStats('h')?.series.get('vm/vda')?.length, 3);
  off();
});

test('ticks that arrive before the first history wait for it, then follow it', async () => {
  let answer: (v: unknown) => void = () => undefined;
  setStatsClient({
    call: (method: string) =>
      method === 'stats.watch' ? new Promise((r) => (answer = (v) => r({ ok: true, result: v }))) : Promise.resolve({ ok: true, result: { sampling: true } }),
  } as never);
  const off = acquireStats('h');
  applyStatsTick(tick('h', 5000));
  applyStatsTick(tick('h', 6000));
  assert.equal(hostStats('h'), undefined, 'nothing shown before the history');
  answer({ host: 'h', intervalS: 1, ticks: [tick('h', 3000), tick('h', 4000), tick('h', 5000)] });
  await flush();
  const s = hostStats('h')?.series.get('vm/vda');
  assert.equal(s?.length, 4, 'history 3-5 s, then the 6 s tick');
  assert.equal(s?.timeAt(0), 3000);
  assert.equal(s?.timeAt(3), 6000);
  off();
});

test('a failing watch is reported for the host and retried at the next renewal', async () => {
  watchAnswer = () => new Error('unknown method');
  const off = acquireStats('h');
  await flush();
  assert.equal(useStatsStore.getState().errors.h?.message, 'unknown method');
  watchAnswer = () => ({ host: 'h', intervalS: 2, ticks: [] });
  mock.timers.tick(RENEW_MS);
  await flush();
  assert.equal(useStatsStore.getState().errors.h, null);
  off();
});
