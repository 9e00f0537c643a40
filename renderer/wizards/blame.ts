// Which wizard step a refusal from ops.plan belongs to, so its message and
// hint appear next to the answers that caused it. The backend's errors carry
// a code and an English message; a `details.field` from the backend, when
// present, wins over these patterns.
import type { ErrorInfo } from '../../shared/errors.ts';

type Rule = { step: string; codes?: readonly string[]; re?: RegExp; fields?: readonly string[] };

function blamer(rules: readonly Rule[]): (e: ErrorInfo) => string | null {
  return (e) => {
    const field = e.details?.field;
    if (field) {
      const byField = rules.find((r) => r.fields?.includes(field));
      if (byField) return byField.step;
    }
    for (const r of rules) {
      if (r.codes && !r.codes.includes(e.code)) continue;
      if (r.re && !r.re.test(e.message)) continue;
      return r.step;
    }
    return null;
  };
}

/** Create volume: pool, name and size on "volume"; allocation, backing file and encryption on "options". */
export const blameCreateVolume = blamer([
  { step: 'options', fields: ['allocation', 'backingVolume', 'encryption'], re: /prealloc|backing|encrypt|luks|passphrase|secret/i },
  { step: 'volume', fields: ['pool', 'name', 'capacityBytes', 'format'], codes: ['UNKNOWN_POOL', 'INVALID_NAME', 'UNKNOWN_VOLUME', 'INVALID_ARGUMENT'] },
]);

/** Attach: the source (and the new volume) on "source", bus and target on "device", mode and options on "options". */
export const blameAttach = blamer([
  { step: 'options', fields: ['mode', 'options', 'bootOrder', 'serial', 'cache', 'io', 'discard', 'detectZeroes'], re: /hot-?plug|not running|live|boot order|<boot|serial|cache|discard|detect_?zeroes|io mode|io=/i },
  { step: 'device', fields: ['bus', 'target', 'device'], re: /target|\bbus\b|controller|lun|cd-?rom drive|device type|already has a disk/i },
  { step: 'source', fields: ['source', 'pool', 'volume', 'name', 'capacityBytes', 'format', 'path', 'dev', 'backingVolume'], codes: ['UNKNOWN_POOL', 'UNKNOWN_VOLUME', 'INVALID_NAME'] },
  { step: 'source', re: /in use|volume|pool|file|image|path|format|capacity|fit|free|\/dev\//i },
]);
