// The I/O limits form: what it accepts, the rules QEMU enforces, the limits it
// sends, the modes a disk can take and the step a refusal returns to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Disk, Domain } from '../../../shared/contract/models.ts';
import { diskPresence } from '../../../shared/contract/features/stats.ts';
import { blameIoTune, checkIoTune, ioTuneModes, ioTuneText, startingLimits } from './iotune-form.ts';

const blank = () => ioTuneText(null);

test('a write IOPS limit of 50: all twelve fields are sent, the rest as 0 (which clears them)', () => {
  const c = checkIoTune({ ...blank(), writeIopsSec: '50' });
  assert.deepEqual(c.errors, {});
  assert.equal(c.limits?.writeIopsSec, 50);
  assert.equal(c.limits?.totalBytesSec, 0);
  assert.equal(Object.keys(c.limits ?? {}).length, 12);
});

test('people write rates their way; bad text is refused per field', () => {
  const c = checkIoTune({ ...blank(), readBytesSec: '50 MB/s', writeBytesSec: '20M', readIopsSec: '2k' });
  assert.equal(c.limits?.readBytesSec, 50_000_000);
  assert.equal(c.limits?.writeBytesSec, 20 * 2 ** 20);
  assert.equal(c.limits?.readIopsSec, 2000);
  const bad = checkIoTune({ ...blank(), readBytesSec: 'fast', writeIopsSec: '1.5' });
  assert.equal(bad.limits, null);
  assert.deepEqual(bad.errors, { readBytesSec: 'iotune.err.bytes', writeIopsSec: 'iotune.err.iops' });
});

test('QEMU rules: total excludes read/write of the same kind; a burst needs its limit and may not be below it', () => {
  assert.equal(checkIoTune({ ...blank(), totalIopsSec: '100', readIopsSec: '50' }).errors.totalIopsSec, 'iotune.err.totalWithRw');
  assert.deepEqual(checkIoTune({ ...blank(), totalIopsSec: '100', readBytesSec: '50M' }).errors, {}, 'different kinds mix');
  assert.equal(checkIoTune({ ...blank(), writeIopsSecMax: '100' }).errors.writeIopsSecMax, 'iotune.err.burstNeedsBase');
  assert.equal(checkIoTune({ ...blank(), writeIopsSec: '100', writeIopsSecMax: '50' }).errors.writeIopsSecMax, 'iotune.err.burstBelowBase');
  assert.deepEqual(checkIoTune({ ...blank(), writeIopsSec: '100', writeIopsSecMax: '400' }).errors, {});
});

test('current limits fill the form the way they would be typed', () => {
  const t = ioTuneText({ writeIopsSec: 50, readBytesSec: 50 * 2 ** 20 });
  assert.equal(t.writeIopsSec, '50');
  assert.equal(t.readBytesSec, '50 MiB/s');
  assert.equal(t.totalIopsSec, '');
  assert.deepEqual(checkIoTune(t).limits?.readBytesSec, 50 * 2 ** 20);
});

test('modes: a disk attached "Now only" offers only live; one saved for the next start only persistent; the first is the default', () => {
  const disk = (target: string): Disk => ({ target, device: 'disk', source: { type: 'file' }, sourceLabel: '/x', readonly: false, shareable: false, backingChain: [] });
  const dom: Pick<Domain, 'state' | 'persistent' | 'disks'> = { state: 'running', persistent: true, disks: [disk('vda'), disk('vdc')] };
  const pending = { liveOnly: ['vdc'], configOnly: ['vdd'], changed: [] };
  const modes = (d: Parameters<typeof diskPresence>[0], target: string) => {
    const p = diskPresence(d, target);
    return p ? ioTuneModes(p) : null;
  };
  assert.deepEqual(modes(dom, 'vdc'), { modes: ['both', 'live', 'persistent'], reasonKey: null });
  assert.deepEqual(modes({ ...dom, pendingDisks: pending }, 'vdc'), { modes: ['live'], reasonKey: 'iotune.modeReason.liveOnly' });
  assert.deepEqual(modes({ ...dom, pendingDisks: pending }, 'vdd'), { modes: ['persistent'], reasonKey: 'iotune.modeReason.configOnly' });
  assert.deepEqual(modes({ ...dom, pendingDisks: pending }, 'vda'), { modes: ['both', 'live', 'persistent'], reasonKey: null });
  assert.deepEqual(modes({ ...dom, state: 'shutoff' }, 'vdc'), { modes: ['persistent'], reasonKey: 'iotune.modeReason.notRunning' });
  assert.deepEqual(modes({ ...dom, persistent: false }, 'vdc'), { modes: ['live'], reasonKey: 'iotune.modeReason.transient' });
  assert.equal(modes(dom, 'vdz'), null, 'no such disk');
});

test('the form starts from the limits of the configuration the change reaches first', () => {
  assert.deepEqual(startingLimits({ live: { writeIopsSec: 100 }, config: null }, 'live'), { writeIopsSec: 100 }, 'live-only disk');
  assert.deepEqual(startingLimits({ live: null, config: { readIopsSec: 5 } }, 'persistent'), { readIopsSec: 5 }, 'config-only disk');
  assert.deepEqual(startingLimits({ live: { writeIopsSec: 100 }, config: { readIopsSec: 5 } }, 'both'), { writeIopsSec: 100 });
  assert.deepEqual(startingLimits({ live: { writeIopsSec: 100 }, config: { readIopsSec: 5 } }, 'persistent'), { readIopsSec: 5 });
});

test('a refusal returns to the step that owns its field', () => {
  for (const field of ['domain', 'target', 'limits', 'mode']) assert.equal(blameIoTune({ code: 'INVALID_ARGUMENT', message: 'x', details: { field } }), 'limits');
  assert.equal(blameIoTune({ code: 'INVALID_ARGUMENT', message: 'x', details: { field: 'toString' } }), null);
  assert.equal(blameIoTune({ code: 'COMMAND_FAILED', message: 'mode' }), null, 'never from the text');
});
