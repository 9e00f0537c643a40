// Refusals land on the step whose answers caused them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorInfo } from '../../shared/errors.ts';
import { blameAttach, blameCreateVolume } from './blame.ts';

const err = (code: ErrorInfo['code'], message: string, details?: Record<string, string>): ErrorInfo => ({ code, message, ...(details ? { details } : {}) });

test('attach: hot-plug and mode refusals go to options, target and bus to device, the image to source', () => {
  assert.equal(blameAttach(err('INVALID_ARGUMENT', 'SATA disks cannot be hot-plugged: a running VM cannot have them attached.')), 'options');
  assert.equal(blameAttach(err('INVALID_ARGUMENT', 'VM "x" is not running, so nothing can be attached live.')), 'options');
  assert.equal(blameAttach(err('INVALID_ARGUMENT', 'VM "x" already has a disk vdb.')), 'device');
  assert.equal(blameAttach(err('INVALID_ARGUMENT', 'Target "sda" does not fit the virtio bus.')), 'device');
  assert.equal(blameAttach(err('INVALID_ARGUMENT', '/p/a.qcow2 is in use: VM "b" uses it as vdb (read-write).')), 'source');
  assert.equal(blameAttach(err('INVALID_NAME', 'Pool "p" already has a volume named "a".')), 'source');
  assert.equal(blameAttach(err('UNKNOWN_DOMAIN', 'There is no VM "x" on h.')), null);
  assert.equal(blameAttach(err('INVALID_ARGUMENT', 'whatever', { field: 'target' })), 'device');
});

test('create volume: backing, allocation and encryption go to options, the rest to the volume step', () => {
  assert.equal(blameCreateVolume(err('INVALID_NAME', 'Pool "p" already has a volume named "a".')), 'volume');
  assert.equal(blameCreateVolume(err('INVALID_ARGUMENT', 'Pool "p" has 1 GiB free; fully allocating 2 GiB does not fit.')), 'volume');
  assert.equal(blameCreateVolume(err('INVALID_ARGUMENT', 'Metadata preallocation cannot be combined with a backing file.')), 'options');
  assert.equal(blameCreateVolume(err('UNKNOWN_VOLUME', 'Pool "p" has no volume "b" to use as backing file.')), 'options');
});
