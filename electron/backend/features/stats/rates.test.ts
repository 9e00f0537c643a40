// Rate maths on real samples recorded on the test bed (see testdata/samples.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseBlockCounters } from './counters.ts';
import { computeRates } from './rates.ts';
import { HostSampler } from './sampler.ts';
import { Ring } from './ring.ts';
import { AlertEngine, levelFor, metricOf } from './alerts.ts';
import { parseIoTune, planIoTune, validateIoTune } from './iotune.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Inventory } from '../../../../shared/contract/models.ts';

const dir = new URL('./testdata/', import.meta.url).pathname;
const sample = (n: number): string => readFileSync(`${dir}domstats-${n}.txt`, 'utf8');
const { timesMs } = JSON.parse(readFileSync(`${dir}samples.json`, 'utf8')) as { timesMs: number[] };

test('counters of every disk of every running VM, keyed domain/target', () => {
  const c = parseBlockCounters(sample(2));
  assert.deepEqual([...c.keys()], ['spindle-test-vm/vda', 'spindle-test-vm/vdb', 'spindle-test-vm/vdc']);
  const vdb = c.get('spindle-test-vm/vdb')!;
  assert.equal(vdb.wrReqs, 76785);
  assert.ok(vdb.wrBytes === vdb.wrReqs * 4096, 'dd wrote 4 KiB blocks');
  assert.equal(c.get('spindle-test-vm/vdc')!.rdReqs, 513);
});

test('rates: IOPS, bytes/s and latency from deltas; reads show on the disk that was read', () => {
  const a = parseBlockCounters(sample(1));
  const b = parseBlockCounters(sample(2));
  const dt = (timesMs[1]! - timesMs[0]!) / 1000;
  const { disks, ended } = computeRates(a, b, dt);
  assert.deepEqual(ended, []);
  const vdb = disks.find((d) => d.target === 'vdb')!;
  assert.ok(Math.abs(vdb.wrIops - (76785 - 66368) / dt) < 1e-6);
  assert.equal(vdb.wrBps, vdb.wrIops * 4096);
  assert.equal(vdb.rdIops, 0);
  assert.equal(vdb.rdLatMs, null, 'no reads, no read latency');
  assert.ok(vdb.wrLatMs! > 0 && vdb.wrLatMs! < 1000, `write latency ${vdb.wrLatMs} ms`);
  const vdc = disks.find((d) => d.target === 'vdc')!;
  assert.ok(Math.abs(vdc.rdIops - 512 / dt) < 1e-6);
  assert.equal(vdc.rdBps, (512 * 4096) / dt);
  const vda = disks.find((d) => d.target === 'vda')!;
  assert.deepEqual([vda.rdIops, vda.wrIops, vda.rdLatMs], [0, 0, null]);
});

test('a counter reset (disk re-plugged) clamps to zero; a hot-plugged disk starts its series next tick', () => {
  const b = parseBlockCounters(sample(2));
  const c = parseBlockCounters(sample(3));
  const { disks } = computeRates(b, c, (timesMs[2]! - timesMs[1]!) / 1000);
  const vdc = disks.find((d) => d.target === 'vdc')!;
  assert.deepEqual([vdc.rdIops, vdc.rdBps, vdc.wrIops, vdc.rdLatMs], [0, 0, 0, null]);
  assert.equal(disks.some((d) => d.target === 'vdd'), false, 'first sight of vdd is its baseline');
  const next = computeRates(c, c, 2);
  assert.ok(next.disks.some((d) => d.target === 'vdd'));
  // A disk that goes away ends its series.
  assert.deepEqual(computeRates(c, b, 2).ended, ['spindle-test-vm/vdd']);
});

test('the sampler: baseline first, then ticks into a bounded ring', () => {
  const s = new HostSampler('h', () => undefined);
  assert.equal(s.ingest(sample(1), timesMs[0]!), null);
  const t = s.ingest(sample(2), timesMs[1]!);
  assert.ok(t && t.disks.length === 3 && t.host === 'h');
  s.ingest(sample(3), timesMs[2]!);
  assert.equal(s.history().ticks.length, 2);
  // A renewal with `since` gets only what is newer.
  assert.deepEqual(
    s.history(timesMs[1]!).ticks.map((x) => x.t),
    [timesMs[2]],
  );
  assert.equal(s.history(timesMs[2]!).ticks.length, 0);
  assert.equal(s.history(0).ticks.length, 2);
  const r = new Ring<number>(3);
  for (let i = 0; i < 5; i++) r.push(i);
  assert.deepEqual(r.toArray(), [2, 3, 4]);
  assert.deepEqual(
    r.newest((x) => x > 2),
    [3, 4],
  );
  assert.deepEqual(
    r.newest((x) => x > 9),
    [],
  );
  r.resize(2);
  assert.deepEqual(r.toArray(), [3, 4]);
});

