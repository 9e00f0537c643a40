// Refusals land on the step whose answers caused them: by the backend's
// details.field, or by a code that names the answer by itself; never by what
// the message says.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { ATTACH_FIELDS, CDROM_FIELDS, DETACH_FIELDS, RESIZE_FIELDS } from '../../../shared/contract/features/disks.ts';
import { CREATE_VOLUME_FIELDS } from '../../../shared/contract/features/volumes.ts';
import { blameAttach, blameCdrom, blameDetach, blameResize } from '../../features/disks/wizard-steps.ts';
import { blameCreateVolume } from '../../features/volumes/wizard-steps.ts';
import { blameBy, type Blame } from './blame.ts';

const err = (code: ErrorInfo['code'], message: string, details?: Record<string, string>): ErrorInfo => ({ code, message, ...(details ? { details } : {}) });
const field = (f: string, message = 'whatever', code: ErrorInfo['code'] = 'INVALID_ARGUMENT'): ErrorInfo => err(code, message, { field: f });

/**
 * Every details.field value the backend sends for these wizards' operations:
 * the lists of shared/contract/features/*.ts (the planners of features/disks,
 * features/volumes and libvirt/model/disk-xml.ts type their refusals with
 * them), plus the object lookups of plan/lookup.ts (domain: no step asks it).
 * The mount wizards check theirs in features/mounts/wizard-steps.test.ts.
 */
const BACKEND_FIELDS: Record<string, readonly string[]> = {
  'create volume': CREATE_VOLUME_FIELDS,
  attach: ATTACH_FIELDS,
  detach: DETACH_FIELDS,
  resize: RESIZE_FIELDS,
  cdrom: CDROM_FIELDS,
};

/** Per wizard: each of its steps with the fields it must own (the inline new volume's whole form sits on attach's source step). */
const WIZARDS: Array<{ name: string; blame: Blame; steps: Record<string, string[]> }> = [
  { name: 'create volume', blame: blameCreateVolume, steps: { volume: ['pool', 'name', 'format', 'capacityBytes'], options: ['allocation', 'backingVolume', 'encryption', 'thinPool'] } },
  {
    name: 'attach',
    blame: blameAttach,
    steps: {
      source: ['source', 'format', 'pool', 'name', 'capacityBytes', 'allocation', 'backingVolume', 'encryption', 'thinPool'],
      device: ['device', 'bus', 'target'],
      options: ['mode', 'cache', 'io', 'discard', 'detectZeroes', 'readonly', 'shareable', 'serial', 'bootOrder'],
    },
  },
  { name: 'detach', blame: blameDetach, steps: { disk: ['target', 'mode', 'deleteVolume'] } },
  { name: 'resize', blame: blameResize, steps: { size: ['target', 'newSizeBytes'] } },
  { name: 'cdrom', blame: blameCdrom, steps: { medium: ['target', 'iso'] } },
];

test('every field the backend sends for a wizard\'s operation is mapped to one of its steps', () => {
  for (const w of WIZARDS) {
    const sent = BACKEND_FIELDS[w.name] ?? [];
    assert.deepEqual(sent.filter((f) => !Object.prototype.hasOwnProperty.call(w.blame.fields, f)), [], w.name);
    assert.deepEqual(Object.keys(w.blame.fields).filter((f) => !sent.includes(f)), [], `${w.name}: maps only fields the backend sends`);
  }
});

for (const w of WIZARDS) {
  test(`${w.name}: each field goes to its step, whatever the message says`, () => {
    const expect = Object.entries(w.steps).flatMap(([step, fields]) => fields.map((f) => [f, step] as const));
    assert.deepEqual({ ...w.blame.fields }, Object.fromEntries(expect));
    for (const [f, step] of expect) {
      for (const message of ['Target "sda" does not fit the virtio bus.', 'VM "x" is not running, so nothing can be attached live.', '/p/a.qcow2 is in use.', 'Metadata preallocation exists for qcow2 only.']) {
        assert.equal(w.blame(field(f, message)), step, `${w.name}: field ${f} with "${message}"`);
      }
    }
  });
}

test('attach: fields that used to be guessed wrong from the message', () => {
  assert.equal(blameAttach(field('allocation', 'Metadata preallocation exists for qcow2 only.')), 'source');
  assert.equal(blameAttach(field('serial', 'The serial "x y" is not allowed.')), 'options');
  assert.equal(blameAttach(field('format', 'The image format of the source is not given.')), 'source');
  assert.equal(blameAttach(field('device', 'A LUN passes SCSI commands to a real device: it needs a block device source on the SCSI bus.')), 'device');
  assert.equal(blameAttach(field('bus', 'A read-only disk cannot use the sata bus.')), 'device');
});

test('without a field, only a code that names the answer places a refusal; the message never does', () => {
  // The messages that the old regexes placed: now nowhere (the Wizard keeps the step where Review was asked).
  for (const m of ['SATA disks cannot be hot-plugged: a running VM cannot have them attached.', 'VM "x" already has a disk vdb.', '/p/a.qcow2 is in use: VM "b" uses it as vdb (read-write).']) {
    assert.equal(blameAttach(err('INVALID_ARGUMENT', m)), null, m);
  }
  assert.equal(blameAttach(err('UNKNOWN_POOL', 'x')), 'source');
  assert.equal(blameAttach(err('UNKNOWN_VOLUME', 'x')), 'source');
  assert.equal(blameAttach(err('INVALID_NAME', 'x')), 'source');
  assert.equal(blameAttach(err('UNKNOWN_DOMAIN', 'There is no VM "x" on h.')), null);
  assert.equal(blameCreateVolume(err('UNKNOWN_POOL', 'x')), 'volume');
  assert.equal(blameCreateVolume(err('INVALID_NAME', 'x')), 'volume');
  assert.equal(blameCreateVolume(err('INVALID_ARGUMENT', 'Metadata preallocation cannot be combined with a backing file.')), null);
  // A field the wizard does not ask falls back to the code, then to nothing.
  assert.equal(blameAttach(field('newSizeBytes', 'Target "sda" does not fit the virtio bus.')), null);
  assert.equal(blameAttach(field('domain', 'x', 'UNKNOWN_DOMAIN')), null);
  assert.equal(blameResize(err('INVALID_ARGUMENT', 'A CD-ROM cannot be resized.')), null);
  assert.equal(blameDetach(field('bus', 'x')), null);
});

test('blameBy: the field first, then the code', () => {
  const b = blameBy({ a: 'one' }, { UNKNOWN_POOL: 'two' });
  assert.equal(b(field('a', 'x', 'UNKNOWN_POOL')), 'one');
  assert.equal(b(field('zz', 'x', 'UNKNOWN_POOL')), 'two');
  assert.equal(b(err('UNKNOWN_POOL', 'x')), 'two');
  assert.equal(b(err('INVALID_ARGUMENT', 'a')), null);
  // Inherited names are not fields.
  assert.equal(b(field('toString')), null);
});
