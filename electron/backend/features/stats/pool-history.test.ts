// Pool fullness history and pool alerts against fake sampler input: the
// ring keeps one point a minute for 7 days, the sampler's batch (refresh of
// file pools, pool-info of all) and its 5-minute thin-pool reads (real
// recorded lvs output through pool.usage's reader), and the alert engine's
// poolFull / thinData / thinMetadata rules at the shared 80/95/100 % levels,
// with messages naming the pool, the thin pool and the lvextend to run.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { english, renderMsg } from '../../../../shared/core/messages.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { AlertSchema, PoolHistorySchema, type Alert, type AlertRule } from '../../../../shared/contract/features/stats.ts';
import type { Inventory, Pool } from '../../../../shared/contract/models.ts';
import { buildPoolXml } from '../../libvirt/model/pool-xml.ts';
import type { BatchOutput, VirshExecutor } from '../../libvirt/virsh.ts';
import type { RunResult, Runner } from '../../transport/runner.ts';
import { AlertEngine } from './alerts.ts';
import { PoolHistoryStore } from './pool-history.ts';
import { parsePoolInfo, PoolSampler, type PoolSample } from './pool-sampler.ts';

const MIN = 60_000;
const golden = (name: string): string => readFileSync(new URL(`../pools/testdata/usage/${name}`, import.meta.url), 'utf8');

function pool(p: Partial<Pool> & Pick<Pool, 'name' | 'type'>): Pool {
  return { uuid: 'u', active: true, autostart: false, capacity: 0, allocation: 0, available: 0, volumes: [], ...p };
}

test('the history: one point per minute (the newer reading wins, a thin reading is kept), bounded, since, pools that are gone', () => {
  const h = new PoolHistoryStore({ stepS: 60, keepS: 5 * 60 });
  const t0 = 1_700_000_000_000 - (1_700_000_000_000 % MIN);
  h.record('h', 'p', { t: t0, capacity: 100, allocation: 10, thin: [{ name: 'tp', dataPercent: 5, metadataPercent: 1 }] });
  h.record('h', 'p', { t: t0 + 30_000, capacity: 100, allocation: 20 });
  assert.deepEqual(h.points('h', 'p'), [{ t: t0 + 30_000, capacity: 100, allocation: 20, thin: [{ name: 'tp', dataPercent: 5, metadataPercent: 1 }] }]);
  for (let i = 1; i <= 7; i++) h.record('h', 'p', { t: t0 + i * MIN, capacity: 100, allocation: 20 + i });
  const pts = h.points('h', 'p');
  assert.equal(pts.length, 5, '5 minutes kept at one a minute');
  assert.deepEqual(pts.map((p) => p.allocation), [23, 24, 25, 26, 27]);
  assert.deepEqual(h.points('h', 'p', t0 + 5 * MIN).map((p) => p.allocation), [26, 27]);
  assert.deepEqual(h.points('h', 'other'), []);
  PoolHistorySchema.parse({ host: 'h', pool: 'p', stepS: 60, keepS: 300, points: pts });

  // An inventory read: a point for each active pool; a pool no longer there loses its history.
  h.fromInventory('h', [pool({ name: 'q', type: 'dir', capacity: 50, allocation: 5 }), pool({ name: 'off', type: 'dir', active: false })], t0 + 8 * MIN);
  assert.deepEqual(h.points('h', 'p'), []);
  assert.deepEqual(h.points('h', 'q'), [{ t: t0 + 8 * MIN, capacity: 50, allocation: 5 }]);
  assert.deepEqual(h.points('h', 'off'), [], 'a stopped pool has no point');
  // A sample of the minute wins over a later inventory read of the same minute (libvirt's numbers may be older).
  h.record('h', 'q', { t: t0 + 9 * MIN, capacity: 50, allocation: 40 });
  h.fromInventory('h', [pool({ name: 'q', type: 'dir', capacity: 50, allocation: 5 })], t0 + 9 * MIN + 20_000);
  assert.deepEqual(h.points('h', 'q').map((p) => p.allocation), [5, 40]);
  h.dropHost('h');
  assert.deepEqual(h.points('h', 'q'), []);
});

