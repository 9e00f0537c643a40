// Which wizard step a refusal from ops.plan belongs to, so its message and
// hint appear next to the answers that caused it. The backend names the
// request field it refuses in `details.field`; each wizard maps those names
// to its steps. Only a refusal without a field (or with one the wizard does
// not know) falls back to guessing from the code and the English message.
import type { ErrorInfo } from '../../../shared/core/errors.ts';

/** details.field values the backend sends -> the id of the step that asks for them. */
export type FieldSteps = Readonly<Record<string, string>>;

type Rule = { step: string; codes?: readonly string[]; re?: RegExp };

export interface Blame {
  (e: ErrorInfo): string | null;
  /** The field map (for tests and for finding the step of a field). */
  readonly fields: FieldSteps;
}

function blamer(fields: FieldSteps, rules: readonly Rule[] = []): Blame {
  const blame = (e: ErrorInfo): string | null => {
    const field = e.details?.field;
    if (field && Object.prototype.hasOwnProperty.call(fields, field)) return fields[field] ?? null;
    for (const r of rules) {
      if (r.codes && !r.codes.includes(e.code)) continue;
      if (r.re && !r.re.test(e.message)) continue;
      return r.step;
    }
    return null;
  };
  return Object.assign(blame, { fields });
}

/** Create volume: pool, name, format and size on "volume"; allocation, backing file and encryption on "options". */
export const blameCreateVolume = blamer(
  { pool: 'volume', name: 'volume', format: 'volume', capacityBytes: 'volume', allocation: 'options', backingVolume: 'options', encryption: 'options' },
  [
    { step: 'options', re: /prealloc|backing|encrypt|luks|passphrase|secret/i },
    { step: 'volume', codes: ['UNKNOWN_POOL', 'INVALID_NAME', 'UNKNOWN_VOLUME', 'INVALID_ARGUMENT'] },
  ],
);

/**
 * Attach: the source, its format and an inline new volume (all of its fields)
 * on "source"; device type, bus and target on "device"; mode, driver options
 * and boot order on "options".
 */
export const blameAttach = blamer(
  {
    source: 'source',
    iso: 'source',
    format: 'source',
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
  [
    { step: 'options', re: /hot-?plug|not running|live|boot order|<boot|serial|cache|discard|detect_?zeroes|io mode|io=/i },
    { step: 'device', re: /target|\bbus\b|controller|lun|cd-?rom drive|device type|already has a disk/i },
    { step: 'source', codes: ['UNKNOWN_POOL', 'UNKNOWN_VOLUME', 'INVALID_NAME'] },
    { step: 'source', re: /in use|volume|pool|file|image|path|format|capacity|fit|free|prealloc|backing|encrypt|luks|\/dev\//i },
  ],
);

/** Detach: one step with the mode and "also delete the volume". */
export const blameDetach = blamer({ target: 'disk', mode: 'disk', deleteVolume: 'disk' });

/** Resize: one step with the new size. */
export const blameResize = blamer({ target: 'size', newSizeBytes: 'size' });

/** CD-ROM: one step with the drive, the action and the ISO. */
export const blameCdrom = blamer({ target: 'medium', iso: 'medium' });

/** Mount in the guest: the device; mkfs type, label and confirmation; mountpoint and options; fstab. */
export const blameGuestMount = blamer(
  { domain: 'device', device: 'device', mkfs: 'filesystem', label: 'filesystem', confirm: 'filesystem', type: 'filesystem', mountpoint: 'mountpoint', options: 'mountpoint', fstab: 'fstab' },
  [
    { step: 'filesystem', re: /mkfs|label|erase|confirm/i },
    { step: 'fstab', re: /fstab/i },
    { step: 'mountpoint', re: /mountpoint|option/i },
    { step: 'device', codes: ['AGENT_UNAVAILABLE', 'UNKNOWN_DOMAIN'] },
  ],
);

/** Unmount in the guest: one step with the mountpoint and "also remove from /etc/fstab". */
export const blameGuestUmount = blamer({ domain: 'umount', mountpoint: 'umount', fstab: 'umount' });

/** Agent channel: one step with the mode. */
export const blameAgentChannel = blamer({ domain: 'channel', mode: 'channel' });

/** Mount on the host: the image and its partition on "source"; read-only and the mountpoint on "options". */
export const blameHostMount = blamer(
  { source: 'source', pool: 'source', volume: 'source', path: 'source', partition: 'source', readOnly: 'options', mountpoint: 'options' },
  [
    { step: 'options', re: /read-?write|read-?only|mountpoint|running VM|in use/i },
    { step: 'source', codes: ['UNKNOWN_POOL', 'UNKNOWN_VOLUME'] },
    { step: 'source', re: /partition|image|format|file|volume/i },
  ],
);
