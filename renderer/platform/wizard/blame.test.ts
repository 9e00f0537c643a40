// Refusals land on the step whose answers caused them: by the backend's
// details.field first, by the message only when there is no field.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { blameAttach, blameCdrom, blameCreateVolume, blameDetach, blameResize, type Blame } from './blame.ts';

const err = (code: ErrorInfo['code'], message: string, details?: Record<string, string>): ErrorInfo => ({ code, message, ...(details ? { details } : {}) });
const field = (f: string, message = 'whatever', code: ErrorInfo['code'] = 'INVALID_ARGUMENT'): ErrorInfo => err(code, message, { field: f });

/** Every details.field value the backend sends (electron/backend/ops, libvirt/disk-xml.ts). */
const BACKEND_FIELDS = ['pool', 'name', 'capacityBytes', 'allocation', 'backingVolume', 'encryption', 'mode', 'bus', 'device', 'bootOrder', 'target', 'source', 'deleteVolume', 'newSizeBytes', 'iso', 'options', 'format'];

/** Per wizard: its step ids, and the field -> step it must give (the fields its request can be refused for). */
const WIZARDS: Array<{ name: string; blame: Blame; steps: string[]; expect: Record<string, string> }> = [
  {
    name: 'create volume',
    blame: blameCreateVolume,
    steps: ['volume', 'options'],
    expect: { pool: 'volume', name: 'volume', format: 'volume', capacityBytes: 'volume', allocation: 'options', backingVolume: 'options', encryption: 'options' },
  },
  {
    name: 'attach',
    blame: blameAttach,
    steps: ['source', 'device', 'options'],
    expect: {
      source: 'source',
      iso: 'source',
      format: 'source',
      // An inline new volume: its whole form sits on the source step.
      pool: 'source',
      name: 'source',
      capacityBytes: 'source',
      allocation: 'source',
      backingVolume: 'source',
      encryption: 'source',
      device: 'device',
      bus: 'device',
      target: 'device',
      mode: 'options',
      options: 'options',
      bootOrder: 'options',
    },
  },
  { name: 'detach', blame: blameDetach, steps: ['disk'], expect: { target: 'disk', mode: 'disk', deleteVolume: 'disk' } },
  { name: 'resize', blame: blameResize, steps: ['size'], expect: { target: 'size', newSizeBytes: 'size' } },
  { name: 'cdrom', blame: blameCdrom, steps: ['medium'], expect: { target: 'medium', iso: 'medium' } },
];

test('every field value the backend sends is mapped by at least one wizard', () => {
  const mapped = new Set(WIZARDS.flatMap((w) => Object.keys(w.blame.fields)));
  assert.deepEqual(
    BACKEND_FIELDS.filter((f) => !mapped.has(f)),
    [],
  );
});

for (const w of WIZARDS) {
  test(`${w.name}: each field goes to its step, whatever the message says`, () => {
    assert.deepEqual({ ...w.blame.fields }, w.expect);
    for (const [f, step] of Object.entries(w.expect)) {
      assert.ok(w.steps.includes(step), `${f} -> ${step} is a step of the ${w.name} wizard`);
      // A message that would guess another step does not win over the field.
      for (const message of ['Target "sda" does not fit the virtio bus.', 'VM "x" is not running, so nothing can be attached live.', '/p/a.qcow2 is in use.', 'Metadata preallocation exists for qcow2 only.']) {
        assert.equal(w.blame(field(f, message)), step, `${w.name}: field ${f} with "${message}"`);
      }
    }
  });
}

test('attach: fields that used to be guessed wrong from the message', () => {
  // An inline new volume's allocation: the message names neither the source nor a volume.
  assert.equal(blameAttach(field('allocation', 'Metadata preallocation exists for qcow2 only.')), 'source');
  // A serial refused by the XML builder names "serial" only in the hint.
  assert.equal(blameAttach(field('options', 'The serial "x y" is not allowed.')), 'options');
  // The image format of a file: the message says "format" and "source", the field decides.
  assert.equal(blameAttach(field('format', 'The image format of the source is not given.')), 'source');
  // A LUN needs a block device: about the device type, though it mentions the source.
  assert.equal(blameAttach(field('device', 'A LUN passes SCSI commands to a real device: it needs a block device source on the SCSI bus.')), 'device');
  // Read-only on a bus that cannot: the bus, not the options.
  assert.equal(blameAttach(field('bus', 'A read-only disk cannot use the sata bus.')), 'device');
});

test('without a field (or with one the wizard does not know), the message decides', () => {
  assert.equal(blameAttach(err('INVALID_ARGUMENT', 'SATA disks cannot be hot-plugged: a running VM cannot have them attached.')), 'options');
  assert.equal(blameAttach(err('INVALID_ARGUMENT', 'VM "x" is not running, so nothing can be attached live.')), 'options');
  assert.equal(blameAttach(err('INVALID_ARGUMENT', 'VM "x" already has a disk vdb.')), 'device');
  assert.equal(blameAttach(err('INVALID_ARGUMENT', 'Target "sda" does not fit the virtio bus.')), 'device');
  assert.equal(blameAttach(err('INVALID_ARGUMENT', '/p/a.qcow2 is in use: VM "b" uses it as vdb (read-write).')), 'source');
  assert.equal(blameAttach(err('INVALID_NAME', 'Pool "p" already has a volume named "a".')), 'source');
  assert.equal(blameAttach(err('UNKNOWN_DOMAIN', 'There is no VM "x" on h.')), null);
  assert.equal(blameAttach(field('newSizeBytes', 'Target "sda" does not fit the virtio bus.')), 'device');
  assert.equal(blameCreateVolume(err('INVALID_NAME', 'Pool "p" already has a volume named "a".')), 'volume');
  assert.equal(blameCreateVolume(err('INVALID_ARGUMENT', 'Pool "p" has 1 GiB free; fully allocating 2 GiB does not fit.')), 'volume');
  assert.equal(blameCreateVolume(err('INVALID_ARGUMENT', 'Metadata preallocation cannot be combined with a backing file.')), 'options');
  assert.equal(blameCreateVolume(err('UNKNOWN_VOLUME', 'Pool "p" has no volume "b" to use as backing file.')), 'options');
  // One-step wizards have nothing to guess: the Wizard shows it on their only step.
  assert.equal(blameResize(err('INVALID_ARGUMENT', 'A CD-ROM cannot be resized.')), null);
  assert.equal(blameDetach(field('bus', 'x')), null);
});
