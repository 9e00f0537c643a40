// pool.usage's parsers against recorded real output (testdata/usage/README.md
// says which was recorded here and which comes from public sources), and the
// handler's logic against a scripted runner: which commands it runs, that a
// cephx key travels on standard input only, and what each failure reports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { english, type Msg } from '../../../../shared/core/messages.ts';
import type { Inventory, Pool } from '../../../../shared/contract/models.ts';
import { PoolUsageSchema } from '../../../../shared/contract/features/pools.usage.ts';
import { buildPoolXml } from '../../libvirt/model/pool-xml.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import { classifyFailure } from '../../transport/command-errors.ts';
import type { RunOptions, RunResult, Runner } from '../../transport/runner.ts';
import { cephArgv, monitorList, parseCephDf, parseCephHealth } from './ceph-report.ts';
import { isVgName, lvmArgv, parsePvs, parseThinPools, parseVg } from './lvm-report.ts';
import { readPoolUsage } from './pool-usage.ts';
import { parseZpoolList, zpoolListArgv } from './zpool-list.ts';

const golden = (name: string): string => readFileSync(new URL(`testdata/usage/${name}`, import.meta.url), 'utf8');

test('vgs and pvs recorded on a loop-device VG: sizes, extents, only its own PVs', () => {
  assert.deepEqual(parseVg(golden('vgs-two-pvs.json'), 'vg_spindle'), { name: 'vg_spindle', sizeBytes: 117440512, freeBytes: 117440512, extentBytes: 8388608, extents: 14, freeExtents: 14 });
  assert.equal(parseVg(golden('vgs-two-pvs.json'), 'other_vg'), null);
  assert.equal(parseVg(golden('vgs-missing.json'), 'nosuch_vg'), null, 'a missing VG: an empty report');
  assert.deepEqual(parsePvs(golden('pvs-two-vgs.json'), 'vg_spindle'), [
    { path: '/dev/loop0', sizeBytes: 58720256, freeBytes: 58720256 },
    { path: '/dev/loop1', sizeBytes: 58720256, freeBytes: 58720256 },
  ]);
  assert.deepEqual(parseThinPools(golden('lvs-no-lvs.json')), []);
});

test('thin pools from public lvs samples: data and metadata %, thin volumes, levels', () => {
  const [pve] = parseThinPools(golden('lvs-thin-proxmox-lvm2-57.json'));
  assert.deepEqual(pve, { name: 'data', sizeBytes: 343178624369, dataPercent: 97.33, metadataPercent: 3.75, metadataSizeBytes: 3500398346, volumes: 3, virtualBytes: 3 * 200 * 2 ** 30, active: true, level: 'critical', levelPart: 'data' });
  const incus = parseThinPools(golden('lvs-thin-incus-1414.json'));
  assert.deepEqual(incus.map((t) => [t.name, t.dataPercent, t.metadataPercent, t.volumes, t.level]), [['IncusThinPool', 0, 10.43, 0, null]], 'a plain LV is not a thin pool');
  const [inactive] = parseThinPools(golden('lvs-thin-inactive-linstor-393.json'));
  assert.equal(inactive?.active, false);
  assert.equal(inactive?.dataPercent, null, 'no percentages while inactive, not 0');
  assert.equal(inactive?.level, null);
  assert.deepEqual(parseThinPools(golden('lvs-thin-lxd-3082.json')).map((t) => [t.level, t.levelPart]), [['critical', 'data']]);
  assert.throws(() => parseThinPools('No volume groups found'), 'not JSON');
});

test('zpool list -Hp from public samples: the pool line, vdev lines skipped, "-" unknown', () => {
  assert.deepEqual(parseZpoolList(golden('zpool-list-Hp-v-systeminformation-802.txt'), 'pool_0'), {
    name: 'pool_0', sizeBytes: 1992864825344, allocatedBytes: 779701190656, freeBytes: 1213163634688, fragmentationPercent: 0, capacityPercent: 39, dedupRatio: 1, health: 'ONLINE', level: null,
  });
  assert.equal(parseZpoolList(golden('zpool-list-Hp-v-systeminformation-802.txt'), 'mirror-0'), null, 'a vdev is not a pool');
  const nd = golden('zpool-list-Hp-netdata-18359.txt');
  assert.deepEqual([parseZpoolList(nd, 'store')?.health, parseZpoolList(nd, 'store')?.level], ['DEGRADED', null]);
  assert.deepEqual([parseZpoolList(nd, 'zroot')?.fragmentationPercent, parseZpoolList(nd, 'zroot')?.capacityPercent, parseZpoolList(nd, 'zroot')?.level], [67, 76, null]);
  assert.equal(parseZpoolList('tank\t100\t85\t15\t-\t-\t-\t85\t1.00\tONLINE\t-\n', 'tank')?.fragmentationPercent, null);
  assert.equal(parseZpoolList('tank\t100\t85\t15\t-\t-\t-\t85\t1.00\tONLINE\t-\n', 'tank')?.level, 'warning');
  assert.deepEqual(zpoolListArgv('tank'), ['zpool', 'list', '-Hp', '-o', 'name,size,allocated,free,checkpoint,expandsize,fragmentation,capacity,dedupratio,health,altroot', 'tank']);
});

