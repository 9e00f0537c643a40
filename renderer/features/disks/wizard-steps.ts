// Which step of each disk wizard asks which request field: a refusal from
// the backend names its field (shared/contract/features/disks.ts lists them per
// operation) and the wizard returns to that step. Typed as a Record over the
// operation's fields, so a field the backend may name and no step owns is a
// type error.
import type { AttachField, CdromField, DetachField, ResizeField } from '../../../shared/contract/features/disks.ts';
import { blameBy } from '../../platform/wizard/blame.ts';

/**
 * Attach: the source, its format and an inline new volume (all of its fields)
 * on "source"; device type, bus and target on "device"; mode, driver options
 * and boot order on "options".
 */
export const ATTACH_STEPS: Readonly<Record<AttachField, 'source' | 'device' | 'options'>> = {
  source: 'source',
  format: 'source',
  pool: 'source',
  name: 'source',
  capacityBytes: 'source',
  allocation: 'source',
  backingVolume: 'source',
  encryption: 'source',
  thinPool: 'source',
  device: 'device',
  bus: 'device',
  target: 'device',
  mode: 'options',
  cache: 'options',
  io: 'options',
  discard: 'options',
  detectZeroes: 'options',
  readonly: 'options',
  shareable: 'options',
  serial: 'options',
  bootOrder: 'options',
};

/** A pool, volume or name the code alone names is about the source (or the inline new volume on it). */
export const blameAttach = blameBy(ATTACH_STEPS, { UNKNOWN_POOL: 'source', UNKNOWN_VOLUME: 'source', INVALID_NAME: 'source' });

/** Detach: one step with the mode and "also delete the volume". */
export const DETACH_STEPS: Readonly<Record<DetachField, 'disk'>> = { target: 'disk', mode: 'disk', deleteVolume: 'disk' };
export const blameDetach = blameBy(DETACH_STEPS);

/** Resize: one step with the new size. */
export const RESIZE_STEPS: Readonly<Record<ResizeField, 'size'>> = { target: 'size', newSizeBytes: 'size' };
export const blameResize = blameBy(RESIZE_STEPS);

/** CD-ROM: one step with the drive, the action and the ISO. */
export const CDROM_STEPS: Readonly<Record<CdromField, 'medium'>> = { target: 'medium', iso: 'medium' };
export const blameCdrom = blameBy(CDROM_STEPS);