test('the 7-day default keeps 10080 points a pool', () => {
  const h = new PoolHistoryStore();
  for (let i = 0; i < 10_100; i++) h.record('h', 'p', { t: i * MIN, capacity: 1, allocation: 0 });
  const pts = h.points('h', 'p');
  assert.equal(pts.length, 10_080);
  assert.equal(pts[0]?.t, 20 * MIN);
});

test('parsePoolInfo reads virsh pool-info --bytes', () => {
  const out = 'Name:           spindle-test-pool\nUUID:           d2610898\nState:          running\nPersistent:     yes\nAutostart:      yes\nCapacity:       270553174016\nAllocation:     26097004544\nAvailable:      244456169472\n';
  assert.deepEqual(parsePoolInfo(out), { capacity: 270553174016, allocation: 26097004544 });
  assert.equal(parsePoolInfo(''), null);
});

// --- the sampler against a fake host -------------------------------------------------------

class LvmRunner implements Runner {
  readonly label = 'root@kvm1:22';
  readonly calls: string[] = [];
  async run(argv: readonly string[]): Promise<RunResult> {
    this.calls.push(argv[0] ?? '');
    const files: Record<string, string> = { vgs: 'vgs-two-pvs.json', pvs: 'pvs-two-vgs.json', lvs: 'lvs-thin-proxmox-lvm2-57.json' };
    const f = files[argv[0] ?? ''];
    return f ? { stdout: golden(f), stderr: '', code: 0, durationMs: 1 } : { stdout: '', stderr: 'not found', code: 127, durationMs: 1 };
  }
  stream(): never {
    throw new Error('no streams');
  }
  async close(): Promise<void> {}
}

function fakeHost(pools: Pool[], alloc: () => number) {
  const batches: string[][][] = [];
  const vgXml = buildPoolXml({ type: 'logical', name: 'vms', source: { devices: [{ path: '/dev/loop0' }], name: 'vg_spindle', format: 'lvm2' }, target: { path: '/dev/vg_spindle' } });
  const info = (cap: number, a: number) => `Name: x\nState: running\nCapacity:       ${cap}\nAllocation:     ${a}\nAvailable:      ${cap - a}\n`;
  const virsh: VirshExecutor = {
    uri: 'qemu:///system',
    where: 'root@kvm1:22',
    async exec(args) {
      if (args[0] === 'pool-dumpxml') return vgXml;
      throw new Error(`unexpected virsh ${args.join(' ')}`);
    },
    async batch(cmds): Promise<BatchOutput> {
      batches.push(cmds.map((c) => [...c]));
      return { outputs: cmds.map((c) => (c[0] === 'pool-info' ? (c.at(-1) === 'gone' ? '' : info(1000, alloc())) : '')), errors: '' };
    },
    async stream() {
      throw new Error('no streams');
    },
    async close() {},
  };
  const inv: Inventory = { host: 'kvm1', uri: 'qemu:///system', loadedAt: '', durationMs: 0, domains: [], pools };
  const runner = new LvmRunner();
  return { session: { runner, virsh, config: { sudo: true }, getInventory: () => inv }, batches, runner };
}