test("ceph df and ceph health recorded on the test bed's Ceph", () => {
  const df = parseCephDf(golden('ceph-df.json'), 'spindle-rbd');
  assert.deepEqual(df, {
    pool: 'spindle-rbd', storedBytes: 19, usedBytes: 19, maxAvailBytes: 509992544, percentUsed: 3.7255443174899483e-6, objects: 1,
    cluster: { totalBytes: 536870912, availBytes: 536836359, usedRawBytes: 34553 }, level: null,
  });
  assert.equal(parseCephDf(golden('ceph-df.json'), 'no-such-pool'), null);
  assert.deepEqual(parseCephHealth(golden('ceph-health.json')), {
    status: 'HEALTH_WARN',
    checks: [
      { code: 'MON_DISK_LOW', severity: 'HEALTH_WARN', summary: 'mon a is low on available space' },
      { code: 'MON_MSGR2_NOT_ENABLED', severity: 'HEALTH_WARN', summary: '1 monitors have not enabled msgr2' },
    ],
  });
  assert.equal(monitorList([{ name: '10.0.0.1', port: 6789 }, { name: 'fd00::2' }, { name: 'mon3.example' }]), '10.0.0.1:6789,[fd00::2],mon3.example');
  assert.equal(monitorList([{ name: 'a,b' }]), null, 'a comma would add a monitor');
  assert.equal(monitorList([{ name: '--keyring=/x' }]), null);
  assert.equal(monitorList([]), null);
});

test('names that are not valid for LVM never reach it', () => {
  for (const bad of ['-rf', 'a b', 'a;b', '$(id)', "a'b", 'vg\n', '..', 'é']) assert.equal(isVgName(bad), false, JSON.stringify(bad));
  for (const good of ['vg0', 'pve', 'vg_spindle', 'a+b.c-d']) assert.equal(isVgName(good), true, good);
  assert.deepEqual(lvmArgv.lvs('pve'), ['lvs', '--reportformat', 'json', '--units', 'b', '--nosuffix', '-o', 'lv_name,lv_attr,lv_size,data_percent,metadata_percent,pool_lv,lv_metadata_size', 'pve']);
});

// --- the handler, against a scripted host -------------------------------------------------

type Reply = Partial<RunResult> | ((argv: readonly string[], opts: RunOptions) => Partial<RunResult>);

class ScriptedRunner implements Runner {
  readonly label = 'root@kvm1:22';
  readonly calls: Array<{ argv: readonly string[]; opts: RunOptions }> = [];
  constructor(private readonly replies: Record<string, Reply>) {}
  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    this.calls.push({ argv, opts });
    // The program: the one after an `sh -c SCRIPT NAME` wrapper, if any.
    const program = argv[0] === 'sh' ? (argv[4] ?? '') : (argv[0] ?? '');
    const reply = this.replies[`${program} ${argv.includes('health') ? 'health' : argv.includes('df') ? 'df' : ''}`.trim()] ?? this.replies[program];
    const r = typeof reply === 'function' ? reply(argv, opts) : reply;
    if (!r) return { stdout: '', stderr: `sh: 1: ${program}: not found\n`, code: 127, durationMs: 1 };
    return { stdout: '', stderr: '', code: 0, durationMs: 1, ...r };
  }
  stream(): never {
    throw new Error('no streams here');
  }
  async close(): Promise<void> {}
}

function fakeVirsh(replies: Record<string, string | Error>): VirshExecutor & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    uri: 'qemu:///system',
    where: 'root@kvm1:22',
    calls,
    async exec(args) {
      calls.push([...args]);
      const r = replies[args[0] ?? ''];
      if (r instanceof Error) throw r;
      if (r === undefined) throw new Error(`unexpected virsh ${args.join(' ')}`);
      return r;
    },
    async batch() {
      throw new Error('no batches here');
    },
    async stream() {
      throw new Error('no streams here');
    },
    async close() {},
  };
}

