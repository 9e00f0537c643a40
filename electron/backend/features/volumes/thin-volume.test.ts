// Thin volumes: the plan (lvcreate argv, undo, refresh, listed check), its
// warnings and refusals, planned against a scripted host that answers vgs,
// pvs and lvs with the pools feature's recorded and public reports
// (../pools/testdata/usage/README.md says which is which) and virsh
// pool-dumpxml with a logical pool's XML.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { english } from '../../../../shared/core/messages.ts';
import type { CreateVolumeRequest } from '../../../../shared/contract/features/volumes.ts';
import type { Inventory, Pool } from '../../../../shared/contract/models.ts';
import { buildPoolXml } from '../../libvirt/model/pool-xml.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import { planToScript } from '../../plan/plan.ts';
import { classifyFailure } from '../../transport/command-errors.ts';
import type { RunOptions, RunResult, Runner } from '../../transport/runner.ts';
import { isNewLvName, planCreateThinVolume } from './thin-volume.ts';
import { planCreateVolume } from './volume-create.ts';

const GiB = 2 ** 30;
const golden = (name: string): string => readFileSync(new URL(`../pools/testdata/usage/${name}`, import.meta.url), 'utf8');
/** A recorded lvs report with one field of its first thin pool changed (a fill the public samples do not have). */
const withThin = (name: string, patch: Record<string, string>): string => {
  const doc = JSON.parse(golden(name)) as { report: Array<{ lv: Array<Record<string, string>> }> };
  const lv = doc.report[0]?.lv.find((r) => r['lv_attr']?.startsWith('t'));
  Object.assign(lv ?? {}, patch);
  return JSON.stringify(doc);
};

class ScriptedRunner implements Runner {
  readonly label = 'root@kvm1:22';
  readonly calls: Array<{ argv: readonly string[]; opts: RunOptions }> = [];
  constructor(private readonly replies: Record<string, Partial<RunResult>>) {}
  async run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    this.calls.push({ argv, opts });
    const r = this.replies[argv[0] ?? ''];
    if (!r) return { stdout: '', stderr: `sh: 1: ${argv[0]}: not found\n`, code: 127, durationMs: 1 };
    return { stdout: '', stderr: '', code: 0, durationMs: 1, ...r };
  }
  stream(): never {
    throw new Error('no streams here');
  }
  async close(): Promise<void> {}
}

const poolXml = buildPoolXml({ type: 'logical', name: 'vms', source: { name: 'vg_spindle', format: 'lvm2' }, target: { path: '/dev/vg_spindle' } });
const virshFake: VirshExecutor = {
  uri: 'qemu:///system',
  where: 'root@kvm1:22',
  async exec(args) {
    if (args[0] === 'pool-dumpxml') return poolXml;
    throw new Error(`unexpected virsh ${args.join(' ')}`);
  },
  async batch() {
    throw new Error('no batches here');
  },
  async stream() {
    throw new Error('no streams here');
  },
  async close() {},
};

function pool(p: Partial<Pool> & Pick<Pool, 'name' | 'type'>): Pool {
  return { uuid: 'u', active: true, autostart: false, capacity: 112 * 2 ** 20, allocation: 0, available: 112 * 2 ** 20, targetPath: `/dev/vg_spindle`, volumes: [], ...p };
}
const inv: Inventory = {
  host: 'kvm1',
  uri: 'qemu:///system',
  loadedAt: '',
  durationMs: 0,
  domains: [],
  pools: [
    pool({ name: 'vms', type: 'logical', volumes: [{ name: 'root', pool: 'vms', key: 'k', path: '/dev/vg_spindle/root', capacity: GiB, allocation: GiB, backingChain: [] }] }),
    pool({ name: 'images', type: 'dir', targetPath: '/var/lib/libvirt/images' }),
    pool({ name: 'stopped', type: 'logical', active: false }),
  ],
};

const req = (r: Partial<CreateVolumeRequest> = {}): CreateVolumeRequest & { thinPool: string } => ({ pool: 'vms', name: 'thin1', capacityBytes: 10 * GiB, format: 'raw', allocation: 'sparse', thinPool: 'IncusThinPool', ...r });

function host(lvs: Partial<RunResult> = { stdout: golden('lvs-thin-incus-1414.json') }, vgs: Partial<RunResult> = { stdout: golden('vgs-two-pvs.json') }) {
  const runner = new ScriptedRunner({ vgs, pvs: { stdout: golden('pvs-two-vgs.json') }, lvs });
  return { runner, s: { runner, virsh: virshFake, config: { sudo: true } } };
}

