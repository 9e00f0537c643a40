// Thin volumes in a logical pool on a loop device (fixtures.loopDevice),
// against the real LVM and libvirtd, locally and over SSH with sudo. This
// machine has no device-mapper, so no thin pool can exist: the planner refuses
// a thin volume (real lvs: no thin pool in the VG), through the API and the
// CLI; then the plan itself (planned from the real pool.usage report, with a
// thin pool claimed in it) runs for real, and lvcreate's real failure must come
// back as the typed error that names missing device-mapper, with the undo
// clean and nothing left behind. Where device-mapper works, the success path
// runs for real instead: a thin pool, a thin volume through the API, listed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import { english } from '../../shared/core/messages.ts';
import { planThinVolume } from '../../electron/backend/features/volumes/index.ts';
import { executePlan } from '../../electron/backend/plan/run-plan.ts';
import { bedTest, cliError, cliWithLocalHost, golden, hostSession, logicalPoolOnLoop, LVM_ENV, service } from './fixtures.ts';
import { cli } from './testbed.ts';
import { localHost, sshHost, virsh } from './testbed.ts';

const GOLDEN = new URL('../../electron/backend/features/volumes/testdata/', import.meta.url).pathname;

const lvs = (vg: string): string[] =>
  execFileSync('lvs', ['--noheadings', '-o', 'lv_name', vg], { encoding: 'utf8', env: LVM_ENV })
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);


const hasThinDm = (): boolean => spawnSync('dmsetup', ['targets'], { encoding: 'utf8', timeout: 30_000 }).stdout?.includes('thin-pool') ?? false;