function pool(p: Partial<Pool> & Pick<Pool, 'name' | 'type'>): Pool {
  return { uuid: 'u', active: true, autostart: false, capacity: 0, allocation: 0, available: 0, volumes: [], ...p };
}

function inventory(...pools: Pool[]): Inventory {
  return { host: 'kvm1', uri: 'qemu:///system', loadedAt: '', durationMs: 0, domains: [], pools };
}

const vol = (name: string, capacity: number) => ({ name, pool: 'p', key: name, path: `/p/${name}`, capacity, allocation: 0, backingChain: [] });
const problemTexts = (problems: Msg[]): string[] => problems.map((m) => english(m));
const at = () => new Date('2026-12-01T12:00:00Z');

test('overcommit for a dir pool: the volumes summed against the capacity; no back-end command runs', async () => {
  const runner = new ScriptedRunner({});
  const inv = inventory(pool({ name: 'images', type: 'dir', capacity: 100, allocation: 10, available: 90, volumes: [vol('a', 80), vol('b', 70)] }));
  const u = await readPoolUsage({ runner, virsh: fakeVirsh({}), config: { sudo: true } }, inv, 'images', at);
  assert.deepEqual(u.overcommit, { volumes: 2, sumCapacityBytes: 150, ratio: 1.5 });
  assert.equal(u.readAt, '2026-12-01T12:00:00.000Z');
  assert.deepEqual(runner.calls, []);
  PoolUsageSchema.parse(u);
  await assert.rejects(readPoolUsage({ runner, virsh: fakeVirsh({}), config: { sudo: true } }, inv, 'nope'), (e: Error & { code?: string }) => e.code === 'UNKNOWN_POOL');
});

test('a logical pool: vgs, pvs, lvs through sudo; the VG from the pool XML; a missing lvm2 names its package', async () => {
  const xml = buildPoolXml({ type: 'logical', name: 'vms', source: { devices: [{ path: '/dev/loop0' }], name: 'vg_spindle', format: 'lvm2' }, target: { path: '/dev/vg_spindle' } });
  const runner = new ScriptedRunner({ vgs: { stdout: golden('vgs-two-pvs.json') }, pvs: { stdout: golden('pvs-two-vgs.json') }, lvs: { stdout: golden('lvs-thin-proxmox-lvm2-57.json') } });
  const inv = inventory(pool({ name: 'vms', type: 'logical', capacity: 117440512 }));
  const u = await readPoolUsage({ runner, virsh: fakeVirsh({ 'pool-dumpxml': xml }), config: { sudo: true } }, inv, 'vms', at);
  assert.deepEqual(problemTexts(u.problems), []);
  assert.equal(u.lvm?.vg.name, 'vg_spindle');
  assert.equal(u.lvm?.vg.pvs.length, 2);
  assert.equal(u.lvm?.thinPools[0]?.level, 'critical');
  assert.deepEqual(runner.calls.map((c) => [c.argv[0], c.argv.at(-1), c.opts.sudo]), [['vgs', 'vg_spindle', true], ['pvs', 'pv_name,vg_name,pv_size,pv_free', true], ['lvs', 'vg_spindle', true]]);
  PoolUsageSchema.parse(u);

  const none = await readPoolUsage({ runner: new ScriptedRunner({}), virsh: fakeVirsh({ 'pool-dumpxml': xml }), config: { sudo: false } }, inv, 'vms', at);
  assert.equal(none.lvm, undefined);
  assert.deepEqual(problemTexts(none.problems), ['vgs is not installed on root@kvm1:22, so the volume group cannot be read: install lvm2 (Debian/Ubuntu) or lvm2 (Fedora/RHEL).']);

  const missing = await readPoolUsage({ runner: new ScriptedRunner({ vgs: { code: 5, stdout: golden('vgs-missing.json'), stderr: golden('vgs-missing.stderr') }, pvs: { stdout: golden('pvs-two-vgs.json') }, lvs: { code: 5 } }), virsh: fakeVirsh({ 'pool-dumpxml': xml }), config: { sudo: true } }, inv, 'vms', at);
  assert.deepEqual(problemTexts(missing.problems), ['Volume group "vg_spindle" does not exist on root@kvm1:22.']);

  const hostile = buildPoolXml({ type: 'logical', name: 'vms', source: { name: 'vg;$(id)' }, target: { path: '/dev/x' } });
  const refused = new ScriptedRunner({});
  const h = await readPoolUsage({ runner: refused, virsh: fakeVirsh({ 'pool-dumpxml': hostile }), config: { sudo: true } }, inv, 'vms', at);
  assert.deepEqual(refused.calls, [], 'nothing runs');
  assert.deepEqual(problemTexts(h.problems), ['the volume group "vg;$(id)" is not a valid name, so Spindle does not hand it to a command.']);
});

