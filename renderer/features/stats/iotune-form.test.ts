// The I/O limits form: what it accepts, the rules QEMU enforces, and the limits it sends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkIoTune, ioTuneText } from './iotune-form.ts';

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