/** The refusal's code, field and English message (every refusal has a hint). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SpindleError && !!e.hint, String(e));
    return `${e.code} ${e.details?.['field'] ?? '-'}: ${e.message}`;
  }
  return 'ok';
}

test('a thin volume in a thin pool: lvcreate -V -T as an argument array, undone by lvremove then pool-refresh', async () => {
  const { runner, s } = host();
  const plan = await planCreateThinVolume(s, inv, 'qemu:///system', req());
  // The VG and its thin pools were read at plan time, through pool.usage's lvm reader, with the host's sudo.
  assert.deepEqual(runner.calls.map((c) => [c.argv[0], c.argv[c.argv.length - 1], c.opts.sudo]), [['vgs', 'vg_spindle', true], ['pvs', 'pv_name,vg_name,pv_size,pv_free', true], ['lvs', 'vg_spindle', true]]);
  const refresh = ['virsh', '--connect', 'qemu:///system', 'pool-refresh', '--pool', 'vms'];
  assert.deepEqual(plan.steps.map((st) => st.argv), [refresh, ['lvcreate', '-V', `${10 * GiB}b`, '-T', 'vg_spindle/IncusThinPool', '-n', 'thin1'], refresh, ['virsh', '--connect', 'qemu:///system', 'vol-list', '--pool', 'vms']]);
  assert.equal(plan.steps.some((st) => st.sudo !== undefined), false, 'sudo as the host is set up, like every host command');
  // Undo runs newest first: lvremove, then the first step's pool-refresh.
  assert.deepEqual(plan.steps[1]?.undo?.argv, ['lvremove', '-y', 'vg_spindle/thin1']);
  assert.equal(plan.steps[1]?.undo?.destructive, true);
  assert.deepEqual(plan.steps[0]?.undo?.argv, refresh);
  assert.equal(plan.steps[2]?.undo, undefined);
  assert.deepEqual(plan.warnings, []);
  assert.equal(english(plan.title), 'Create thin volume thin1 (10.0 GiB) in thin pool vg_spindle/IncusThinPool of pool vms');
  // The review and the exported script show the exact command.
  assert.match(planToScript(plan), /^'lvcreate' '-V' '10737418240b' '-T' 'vg_spindle\/IncusThinPool' '-n' 'thin1'$/m);
  // The listed check fails when libvirt does not list it (so the undo removes it).
  assert.ok(plan.steps[3]?.verify?.check(' Name   Path\n---\n root   /dev/vg_spindle/root\n'));
  assert.equal(plan.steps[3]?.verify?.check(' Name   Path\n---\n thin1   /dev/vg_spindle/thin1\n'), null);
});

test('warnings: overcommit past 100 % of the thin pool, a fill at the warning level, an inactive thin pool, extent rounding', async () => {
  const over = await planCreateThinVolume(host().s, inv, 'u', req({ capacityBytes: 150 * GiB }));
  assert.deepEqual(over.warnings.map(english), ['Thin pool vg_spindle/IncusThinPool is 100 GiB; its thin volumes would be 150 GiB in all (150 %): once the guests write more than it holds, their writes fail.']);
  // Exactly 100 %: not past it.
  assert.deepEqual((await planCreateThinVolume(host().s, inv, 'u', req({ capacityBytes: 100 * GiB }))).warnings, []);
  // Proxmox's thin pool "data" already holds 3 x 200 GiB of thin volumes in 319.6 GiB: each new one adds; its 97.33 % data is lowered to 50 here.
  const pve = host({ stdout: withThin('lvs-thin-proxmox-lvm2-57.json', { data_percent: '50.00' }) });
  const pveWarn = await planCreateThinVolume(pve.s, inv, 'u', req({ thinPool: 'data', capacityBytes: GiB }));
  assert.match(english(pveWarn.warnings[0] ?? ''), /would be 601 GiB in all \(188 %\)/);
  const warm = await planCreateThinVolume(host({ stdout: withThin('lvs-thin-incus-1414.json', { metadata_percent: '85.50' }) }).s, inv, 'u', req());
  assert.deepEqual(warm.warnings.map(english), ['Thin pool IncusThinPool: metadata 85.5 % used (warning). When it is full the thin pool turns read-only and its thin volumes can be damaged.']);
  const inactive = await planCreateThinVolume(host({ stdout: golden('lvs-thin-inactive-linstor-393.json') }).s, inv, 'u', req({ thinPool: 'thin', capacityBytes: GiB }));
  assert.deepEqual(inactive.warnings.map(english), ['Thin pool vg_spindle/thin is not active (its fill is unknown); lvcreate activates it.']);
  const odd = await planCreateThinVolume(host().s, inv, 'u', req({ capacityBytes: 10 * 2 ** 20 }));
  assert.deepEqual(odd.warnings.map(english), ['LVM rounds the size up to 16.0 MiB (16777216 bytes), a whole number of the volume group\'s 8.00 MiB extents.']);
});

test('refused at the critical level of data or metadata, naming which', async () => {
  // Proxmox's recorded 97.33 % data, and LXD's 99.87 % (emergency).
  assert.equal(await refusal(planCreateThinVolume(host({ stdout: golden('lvs-thin-proxmox-lvm2-57.json') }).s, inv, 'u', req({ thinPool: 'data' }))), 'INVALID_ARGUMENT thinPool: No new volume in thin pool vg_spindle/data: Thin pool data: data 97.33 % used (critical). When it is full, guests\' writes to its thin volumes block or fail.');
  assert.match(await refusal(planCreateThinVolume(host({ stdout: golden('lvs-thin-lxd-3082.json') }).s, inv, 'u', req({ thinPool: 'p_data' }))), /data 99.87 % used \(critical\)/);
  assert.match(await refusal(planCreateThinVolume(host({ stdout: withThin('lvs-thin-incus-1414.json', { metadata_percent: '95.00' }) }).s, inv, 'u', req())), /^INVALID_ARGUMENT thinPool: .*metadata 95 % used \(critical\)/);
  assert.match(await refusal(planCreateThinVolume(host({ stdout: withThin('lvs-thin-incus-1414.json', { metadata_percent: '100.00' }) }).s, inv, 'u', req())), /metadata 100 % used \(full\)/);
});

test('the thin pool must exist in that VG now; a VG that cannot be read says why', async () => {
  assert.equal(await refusal(planCreateThinVolume(host().s, inv, 'u', req({ thinPool: 'gone' }))), 'INVALID_ARGUMENT thinPool: Volume group vg_spindle has no thin pool "gone".');
  assert.match(await refusal(planCreateThinVolume(host({ stdout: golden('lvs-no-lvs.json') }).s, inv, 'u', req())), /^INVALID_ARGUMENT thinPool: Volume group vg_spindle has no thin pool, so "IncusThinPool" cannot hold a thin volume\.$/);
  // A plain LV is not a thin pool.
  assert.match(await refusal(planCreateThinVolume(host().s, inv, 'u', req({ thinPool: 'root', name: 'x' }))), /no thin pool "root"/);
  assert.match(await refusal(planCreateThinVolume(host({ code: 5, stderr: '  Failed to find something\n' }).s, inv, 'u', req())), /^INVALID_ARGUMENT thinPool: Spindle could not read the volume group of pool "vms" to check its thin pools: .*lvs failed/);
  assert.match(await refusal(planCreateThinVolume(host(undefined, { code: 5, stdout: golden('vgs-missing.json'), stderr: golden('vgs-missing.stderr') }).s, inv, 'u', req())), /could not read the volume group .*: Volume group "vg_spindle" does not exist on root@kvm1:22\.$/);
});

test('refused before any host command: not a logical pool, qcow2, preallocated, backing, encrypted, LVM-invalid names', async () => {
  const cases: Array<[Partial<CreateVolumeRequest>, RegExp]> = [
    [{ pool: 'images' }, /^INVALID_ARGUMENT thinPool: Pool "images" is a dir pool/],
    [{ pool: 'stopped' }, /^INVALID_ARGUMENT pool: .*not active/],
    [{ pool: 'nope' }, /^UNKNOWN_POOL/],
    [{ format: 'qcow2' }, /^INVALID_ARGUMENT format: A thin volume is a raw block device/],
    [{ allocation: 'full' }, /^INVALID_ARGUMENT allocation: .*cannot be preallocated/],
    [{ backingVolume: 'root' }, /^INVALID_ARGUMENT backingVolume:/],
    [{ encryption: 'luks' }, /^INVALID_ARGUMENT encryption:/],
    [{ name: 'root' }, /^INVALID_NAME name: .*already has a volume/],
    [{ name: '-rf' }, /^INVALID_NAME name: "-rf" is not a name LVM accepts/],
    [{ name: 'a_tmeta' }, /^INVALID_NAME name: "a_tmeta"/],
    [{ name: "it's" }, /^INVALID_NAME name: "it's"/],
    [{ name: '$(id)' }, /^INVALID_NAME name:/],
    [{ name: 'snapshot' }, /^INVALID_NAME name:/],
    [{ name: '卷' }, /^INVALID_NAME name:/],
  ];
  for (const [r, re] of cases) {
    const { runner, s } = host();
    assert.match(await refusal(planCreateThinVolume(s, inv, 'u', req(r))), re, JSON.stringify(r));
    assert.deepEqual(runner.calls, [], `no command for ${JSON.stringify(r)}`);
  }
  for (const ok of ['thin1', 'a.b+c_d-e', 'x'.repeat(127)]) assert.equal(isNewLvName(ok), true, ok);
  for (const bad of ['-a', '.', '..', 'pvmove', 'x_rimage_0', 'a b', 'a/b', 'x'.repeat(128), '']) assert.equal(isNewLvName(bad), false, bad);
});

test("libvirt's own planner refuses a thin pool (the attach wizard's new volume is never thin)", () => {
  assert.throws(() => planCreateVolume(inv, 'u', req()), (e: SpindleError) => e.code === 'INVALID_ARGUMENT' && e.details?.['field'] === 'thinPool' && /New volume/.test(e.hint ?? ''));
});

test("the plan's lvcreate failing on a host without device-mapper (recorded here) is the typed error that says so", () => {
  const stderr = readFileSync(new URL('testdata/lvcreate-thin-no-device-mapper.stderr.txt', import.meta.url), 'utf8');
  const e = classifyFailure({ stdout: '', stderr, code: 3, durationMs: 1 }, 'lvcreate', 'root@kvm1:22');
  assert.equal(e.msg?.key, 'transport.noDeviceMapper');
  assert.equal(e.details?.['missing'], 'device-mapper');
  assert.match(e.hint ?? '', /modprobe dm_thin_pool/);
});