test('the sampler: one batch a host (pool-refresh of file pools, pool-info of every active one), thin pools every 5 minutes, only while watched or needed', async () => {
  let now = 1_000 * MIN;
  let alloc = 100;
  const pools = [pool({ name: 'dir1', type: 'dir' }), pool({ name: 'vms', type: 'logical' }), pool({ name: 'rbd1', type: 'rbd' }), pool({ name: 'stopped', type: 'dir', active: false }), pool({ name: 'gone', type: 'dir' })];
  const host = fakeHost(pools, () => alloc);
  const got: PoolSample[][] = [];
  const s = new PoolSampler((h) => (h === 'kvm1' ? host.session : undefined), (_h, samples) => got.push(samples), { now: () => now });
  try {
    assert.equal(s.isSampling('kvm1'), false, 'nobody looks: nothing is sampled');
    s.watch('kvm1');
    assert.equal(s.isSampling('kvm1'), true);
    await s.fresh('kvm1', 10_000);
    assert.deepEqual(host.batches, [[['pool-refresh', '--pool', 'dir1'], ['pool-info', '--bytes', '--pool', 'dir1'], ['pool-info', '--bytes', '--pool', 'vms'], ['pool-info', '--bytes', '--pool', 'rbd1'], ['pool-refresh', '--pool', 'gone'], ['pool-info', '--bytes', '--pool', 'gone']]]);
    const first = got[0] ?? [];
    assert.deepEqual(first.map((x) => x.pool), ['dir1', 'vms', 'rbd1'], 'a pool that went away meanwhile gives no point');
    const vms = first.find((x) => x.pool === 'vms');
    assert.equal(vms?.vg, 'vg_spindle');
    assert.deepEqual(vms?.point.thin, [{ name: 'data', dataPercent: 97.33, metadataPercent: 3.75 }]);
    assert.deepEqual(host.runner.calls, ['vgs', 'pvs', 'lvs']);

    // Within 10 s: no new sample. A minute later: pool-info again, but no lvs (5 minutes).
    now += 5_000;
    await s.fresh('kvm1', 10_000);
    assert.equal(host.batches.length, 1);
    now += MIN;
    alloc = 900;
    await s.fresh('kvm1', 10_000);
    assert.equal(host.batches.length, 2);
    assert.equal(got[1]?.find((x) => x.pool === 'vms')?.point.thin, undefined);
    assert.equal(got[1]?.find((x) => x.pool === 'dir1')?.point.allocation, 900);
    assert.equal(host.runner.calls.length, 3, 'no lvs within 5 minutes');
    now += 5 * MIN;
    await s.fresh('kvm1', 10_000);
    assert.equal(host.runner.calls.length, 6, 'lvs again after 5 minutes');

    // The lease ends; a host needed by an alert rule is sampled anyway.
    now += 6 * MIN;
    assert.equal(s.isSampling('kvm1'), false);
    s.setNeeded(new Set(['kvm1']));
    assert.equal(s.isSampling('kvm1'), true);
  } finally {
    s.close();
  }
});

// --- alerts ---------------------------------------------------------------------------------

const rule = (id: string, metric: AlertRule['metric'], thinPool?: string): AlertRule => ({ id, scope: { kind: 'pool', host: 'kvm1', pool: 'vms', ...(thinPool ? { thinPool } : {}) }, metric, limit: 100 });

async function engine(rules: AlertRule[]): Promise<{ e: AlertEngine; changes: Alert[][]; done(): void }> {
  const cfg = mkdtempSync(path.join(os.tmpdir(), 'spindle-pool-alerts-'));
  const e = new AlertEngine(cfg, () => Date.parse('2026-12-01T12:00:00Z'));
  const changes: Alert[][] = [];
  e.onChange = (a) => changes.push(a);
  await e.setRules(rules);
  return { e, changes, done: () => rmSync(cfg, { recursive: true, force: true }) };
}

test('pool rules: fullness from a pool sample at 80/95/100 %, with a message naming the pool and what to do', async () => {
  const { e, changes, done } = await engine([rule('full', 'poolFull')]);
  try {
    assert.deepEqual(e.hostsNeedingPoolSamples(), new Set(['kvm1']));
    assert.deepEqual(e.hostsNeedingStats(), new Set(), 'pool rules need no I/O sampling');
    e.onPoolSample('kvm1', 'vms', { capacity: 1000, allocation: 790 });
    assert.deepEqual(e.activeList(), []);
    e.onPoolSample('kvm1', 'vms', { capacity: 1000, allocation: 800 });
    const [a] = e.activeList();
    assert.equal(a?.level, 'warning');
    assert.equal(a?.value, 80);
    assert.equal(english(a!.msg!), 'Pool vms on kvm1 is 80 % full (warning). Free space in it (delete or move the volumes it no longer needs) or give it more room: when it is full, the guests\' writes to its growing volumes stop.');
    AlertSchema.parse(a);
    e.onPoolSample('kvm1', 'vms', { capacity: 1000, allocation: 960 });
    assert.equal(e.activeList()[0]?.level, 'critical');
    e.onPoolSample('kvm1', 'vms', { capacity: 1000, allocation: 1000 });
    assert.equal(e.activeList()[0]?.level, 'emergency');
    // While the host is sampled, an inventory read (maybe older numbers) does not decide fullness.
    e.onPools('kvm1', [pool({ name: 'vms', type: 'logical', capacity: 1000, allocation: 100 })], { sampled: true });
    assert.equal(e.activeList()[0]?.level, 'emergency');
    // Unsampled, the inventory says the same pool is emptier now: cleared (one rule, whichever reader).
    e.onPools('kvm1', [pool({ name: 'vms', type: 'logical', capacity: 1000, allocation: 100 })]);
    assert.deepEqual(e.activeList(), []);
    assert.deepEqual(changes.map((c) => c.map((x) => x.level)), [['warning'], ['critical'], ['emergency'], []]);
  } finally {
    done();
  }
});

