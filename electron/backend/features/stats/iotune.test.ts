// I/O limits: which configurations are read and written, by where the disk
// is (both, the running VM only, the saved configuration only), the modes a
// disk cannot take refused on field "mode", and every text a message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { english, isMsg, renderMsg } from '../../../../shared/core/messages.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { Disk, Domain, Inventory } from '../../../../shared/contract/models.ts';
import { planIoTune, readIoTune } from './iotune.ts';

const URI = 'qemu:///system';
const disk = (target: string): Disk => ({ target, device: 'disk', source: { type: 'file' }, sourceLabel: `/img/${target}`, readonly: false, shareable: false, backingChain: [] });

function inv(over: Partial<Domain> = {}): Inventory {
  const dom: Domain = { name: 'vm', uuid: '', state: 'running', vcpus: 1, memoryKiB: 1, autostart: false, persistent: true, disks: [disk('vda'), disk('vdc')], ...over };
  return { host: 'h', uri: URI, loadedAt: '', durationMs: 0, pools: [], domains: [dom] } as Inventory;
}
/** vdc attached "Now only": in the live XML, not in the saved one. */
const liveOnly = () => inv({ pendingDisks: { liveOnly: ['vdc'], configOnly: [], changed: [] } });
/** vdd saved for the next start: in the saved XML only (so not in the running VM's disks). */
const configOnly = () => inv({ pendingDisks: { liveOnly: [], configOnly: ['vdd'], changed: [] } });

const OUT = 'total_bytes_sec: 0\nread_bytes_sec : 0\nwrite_bytes_sec: 0\ntotal_iops_sec : 0\nread_iops_sec  : 0\nwrite_iops_sec : 100\n';

/** A virsh that answers blkdeviotune the way libvirt does: --config of a disk not saved fails. */
function fakeVirsh(saved: string[], live: string[]) {
  const calls: string[][] = [];
  return {
    calls,
    exec: async (args: readonly string[]) => {
      calls.push([...args]);
      const target = args[args.indexOf('--device') + 1] ?? '';
      const side = args.at(-1);
      if (side === '--config' && !saved.includes(target)) throw new SpindleError('COMMAND_FAILED', `invalid argument: disk '${target}' was not found in the domain config`);
      if (side === '--live' && !live.includes(target)) throw new SpindleError('COMMAND_FAILED', `invalid argument: disk '${target}' was not found in the domain`);
      return OUT;
    },
  };
}

const refusal = (fn: () => unknown): SpindleError => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof SpindleError);
    return e;
  }
  assert.fail('not refused');
};

test('reading: a live-only disk is read live only, a config-only one saved only, a stopped VM saved only', async () => {
  const v = fakeVirsh(['vda'], ['vda', 'vdc']);
  assert.deepEqual(await readIoTune(v, liveOnly(), 'vm', 'vdc'), { live: { writeIopsSec: 100 }, config: null });
  assert.deepEqual(v.calls, [['blkdeviotune', '--domain', 'vm', '--device', 'vdc', '--live']]);

  const both = fakeVirsh(['vda', 'vdc'], ['vda', 'vdc']);
  assert.deepEqual(await readIoTune(both, inv(), 'vm', 'vdc'), { live: { writeIopsSec: 100 }, config: { writeIopsSec: 100 } });
  assert.deepEqual(both.calls.map((c) => c.at(-1)).sort(), ['--config', '--live']);

  const saved = fakeVirsh(['vda', 'vdd'], ['vda']);
  assert.deepEqual(await readIoTune(saved, configOnly(), 'vm', 'vdd'), { live: null, config: { writeIopsSec: 100 } });
  assert.deepEqual(saved.calls.map((c) => c.at(-1)), ['--config']);

  const off = fakeVirsh(['vda', 'vdc'], []);
  assert.deepEqual(await readIoTune(off, inv({ state: 'shutoff' }), 'vm', 'vdc'), { live: null, config: { writeIopsSec: 100 } });

  const transient = fakeVirsh([], ['vda', 'vdc']);
  assert.deepEqual(await readIoTune(transient, inv({ persistent: false }), 'vm', 'vdc'), { live: { writeIopsSec: 100 }, config: null });

  await assert.rejects(readIoTune(v, inv(), 'vm', 'vdz'), (e: SpindleError) => e.msg?.key === 'plan.lookup.noDisk' && e.details?.field === 'target');
});

