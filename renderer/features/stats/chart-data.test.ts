// What charts draw: one disk's window, a VM's disks combined (sums, request-weighted latency), CSV, axis ticks and units.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiskRate } from '../../../shared/contract/features/stats.ts';
import { chartSummary, diskWindow, formatAxis, formatRate, niceTicks, relativeTicks, SERIES_MARK, VALUE_MARK, VALUES_MARK, vmSeries, vmWindow, windowCsv } from './chart-data.ts';
import { HostStats } from './series.ts';

const rate = (target: string, over: Partial<DiskRate> = {}): DiskRate => ({ domain: 'vm', target, rdIops: 0, wrIops: 0, rdBps: 0, wrBps: 0, rdLatMs: null, wrLatMs: null, flLatMs: null, ...over });

function host(): HostStats {
  const hs = new HostStats('h', 1);
  hs.applyTick({ host: 'h', t: 1000, intervalS: 1, ended: [], disks: [rate('vda', { rdIops: 10, wrIops: 100, rdBps: 4096, wrBps: 8192, rdLatMs: 1, wrLatMs: 2, flLatMs: 5 }), rate('vdb', { rdIops: 30, wrIops: 0, rdBps: 1000, rdLatMs: 3, flLatMs: 7 }), { ...rate('x'), domain: 'other', rdIops: 999 }] });
  hs.applyTick({ host: 'h', t: 2000, intervalS: 1, ended: [], disks: [rate('vda', { wrIops: 50, wrLatMs: 4 })] });
  return hs;
}

test('a disk window holds the columns of its metric from t0 on', () => {
  const hs = host();
  const s = hs.series.get('vm/vda');
  assert.ok(s);
  const w = diskWindow(s, 'iops', 0);
  assert.deepEqual(w.t, [1000, 2000]);
  assert.deepEqual(w.v, [
    [10, 0],
    [100, 50],
  ]);
  assert.deepEqual(diskWindow(s, 'lat', 1500).v[1], [4]);
});

test('a VM sums IOPS and bytes; read/write latency is request-weighted; flush is the worst disk', () => {
  const list = vmSeries(host(), 'vm');
  assert.equal(list.length, 2);
  const iops = vmWindow(list, 'iops', 0);
  assert.deepEqual(iops.t, [1000, 2000]);
  assert.deepEqual(iops.v, [
    [40, 0],
    [100, 50],
  ]);
  const lat = vmWindow(list, 'lat', 0);
  // reads: (1 ms x 10 + 3 ms x 30) / 40 = 2.5 ms; writes: only vda wrote.
  assert.equal(lat.v[0]?.[0], 2.5);
  assert.equal(lat.v[1]?.[0], 2);
  assert.equal(lat.v[2]?.[0], 7);
  assert.ok(Number.isNaN(lat.v[0]?.[1] ?? 0), 'no reads: no read latency');
  assert.equal(lat.v[1]?.[1], 4);
});

test('CSV: ISO time, series columns with units, empty cells for no value, only the window', () => {
  const s = host().series.get('vm/vda');
  assert.ok(s);
  const csv = windowCsv(diskWindow(s, 'lat', 0), 'lat', ['read', 'write', 'flush'], 0, 1500);
  assert.equal(csv, 'time (ISO 8601),read (ms),write (ms),flush (ms)\n1970-01-01T00:00:01.000Z,1,2,5\n');
  const bps = windowCsv(diskWindow(s, 'bps', 0), 'bps', ['read', 'write'], 0, 5000);
  assert.match(bps, /^time \(ISO 8601\),read \(B\/s\),write \(B\/s\)\n/);
  assert.equal(bps.trim().split('\n').length, 3);
});

test('axis ticks: round decimal steps for IOPS and ms, binary steps for bytes, seconds before now for time', () => {
  assert.deepEqual(niceTicks(7090, 'iops'), [0, 2000, 4000, 6000, 8000]);
  assert.deepEqual(niceTicks(0, 'iops'), [0, 1, 2, 3, 4]);
  assert.deepEqual(niceTicks(28.6 * 2 ** 20, 'bps'), [0, 10 * 2 ** 20, 20 * 2 ** 20, 30 * 2 ** 20]);
  assert.deepEqual(niceTicks(0.032, 'lat'), [0, 0.025, 0.05, 0.075, 0.1]);
  assert.deepEqual(relativeTicks(60, 4), [-60, -45, -30, -15, 0]);
  assert.deepEqual(relativeTicks(600, 5), [-600, -480, -360, -240, -120, 0]);
  assert.equal(formatAxis(20 * 2 ** 20, 'bps'), '20 MiB');
  assert.equal(formatAxis(2.5 * 2 ** 20, 'bps'), '2.5 MiB');
  assert.equal(formatAxis(12000, 'iops'), '12k');
  assert.equal(formatRate(6581.6, 'iops'), '6,582 IOPS');
  assert.equal(formatRate(49.84, 'iops'), '49.8 IOPS');
  assert.equal(formatRate(25.7 * 2 ** 20, 'bps'), '25.7 MiB/s');
  assert.equal(formatRate(0.0312, 'lat'), '0.03 ms');
  assert.equal(formatRate(null, 'lat'), '—');
});

test('a chart summary lists the latest value of each series, in the catalog sentence', () => {
  const words = { latest: `Latest values: ${VALUES_MARK}`, value: `${SERIES_MARK} ${VALUE_MARK}`, separator: ', ', none: 'No samples yet' };
  assert.equal(chartSummary(words, ['Read', 'Write'], [12, 3.25], 'iops'), 'Latest values: Read 12 IOPS, Write 3.3 IOPS');
  assert.equal(chartSummary(words, ['Read', 'Write'], [null, 4096], 'bps'), 'Latest values: Write 4.00 KiB/s');
  assert.equal(chartSummary(words, ['Read'], [NaN], 'lat'), 'No samples yet');
  const zh = { latest: `最新值：${VALUES_MARK}`, value: `${SERIES_MARK} ${VALUE_MARK}`, separator: '，', none: '暂无样本' };
  assert.equal(chartSummary(zh, ['读取', '写入'], [1, 2], 'lat'), '最新值：读取 1.00 ms，写入 2.00 ms');
});
