// Rates as people type them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteRateText, parseByteRate, parseCount, parseDecimal } from './parse.ts';

test('byte rates: SI and IEC units, with or without "/s", plain bytes; garbage is NaN', () => {
  assert.equal(parseByteRate('50 MB/s'), 50_000_000);
  assert.equal(parseByteRate('50MB/s'), 50_000_000);
  assert.equal(parseByteRate('1.5 GiB/s'), 1.5 * 2 ** 30);
  assert.equal(parseByteRate('20M'), 20 * 2 ** 20);
  assert.equal(parseByteRate('512 KiB / sec'), 512 * 1024);
  assert.equal(parseByteRate('100MBps'), 100_000_000);
  assert.equal(parseByteRate('4096'), 4096);
  assert.ok(Number.isNaN(parseByteRate('fast')));
  assert.ok(Number.isNaN(parseByteRate('')));
  assert.ok(Number.isNaN(parseByteRate('-5 MB/s')));
});

test('counts: whole numbers, "k" thousands, an optional IOPS unit', () => {
  assert.equal(parseCount('50'), 50);
  assert.equal(parseCount('2k'), 2000);
  assert.equal(parseCount('1.5k IOPS'), 1500);
  assert.ok(Number.isNaN(parseCount('1.5')));
  assert.ok(Number.isNaN(parseCount('x')));
  assert.equal(parseDecimal('20 ms', 'ms'), 20);
  assert.equal(parseDecimal('90%', '%'), 90);
  assert.ok(Number.isNaN(parseDecimal('90 s', 'ms')));
});

test('byte rates are written back exactly', () => {
  assert.equal(byteRateText(50 * 2 ** 20), '50 MiB/s');
  assert.equal(byteRateText(50_000_000), '50 MB/s');
  assert.equal(byteRateText(1234), '1234');
  assert.equal(byteRateText(0), '');
  for (const v of [50 * 2 ** 20, 50_000_000, 3 * 2 ** 30, 1234]) assert.equal(parseByteRate(byteRateText(v)), v);
});