test('a zfs pool: the zpool of the source name, "no such pool", a missing zpool tool', async () => {
  const xml = buildPoolXml({ type: 'zfs', name: 'z', source: { name: 'pool_0/vms' } });
  const inv = inventory(pool({ name: 'z', type: 'zfs' }));
  const runner = new ScriptedRunner({ zpool: { stdout: golden('zpool-list-Hp-v-systeminformation-802.txt') } });
  const u = await readPoolUsage({ runner, virsh: fakeVirsh({ 'pool-dumpxml': xml }), config: { sudo: true } }, inv, 'z', at);
  assert.equal(u.zfs?.health, 'ONLINE');
  assert.equal(runner.calls[0]?.argv.at(-1), 'pool_0');
  const gone = await readPoolUsage({ runner: new ScriptedRunner({ zpool: { code: 1, stderr: "cannot open 'pool_0': no such pool\n" } }), virsh: fakeVirsh({ 'pool-dumpxml': xml }), config: { sudo: true } }, inv, 'z', at);
  assert.deepEqual(problemTexts(gone.problems), ['zpool "pool_0" does not exist on root@kvm1:22.']);
  const noTool = await readPoolUsage({ runner: new ScriptedRunner({}), virsh: fakeVirsh({ 'pool-dumpxml': xml }), config: { sudo: true } }, inv, 'z', at);
  assert.match(problemTexts(noTool.problems)[0] ?? '', /^zpool is not installed on root@kvm1:22, so the zpool cannot be read: install zfsutils-linux \(Debian\/Ubuntu\) or zfs \(Fedora\/RHEL\)\.$/);
});

const KEY = 'AQCd7ExnAAAAABAAq1vNGmX3vDy1p3yv4D1F+w==';

