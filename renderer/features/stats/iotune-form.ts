// The I/O limits form: twelve fields as typed, checked the way QEMU checks
// them (a total limit excludes the read/write ones of the same kind; a burst
// needs its base limit and may not be below it), and the limits they make;
// the modes the disk can take (where it is: live, saved or both) and the step
// a refusal belongs to.
import { modesForDevice, type ChangeMode, type DevicePresence } from '../../../shared/core/domain-rules.ts';
import { blameBy } from '../../platform/wizard/blame.ts';
import { IOTUNE_FIELDS, type IoTune, type IoTuneField } from '../../../shared/contract/features/stats.ts';
import { byteRateText, parseByteRate, parseCount } from './parse.ts';

export type IoTuneText = Record<IoTuneField, string>;

export const isBytesField = (f: IoTuneField): boolean => f.includes('Bytes');
export const baseOf = (f: IoTuneField): IoTuneField => f.replace(/Max$/, '') as IoTuneField;

export function ioTuneText(io: IoTune | null | undefined): IoTuneText {
  const out = {} as IoTuneText;
  for (const f of IOTUNE_FIELDS) {
    const v = io?.[f] ?? 0;
    out[f] = v > 0 ? (isBytesField(f) ? byteRateText(v) : String(v)) : '';
  }
  return out;
}

export interface IoTuneCheck {
  limits: IoTune | null;
  /** i18n key of the problem per field. */
  errors: Partial<Record<IoTuneField, string>>;
}

export function checkIoTune(text: IoTuneText): IoTuneCheck {
  const values = {} as Record<IoTuneField, number>;
  const errors: Partial<Record<IoTuneField, string>> = {};
  for (const f of IOTUNE_FIELDS) {
    const s = text[f].trim();
    if (s === '' || s === '0') {
      values[f] = 0;
      continue;
    }
    const v = isBytesField(f) ? parseByteRate(s) : parseCount(s);
    if (!Number.isSafeInteger(v) || v < 0) {
      errors[f] = isBytesField(f) ? 'iotune.err.bytes' : 'iotune.err.iops';
      values[f] = 0;
    } else values[f] = v;
  }
  for (const kind of ['Bytes', 'Iops'] as const) {
    for (const suffix of ['', 'Max'] as const) {
      const total = `total${kind}Sec${suffix}` as IoTuneField;
      const rd = `read${kind}Sec${suffix}` as IoTuneField;
      const wr = `write${kind}Sec${suffix}` as IoTuneField;
      if (values[total] > 0 && (values[rd] > 0 || values[wr] > 0) && !errors[total]) errors[total] = 'iotune.err.totalWithRw';
    }
  }
  for (const f of IOTUNE_FIELDS) {
    if (!f.endsWith('Max') || errors[f] || values[f] === 0) continue;
    const base = values[baseOf(f)];
    if (base === 0) errors[f] = 'iotune.err.burstNeedsBase';
    else if (values[f] < base) errors[f] = 'iotune.err.burstBelowBase';
  }
  if (Object.keys(errors).length > 0) return { limits: null, errors };
  // Every field is sent: 0 clears a limit (blkdeviotune leaves unnamed ones as they are).
  const limits: IoTune = {};
  for (const f of IOTUNE_FIELDS) limits[f] = values[f];
  return { limits, errors };
}

/** The modes the disk's limits can be set in (best first), and why the others are not offered. */
export interface IoTuneModes {
  modes: ChangeMode[];
  /** i18n key of the reason some modes are missing, or null when all three are offered. */
  reasonKey: string | null;
}

export function ioTuneModes(p: DevicePresence): IoTuneModes {
  const modes = modesForDevice(p);
  const reasonKey = !p.active ? 'iotune.modeReason.notRunning' : !p.persistent ? 'iotune.modeReason.transient' : !p.inSaved ? 'iotune.modeReason.liveOnly' : !p.inLive ? 'iotune.modeReason.configOnly' : null;
  return { modes, reasonKey };
}

/** The limits the form starts from: what the running VM enforces when the change reaches it, else the saved ones. */
export function startingLimits(reading: { live: IoTune | null; config: IoTune | null }, mode: ChangeMode | undefined): IoTune | null {
  return mode !== 'persistent' && reading.live ? reading.live : (reading.config ?? reading.live);
}

/** The wizard's steps by the request field a refusal names (details.field). */
export const IOTUNE_FIELD_STEPS: Readonly<Record<'domain' | 'target' | 'limits' | 'mode', 'limits'>> = { domain: 'limits', target: 'limits', limits: 'limits', mode: 'limits' };
export const blameIoTune = blameBy(IOTUNE_FIELD_STEPS);