bedTest('thin volumes in a logical pool on a loop device: refused without a thin pool (API, CLI); the real lvcreate failure names missing device-mapper and leaves nothing', async (s) => {
  const { bed } = s;
  const made = logicalPoolOnLoop(s, 'thinvol');
  if (!made) return;
  const { pool, vg } = made;
  const thin = 'spindle_thin';
  const request = { pool, name: 'spindle-tv1', capacityBytes: 8 << 20, format: 'raw' as const, allocation: 'sparse' as const, thinPool: thin };

  if (hasThinDm()) {
    // A machine with device-mapper and dm-thin-pool: the success path, for real.
    execFileSync('lvcreate', ['--type', 'thin-pool', '-L', '16M', '-n', thin, vg], { env: LVM_ENV });
    const api = await service(s);
    const job = await api.run({ kind: 'volume.create', host: 'local', request });
    assert.equal(job.state, 'succeeded', job.error?.message);
    assert.ok(lvs(vg).includes('spindle-tv1'));
    assert.match(virsh(bed, 'vol-list', '--pool', pool), /spindle-tv1/);
    virsh(bed, 'vol-delete', '--pool', pool, 'spindle-tv1');
    return;
  }

  // 1. No thin pool can exist here: the planner reads the VG (real vgs/lvs) and refuses, naming the field.
  for (const host of ['local', 'ssh'] as const) {
    const api = await service(s, host);
    const name = host === 'local' ? 'local' : 'loopback';
    const refused = await api.svc.dispatch('ops.plan', { op: { kind: 'volume.create', host: name, request } });
    assert.equal(refused.ok, false, host);
    if (refused.ok) continue;
    assert.equal(refused.error.msg?.key, 'volumes.thin.noThinPools', `${host}: ${refused.error.message}`);
    assert.equal(refused.error.details?.['field'], 'thinPool');
    assert.equal(refused.error.message, `Volume group ${vg} has no thin pool, so "${thin}" cannot hold a thin volume.`);
    assert.match(refused.error.hint ?? '', new RegExp(`lvcreate --type thin-pool -L SIZE -n NAME ${vg}`));
    // The wizard's list of thin pools comes from the same read.
    assert.deepEqual((await api.call('pool.usage', { host: name, pool })).lvm?.thinPools, []);
  }
  await cliWithLocalHost(s);
  const cli = await cliError(['volume', 'create', '--host', 'local', '--pool', pool, '--name', 'spindle-tv1', '--capacity', '8M', '--thin-pool', thin, '--dry-run']);
  assert.equal(cli?.code, 'INVALID_ARGUMENT');
  assert.match(cli?.message ?? '', /has no thin pool/);

  // 2. The plan itself, run for real: lvcreate fails on device-mapper; a typed error says so; the undo is clean.
  for (const config of [localHost(bed), sshHost(bed)]) {
    const session = hostSession(s, config);
    const inv = await session.reload();
    const plan = planThinVolume(inv, session.config.uri, request, { vg, extentBytes: 4 << 20, thinPools: [{ name: thin, sizeBytes: 16 << 20, dataPercent: 0, metadataPercent: 1, metadataSizeBytes: 4 << 20, volumes: 0, virtualBytes: 0, active: true, level: null, levelPart: null }] });
    assert.deepEqual(plan.steps[1]?.argv, ['lvcreate', '-V', `${8 << 20}b`, '-T', `${vg}/${thin}`, '-n', 'spindle-tv1']);
    const out = await executePlan(session, plan);
    assert.equal(out.state, 'failed', config.kind);
    assert.equal(out.error?.code, 'COMMAND_FAILED');
    assert.equal(out.error?.details?.['missing'], 'device-mapper', `${config.kind}: ${out.error?.message}`);
    assert.match(english(out.error?.msg ?? ''), /Step 2 of 4 .*lvcreate failed on .*: the kernel's device-mapper is missing \(\/dev\/mapper\/control cannot be opened\)/);
    assert.match(out.error?.hint ?? '', /modprobe dm_mod/);
    // Only the first step's refresh is undone (lvcreate made nothing, so no lvremove runs), and it worked.
    assert.deepEqual(out.undone, [`Make pool "${pool}" forget the removed volume`]);
    assert.deepEqual(out.undoFailures, []);
    assert.deepEqual(lvs(vg), [], 'no LV left');
    assert.equal(virsh(bed, 'vol-list', '--pool', pool).trim(), '', 'libvirt lists nothing');
    if (config.kind === 'local') {
      // lvcreate's own words (the kernel's version replaced: modprobe names it; LVM's note about
      // descriptors the test runner's process holds dropped: it names a PID).
      const stderr = (out.error?.details?.['stderr'] ?? '')
        .split('\n')
        .filter((l) => !/^File descriptor \d+ .* leaked on lvcreate invocation/.test(l))
        .join('\n')
        .replaceAll(vg, 'spindle_vg')
        .replaceAll(os.release(), 'KERNEL')
        // The backend trims the stderr it keeps, so the first line's indent depends on
        // whether LVM's descriptor note (dropped above) came before it.
        .trim();
      golden(GOLDEN, 'lvcreate-thin-no-device-mapper.stderr.txt', `${stderr}\n`);
    }
  }
  assert.match(virsh(bed, 'pool-info', pool), /State:\s+running/, 'the pool is untouched');
});

bedTest('a new thin pool in a logical pool through the API (local, and over SSH with sudo) and the CLI: the real lvcreate --type thin-pool fails on missing device-mapper, typed, nothing to undo, nothing left', async (s) => {
  const { bed } = s;
  const made = logicalPoolOnLoop(s, 'thinpool');
  if (!made) return;
  const { pool, vg } = made;
  const request = { pool, name: 'spindle_tp', sizeBytes: 16 << 20 };
  const vgFree = (): string => execFileSync('vgs', ['--noheadings', '--units', 'b', '-o', 'vg_free', vg], { encoding: 'utf8', env: LVM_ENV }).trim();
  const free = vgFree();

  await cliWithLocalHost(s);
  const dry = await cli(['volume', 'create-thin-pool', '--host', 'local', '--pool', pool, '--name', 'spindle_tp', '--size', '16M', '--metadata-size', '4M', '--dry-run']);
  assert.equal(dry.code, 0, dry.err);
  assert.match(dry.out, new RegExp(`^'lvcreate' '--type' 'thin-pool' '-L' '16777216b' '--poolmetadatasize' '4194304b' '-n' 'spindle_tp' '${vg}'$`, 'm'));
  assert.deepEqual(lvs(vg), [], 'a dry run makes nothing');
  const tooBig = await cliError(['volume', 'create-thin-pool', '--host', 'local', '--pool', pool, '--name', 'spindle_tp', '--size', '1G']);
  assert.match(tooBig?.message ?? '', new RegExp(`^Volume group ${vg} has 60\\.0 MiB free; a thin pool of 1\\.00 GiB does not fit\\.$`));

  if (hasThinDm()) {
    // Device-mapper with dm-thin-pool: the thin pool for real, then a thin volume in it, both through the API.
    const api = await service(s);
    const job = await api.run({ kind: 'volume.createThinPool', host: 'local', request });
    assert.equal(job.state, 'succeeded', job.error?.message);
    const usage = await api.call('pool.usage', { host: 'local', pool });
    assert.deepEqual(usage.lvm?.thinPools.map((t) => t.name), ['spindle_tp']);
    const tv = await api.run({ kind: 'volume.create', host: 'local', request: { pool, name: 'spindle-tv2', capacityBytes: 64 << 20, format: 'raw', allocation: 'sparse', thinPool: 'spindle_tp' } });
    assert.equal(tv.state, 'succeeded', tv.error?.message);
    assert.match(virsh(bed, 'vol-list', '--pool', pool), /spindle-tv2/);
    return;
  }
  for (const host of ['local', 'ssh'] as const) {
    const api = await service(s, host);
    const job = await api.run({ kind: 'volume.createThinPool', host: host === 'local' ? 'local' : 'loopback', request });
    assert.equal(job.state, 'failed', host);
    assert.equal(job.error?.code, 'COMMAND_FAILED');
    assert.match(job.error?.message ?? '', /^Step 1 of 2 \(Create thin pool .*\) failed: lvcreate failed on .*: the kernel's device-mapper is missing/, host);
    assert.match(job.error?.hint ?? '', /modprobe dm_mod/);
    // The failed step made nothing, so nothing was undone; the VG is as it was.
    assert.doesNotMatch(job.error?.message ?? '', /undone/);
    assert.deepEqual(lvs(vg), [], `${host}: no LV left`);
    assert.equal(vgFree(), free);
  }
});
