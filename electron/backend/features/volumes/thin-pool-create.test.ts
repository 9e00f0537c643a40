// A new LVM thin pool: the lvcreate argv, its undo and the refresh, and the
// checks against the VG as pool.usage reads it (recorded vgs/pvs/lvs reports
// of the pools feature, ../pools/testdata/usage/README.md).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { english } from '../../../../shared/core/messages.ts';
import type { CreateThinPoolRequest } from '../../../../shared/contract/features/volumes.ts';
import type { Inventory, Pool } from '../../../../shared/contract/models.ts';
import { buildPoolXml } from '../../libvirt/model/pool-xml.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import type { RunResult, Runner } from '../../transport/runner.ts';
import { planCreateThinPool } from './thin-pool-create.ts';

const MiB = 2 ** 20;
const golden = (name: string): string => readFileSync(new URL(`../pools/testdata/usage/${name}`, import.meta.url), 'utf8');

function runner(lvs = golden('lvs-thin-incus-1414.json')): Runner & { calls: string[][] } {
  const calls: string[][] = [];
  const replies: Record<string, string> = { vgs: golden('vgs-two-pvs.json'), pvs: golden('pvs-two-vgs.json'), lvs };
  return {
    label: 'root@kvm1:22',
    calls,
    async run(argv): Promise<RunResult> {
      calls.push([...argv]);
      return { stdout: replies[argv[0] ?? ''] ?? '', stderr: '', code: 0, durationMs: 1 };
    },
    stream(): never {
      throw new Error('no streams');
    },
    async close() {},
  };
}
const virshFake = {
  uri: 'qemu:///system',
  where: 'root@kvm1:22',
  exec: async () => buildPoolXml({ type: 'logical', name: 'vms', source: { name: 'vg_spindle', format: 'lvm2' }, target: { path: '/dev/vg_spindle' } }),
  batch: async () => [],
  stream: async () => {
    throw new Error('no streams');
  },
  close: async () => {},
} as unknown as VirshExecutor;
const pool = (p: Partial<Pool> & Pick<Pool, 'name' | 'type'>): Pool => ({ uuid: '', active: true, autostart: false, capacity: 112 * MiB, allocation: 0, available: 112 * MiB, targetPath: '/dev/vg_spindle', volumes: [], ...p });
const inv: Inventory = { host: 'kvm1', uri: 'qemu:///system', loadedAt: '', durationMs: 0, domains: [], pools: [pool({ name: 'vms', type: 'logical', volumes: [{ name: 'root', pool: 'vms', key: 'k', path: '/dev/vg_spindle/root', capacity: MiB, allocation: MiB, backingChain: [] }] }), pool({ name: 'images', type: 'dir' })] };
const req = (r: Partial<CreateThinPoolRequest> = {}): CreateThinPoolRequest => ({ pool: 'vms', name: 'thin', sizeBytes: 64 * MiB, ...r });
const plan = (r: Partial<CreateThinPoolRequest> = {}, run = runner()) => planCreateThinPool({ runner: run, virsh: virshFake, config: { sudo: true } }, inv, 'qemu:///system', req(r));

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SpindleError && !!e.hint, String(e));
    return `${e.code} ${e.details?.['field'] ?? '-'}: ${e.message}`;
  }
  return 'ok';
}

test('a thin pool: lvcreate --type thin-pool as an argument array, undone by lvremove, then pool-refresh', async () => {
  const run = runner();
  const p = await plan({}, run);
  assert.deepEqual(run.calls.map((c) => c[0]), ['vgs', 'pvs', 'lvs'], 'the VG read at plan time');
  assert.deepEqual(p.steps.map((st) => st.argv), [['lvcreate', '--type', 'thin-pool', '-L', `${64 * MiB}b`, '-n', 'thin', 'vg_spindle'], ['virsh', '--connect', 'qemu:///system', 'pool-refresh', '--pool', 'vms']]);
  assert.deepEqual(p.steps[0]?.undo?.argv, ['lvremove', '-y', 'vg_spindle/thin']);
  assert.equal(p.steps[0]?.undo?.destructive, true);
  assert.equal(english(p.title), 'Create thin pool thin (64.0 MiB) in volume group vg_spindle of pool vms');
  assert.deepEqual(p.warnings, []);
  const withMeta = await plan({ metadataBytes: 4 * MiB });
  assert.deepEqual(withMeta.steps[0]?.argv, ['lvcreate', '--type', 'thin-pool', '-L', `${64 * MiB}b`, '--poolmetadatasize', `${4 * MiB}b`, '-n', 'thin', 'vg_spindle']);
  assert.match(english(withMeta.steps[0]?.description ?? ''), /with 4\.00 MiB of metadata/);
});

test('refusals: not logical, names LVM rejects or the VG has, sizes that do not fit, metadata out of range', async () => {
  // The VG (vgs-two-pvs.json) has 112 MiB free in 8 MiB extents; lvs-thin-incus-1414.json names IncusThinPool; libvirt lists root.
  assert.match(await refusal(plan({ pool: 'images' })), /^INVALID_ARGUMENT pool: Pool "images" is a dir pool/);
  assert.match(await refusal(plan({ name: 'IncusThinPool' })), /^INVALID_NAME name: Volume group vg_spindle already has a logical volume named "IncusThinPool"/);
  assert.match(await refusal(plan({ name: 'root' })), /^INVALID_NAME name: .*"root"/);
  assert.match(await refusal(plan({ name: '-x' })), /^INVALID_NAME name: "-x" is not a name LVM accepts/);
  assert.match(await refusal(plan({ name: 'p_tmeta' })), /^INVALID_NAME name:/);
  assert.match(await refusal(plan({ sizeBytes: 120 * MiB })), /^INVALID_ARGUMENT sizeBytes: Volume group vg_spindle has 112 MiB free; a thin pool of 120 MiB does not fit\.$/);
  assert.match(await refusal(plan({ sizeBytes: 100 * MiB, metadataBytes: 8 * MiB })), /^INVALID_ARGUMENT sizeBytes: .*with 8\.00 MiB of metadata \(and a spare copy of it\) does not fit/);
  assert.match(await refusal(plan({ metadataBytes: MiB })), /^INVALID_ARGUMENT metadataBytes: A thin pool's metadata must be 2\.00 MiB to 16\.0 GiB, not 1\.00 MiB\.$/);
  assert.match(await refusal(plan({ metadataBytes: 17 * 2 ** 30 })), /^INVALID_ARGUMENT metadataBytes:/);
  // Tight but possible: LVM picks the metadata; said, not refused. Not a whole number of extents: rounded, said.
  assert.deepEqual((await plan({ sizeBytes: 104 * MiB })).warnings.map(english), ['Volume group vg_spindle keeps little room beside the 104 MiB of data for LVM\'s metadata LV and its spare copy: lvcreate may refuse; a slightly smaller size leaves room.']);
  assert.match(english((await plan({ sizeBytes: 60 * MiB })).warnings[0] ?? ''), /rounds the size up to 64\.0 MiB/);
});