test('planning: the default mode is the one the disk can take, and modes it cannot take are refused on "mode"', () => {
  const sides = (i: Inventory, target: string, mode?: 'live' | 'persistent' | 'both') => planIoTune(i, URI, { domain: 'vm', target, limits: { writeIopsSec: 100 }, ...(mode ? { mode } : {}) }).steps.map((s) => s.argv.at(-1));
  assert.deepEqual(sides(inv(), 'vdc'), ['--config', '--live'], 'in both: both');
  assert.deepEqual(sides(liveOnly(), 'vdc'), ['--live'], 'live-only: live, not "missing persistent configuration"');
  assert.deepEqual(sides(configOnly(), 'vdd'), ['--config'], 'config-only: saved');
  assert.deepEqual(sides(inv({ state: 'shutoff' }), 'vdc'), ['--config']);
  assert.deepEqual(sides(inv({ persistent: false }), 'vdc'), ['--live']);

  const cases: Array<[Inventory, string, 'live' | 'persistent' | 'both', string, RegExp]> = [
    [liveOnly(), 'vdc', 'both', 'stats.iotune.liveOnly', /vdc was attached to the running VM "vm" only; it is not in the saved configuration/],
    [liveOnly(), 'vdc', 'persistent', 'stats.iotune.liveOnly', /not in the saved configuration/],
    [configOnly(), 'vdd', 'live', 'stats.iotune.configOnly', /vdd is not in the running VM "vm" yet/],
    [inv({ state: 'shutoff' }), 'vdc', 'both', 'stats.iotune.notRunning', /VM "vm" is not running, so no limit can be set live/],
    [inv({ persistent: false }), 'vdc', 'persistent', 'stats.iotune.transient', /no saved configuration/],
  ];
  for (const [i, target, mode, key, text] of cases) {
    const e = refusal(() => sides(i, target, mode));
    assert.equal(e.code, 'INVALID_ARGUMENT');
    assert.equal(e.msg?.key, key);
    assert.equal(e.details?.field, 'mode', key);
    assert.match(e.message, text);
    assert.ok(e.hint, `${key} has a hint`);
  }
  assert.deepEqual(sides(liveOnly(), 'vdc', 'live'), ['--live']);
  assert.deepEqual(sides(inv(), 'vdc', 'persistent'), ['--config']);
});

test('the plan: libvirt argv from the builders, every limit given; title, steps, note and warning are messages', () => {
  const p = planIoTune(inv(), URI, { domain: 'vm', target: 'vdc', limits: { writeIopsSec: 50 }, mode: 'both' });
  const live = p.steps[1]!;
  assert.deepEqual(live.argv.slice(0, 8), ['virsh', '--connect', URI, 'blkdeviotune', '--domain', 'vm', '--device', 'vdc']);
  assert.equal(live.argv.filter((a) => a.startsWith('--') && a.endsWith('-sec') || a.endsWith('-sec-max')).length, 12);
  assert.ok(isMsg(p.title) && isMsg(live.description) && isMsg(live.partialNote));
  assert.equal(english(p.title), 'I/O limits of vm:vdc: write_iops_sec=50');
  assert.equal(english(live.description), 'Set the I/O limits of vdc in running VM "vm" (write_iops_sec=50)');
  assert.equal(english(p.steps[0]!.description), 'Save the I/O limits of vdc in the configuration of VM "vm" (write_iops_sec=50)');
  assert.match(english(live.partialNote!), /saved for the next start of "vm", but the running VM did not take them/);
  assert.equal(p.steps[0]!.partialNote, undefined);
  assert.deepEqual(p.warnings, []);

  const clear = planIoTune(inv(), URI, { domain: 'vm', target: 'vdc', limits: {}, mode: 'live' });
  assert.equal(clear.warnings.length, 1);
  assert.ok(isMsg(clear.warnings[0]));
  assert.equal(english(clear.warnings[0]!), 'This removes every I/O limit of the disk.');
  assert.equal(english(clear.title), 'I/O limits of vm:vdc: no limits');
  // Chinese from the same messages, nested parameters included.
  assert.equal(renderMsg(clear.title as never, 'zh-CN'), 'vm:vdc 的 I/O 限制：无限制');
});

test('limit rules: refusals with field "limits", English kept, Chinese from the catalog', () => {
  const plan = (limits: Record<string, number>) => () => planIoTune(inv(), URI, { domain: 'vm', target: 'vdc', limits, mode: 'live' });
  const total = refusal(plan({ totalIopsSec: 10, readIopsSec: 5 }));
  assert.equal(total.message, 'A total IOPS limit and separate read/write IOPS limits cannot be set together.');
  assert.equal(total.hint, 'Use either the total, or read and write.');
  assert.equal(total.details?.field, 'limits');
  assert.equal(renderMsg(total.msg!, 'zh-CN'), 'IOPS的总限制不能与单独的读/写IOPS限制同时设置。');
  assert.equal(refusal(plan({ writeBytesSecMax: 100 })).message, 'A write throughput burst needs a write throughput limit.');
  const below = refusal(plan({ writeIopsSec: 50, writeIopsSecMax: 40 }));
  assert.equal(below.message, 'The write IOPS burst (40) is below its limit (50).');
  assert.equal(renderMsg(below.msg!, 'zh-CN'), '写IOPS突发值（40）低于其限制（50）。');
});