test('an rbd pool: the key from the libvirt secret goes on standard input only; a private secret falls back to the host keyring', async () => {
  const uuid = '11111111-2222-3333-4444-555555555555';
  const xml = buildPoolXml({ type: 'rbd', name: 'ceph1', source: { hosts: [{ name: '127.0.0.1', port: 6789 }], name: 'spindle-rbd', auth: { type: 'ceph', username: 'spindle', secret: { uuid } } } });
  const inv = inventory(pool({ name: 'ceph1', type: 'rbd', capacity: 536870912, volumes: [vol('v1', 64 << 20)] }));
  const ceph = { 'ceph df': { stdout: golden('ceph-df.json') }, 'ceph health': { stdout: golden('ceph-health.json') } };
  const runner = new ScriptedRunner(ceph);
  const v = fakeVirsh({ 'pool-dumpxml': xml, 'secret-get-value': `${KEY}\n` });
  const u = await readPoolUsage({ runner, virsh: v, config: { sudo: true } }, inv, 'ceph1', at);
  assert.deepEqual(problemTexts(u.problems), []);
  assert.equal(u.ceph?.keyFrom, 'libvirt-secret');
  assert.equal(u.ceph?.health.status, 'HEALTH_WARN');
  assert.deepEqual(v.calls.find((c) => c[0] === 'secret-get-value'), ['secret-get-value', '--secret', uuid]);
  assert.equal(runner.calls.length, 2);
  for (const c of runner.calls) {
    assert.ok(!c.argv.some((a) => a.includes(KEY)), 'the key is in no argument');
    assert.equal(c.opts.stdin, `${KEY}\n`);
    assert.deepEqual(c.argv.slice(0, 2), ['sh', '-c']);
    assert.deepEqual(c.argv.slice(4, 12), ['ceph', '-c', '/dev/null', '-m', '127.0.0.1:6789', '--id', 'spindle', '--connect-timeout']);
  }
  assert.ok(!JSON.stringify(u).includes(KEY), 'nor in the result');
  PoolUsageSchema.parse(u);

  // As the real VirshExecutor raises it: a typed COMMAND_FAILED carrying virsh's stderr.
  const refusal = classifyFailure({ stdout: '', stderr: golden('secret-private.stderr'), code: 1, durationMs: 1 }, 'virsh', 'root@kvm1:22');
  const privateSecret = fakeVirsh({ 'pool-dumpxml': xml, 'secret-get-value': refusal });
  const r2 = new ScriptedRunner(ceph);
  const p = await readPoolUsage({ runner: r2, virsh: privateSecret, config: { sudo: true } }, inv, 'ceph1', at);
  assert.equal(p.ceph?.keyFrom, 'host-keyring');
  assert.deepEqual(problemTexts(p.problems), ['The libvirt secret of pool "ceph1" is private, so client.spindle\'s key cannot be read from it; the host\'s keyring was tried instead.']);
  assert.deepEqual(r2.calls[0]?.argv.slice(0, 2), ['ceph', '-c'], 'no key: no wrapper');
  assert.equal(r2.calls[0]?.opts.stdin, undefined);

  const badKey = new ScriptedRunner({ ceph: { code: 1, stderr: golden('ceph-badkey.stderr') } });
  const b = await readPoolUsage({ runner: badKey, virsh: v, config: { sudo: true } }, inv, 'ceph1', at);
  assert.equal(b.ceph, undefined);
  assert.match(problemTexts(b.problems)[0] ?? '', /^Could not read the Ceph pool's usage \(ceph df\): ceph failed on root@kvm1:22 \(exit 1\): \[errno 1\] RADOS permission error/);

  const noCeph = await readPoolUsage({ runner: new ScriptedRunner({}), virsh: v, config: { sudo: true } }, inv, 'ceph1', at);
  assert.match(problemTexts(noCeph.problems)[0] ?? '', /^ceph is not installed on root@kvm1:22, so the Ceph pool's usage \(ceph df\) cannot be read: install ceph-common/);
  assert.deepEqual(cephArgv('m:1', null, ['df'], false), ['ceph', '-c', '/dev/null', '-m', 'm:1', '--connect-timeout', '10', 'df', '--format', 'json']);
});

test('the alerts of a report: thin pools at a level, a zpool not ONLINE, a Ceph cluster not HEALTH_OK, overcommit over 1', async () => {
  const { usageAlerts } = await import('../../../../shared/contract/features/pools.usage.ts');
  const base = { host: 'h', pool: 'p', type: 'logical', active: true, capacity: 100, allocation: 0, available: 100, readAt: '', problems: [] };
  const thinPools = [...parseThinPools(golden('lvs-thin-proxmox-lvm2-57.json')), ...parseThinPools(golden('lvs-thin-incus-1414.json')), ...parseThinPools(golden('lvs-thin-inactive-linstor-393.json'))];
  const lvm = { vg: { name: 'pve', sizeBytes: 1, freeBytes: 0, extentBytes: 1, extents: 1, freeExtents: 0, pvs: [] }, thinPools };
  const texts = (u: Parameters<typeof usageAlerts>[0]) => usageAlerts(u).map((m) => english(m));
  assert.deepEqual(texts({ ...base, lvm, overcommit: { volumes: 3, sumCapacityBytes: 250, ratio: 2.5 } }), [
    "Thin pool data: data 97.33 % used (critical). When it is full, guests' writes to its thin volumes block or fail.",
    "The volumes' capacities add up to 2.5 times the pool's capacity: if they fill up, the pool runs out of space first.",
  ]);
  const meta = { ...lvm, thinPools: [{ ...thinPools[0]!, dataPercent: 10, metadataPercent: 96.5, level: 'critical' as const, levelPart: 'metadata' as const }] };
  assert.match(texts({ ...base, lvm: meta, overcommit: { volumes: 0, sumCapacityBytes: 0, ratio: 0 } })[0] ?? '', /^Thin pool data: metadata 96\.5 % used \(critical\)\. When it is full the thin pool turns read-only/);
  const zfs = parseZpoolList(golden('zpool-list-Hp-netdata-18359.txt'), 'store')!;
  assert.deepEqual(texts({ ...base, type: 'zfs', zfs, overcommit: { volumes: 0, sumCapacityBytes: 0, ratio: null } }), ['zpool store is DEGRADED: one of its devices is missing or failing (see zpool status).']);
  const ceph = { ...parseCephDf(golden('ceph-df.json'), 'spindle-rbd')!, health: parseCephHealth(golden('ceph-health.json')), keyFrom: 'libvirt-secret' as const };
  assert.deepEqual(texts({ ...base, type: 'rbd', ceph, overcommit: { volumes: 0, sumCapacityBytes: 0, ratio: 0 } }), ['The Ceph cluster reports HEALTH_WARN (2 health checks).']);
});