test('alerts: levels at 80/95/100 % of the limit, VM sums, clear when the value falls back', async () => {
  const rule = { id: 'r', scope: { kind: 'disk', host: 'h', domain: 'spindle-test-vm', target: 'vdb' }, metric: 'iops', limit: 1000 } as const;
  assert.equal(levelFor(rule, 799), null);
  assert.equal(levelFor(rule, 800), 'warning');
  assert.equal(levelFor(rule, 950), 'critical');
  assert.equal(levelFor(rule, 1000), 'emergency');
  const cfg = mkdtempSync(path.join(os.tmpdir(), 'spindle-alerts-'));
  try {
    let now = 0;
    const e = new AlertEngine(cfg, () => now);
    const seen: string[][] = [];
    e.onChange = (a) => seen.push(a.map((x) => `${x.ruleId}:${x.level}`));
    await e.setRules([rule, { id: 'vm', scope: { kind: 'vm', host: 'h', domain: 'spindle-test-vm' }, metric: 'bps', limit: 1e12 }, { id: 'p', scope: { kind: 'pool', host: 'h', pool: 'p' }, metric: 'poolFull', limit: 90 }]);
    const s = new HostSampler('h', () => undefined);
    s.ingest(sample(1), timesMs[0]!);
    const busy = s.ingest(sample(2), timesMs[1]!)!;
    now = 1;
    e.onTick(busy);
    assert.deepEqual(seen.at(-1), ['r:emergency']);
    assert.ok((metricOf(e.list()[1]!, busy.disks) ?? 0) > busy.disks.find((d) => d.target === 'vdb')!.wrBps, 'VM sum includes every disk');
    e.onTick({ ...busy, disks: busy.disks.map((d) => ({ ...d, wrIops: 0, rdIops: 0 })) });
    assert.deepEqual(seen.at(-1), [], 'cleared');
    e.onPools('h', [{ name: 'p', uuid: '', type: 'dir', active: true, autostart: true, capacity: 100, allocation: 88, available: 12, volumes: [] }]);
    assert.deepEqual(seen.at(-1), ['p:critical']);
    // Saved, and read back by a new engine.
    const again = new AlertEngine(cfg);
    await again.load();
    assert.equal(again.list().length, 3);
    assert.deepEqual([...again.hostsNeedingStats()], ['h']);
    await assert.rejects(e.setRules([{ ...rule, metric: 'poolFull' }]), /pool fullness applies to pools/);
  } finally {
    rmSync(cfg, { recursive: true, force: true });
  }
});

test('I/O limits: parsed from blkdeviotune, validated like libvirt, set all at once', () => {
  const out = 'total_bytes_sec: 0\nread_bytes_sec : 0\nwrite_bytes_sec: 0\ntotal_iops_sec : 0\nread_iops_sec  : 0\nwrite_iops_sec : 50\ntotal_bytes_sec_max: 0\nsize_iops_sec  : 0\ngroup_name     : \n';
  assert.deepEqual(parseIoTune(out), { writeIopsSec: 50 });
  assert.throws(() => validateIoTune({ totalIopsSec: 10, readIopsSec: 5 }), /cannot be set together/);
  assert.throws(() => validateIoTune({ writeIopsSecMax: 100 }), /needs a write IOPS limit/);
  assert.throws(() => validateIoTune({ writeIopsSec: 50, writeIopsSecMax: 40 }), /below its limit/);
  const inv = {
    host: 'h', uri: 'u', loadedAt: '', durationMs: 0, pools: [],
    domains: [{ name: 'vm', uuid: '', state: 'running', vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks: [{ target: 'vdb', device: 'disk', source: { type: 'file' }, sourceLabel: '/x', readonly: false, shareable: false, backingChain: [] }] }],
  } as Inventory;
  const p = planIoTune(inv, 'qemu:///system', { domain: 'vm', target: 'vdb', limits: { writeIopsSec: 50 } });
  assert.deepEqual(p.steps.map((s) => s.argv.at(-1)), ['--config', '--live']);
  const argv = p.steps[1]!.argv;
  assert.equal(argv[argv.indexOf('--write-iops-sec') + 1], '50');
  assert.equal(argv[argv.indexOf('--read-bytes-sec-max') + 1], '0', 'every limit given, so none is left over');
});