test('thin pool rules: metadata and data % of the worst thin pool (or the one named), messages with lvextend, cleared when the pool stops', async () => {
  const { e, done } = await engine([rule('meta', 'thinMetadata'), rule('data', 'thinData'), rule('one', 'thinData', 'small')]);
  try {
    const thin = [
      { name: 'big', dataPercent: 50, metadataPercent: 96.5 },
      { name: 'small', dataPercent: 81, metadataPercent: 10 },
    ];
    // A sample without a thin reading says nothing about thin pools.
    e.onPoolSample('kvm1', 'vms', { capacity: 1000, allocation: 10 });
    assert.deepEqual(e.activeList(), []);
    e.onPoolSample('kvm1', 'vms', { capacity: 1000, allocation: 10, thin, vg: 'vg0' });
    const by = new Map(e.activeList().map((a) => [a.ruleId, a]));
    assert.deepEqual([...by.keys()].sort(), ['data', 'meta', 'one']);
    const meta = by.get('meta')!;
    assert.deepEqual([meta.metric, meta.level, meta.value, meta.thinPool], ['thinMetadata', 'critical', 96.5, 'big']);
    assert.equal(english(meta.msg!), 'Thin pool vg0/big of pool vms on kvm1: metadata 96.5 % full (critical). Full metadata turns the thin pool read-only and can corrupt its thin volumes: extend it now (lvextend --poolmetadatasize +SIZE vg0/big).');
    assert.equal(renderMsg(meta.msg!, 'zh-CN'), '主机 kvm1 上存储池 vms 的精简池 vg0/big：元数据已用 96.5 %（严重）。元数据满后精简池会变为只读，并可能损坏其精简卷：请立即扩展（lvextend --poolmetadatasize +大小 vg0/big）。');
    const data = by.get('data')!;
    assert.deepEqual([data.level, data.value, data.thinPool], ['warning', 81, 'small']);
    assert.match(english(data.msg!), /^Thin pool vg0\/small of pool vms on kvm1: data 81 % full \(warning\)\. .*lvextend -L \+SIZE vg0\/small.*free space/);
    assert.equal(by.get('one')?.thinPool, 'small');
    // Metadata falls under 80 %: that alert clears, the others stay.
    e.onPoolSample('kvm1', 'vms', { capacity: 1000, allocation: 10, thin: [{ name: 'big', dataPercent: 50, metadataPercent: 20 }, { name: 'small', dataPercent: 81, metadataPercent: 10 }], vg: 'vg0' });
    assert.deepEqual(e.activeList().map((a) => a.ruleId).sort(), ['data', 'one']);
    // The pool stops: its thin pools cannot be read, their alerts go (sampled or not).
    e.onPools('kvm1', [pool({ name: 'vms', type: 'logical', active: false })], { sampled: true });
    assert.deepEqual(e.activeList(), []);
  } finally {
    done();
  }
});

test('a fullness rule cannot name a thin pool; thin metrics need a pool', async () => {
  const { e, done } = await engine([]);
  try {
    await assert.rejects(e.setRules([rule('x', 'poolFull', 'tp')]), (err: unknown) => err instanceof SpindleError && err.msg?.key === 'stats.alerts.thinPoolScope' && err.details?.['rule'] === 'x' && renderMsg(err.msg, 'zh-CN').includes('精简池'));
    await assert.rejects(e.setRules([{ id: 'y', scope: { kind: 'vm', host: 'kvm1', domain: 'd' }, metric: 'thinMetadata', limit: 100 }]), (err: unknown) => err instanceof SpindleError && err.msg?.key === 'stats.alerts.scopeMetric');
  } finally {
    done();
  }
});
