// Rates typed by people: "50 MB/s", "1.5 GiB/s", "20M", "4096" (bytes per
// second, parsed by shared/units.ts parseSize once the "/s" is off), and
// counts: "500", "2k" (IOPS). Empty means "no limit" to the callers.
import { parseSize } from '../../../shared/core/units.ts';

/** Bytes per second, or NaN. */
export function parseByteRate(text: string): number {
  const s = text.trim().replace(/\s*(?:\/\s*s(?:ec)?|ps)$/i, '');
  if (s === '') return NaN;
  return parseSize(s);
}

/** A whole count per second ("500", "2k", "1.5k"), or NaN. */
export function parseCount(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k?)\s*(?:iops|\/\s*s)?\s*$/i.exec(text);
  if (!m) return NaN;
  const v = Number(m[1]) * (m[2] ? 1000 : 1);
  return Number.isInteger(v) ? v : NaN;
}

/** A positive decimal ("12.5"), optionally followed by the given unit word ("ms", "%"), or NaN. */
export function parseDecimal(text: string, unit = ''): number {
  const u = unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`^\\s*(\\d+(?:\\.\\d+)?)\\s*(?:${u})?\\s*$`, 'i').exec(text);
  return m ? Number(m[1]) : NaN;
}

const RATE_UNITS: [string, number][] = [
  ['GiB/s', 1024 ** 3],
  ['MiB/s', 1024 ** 2],
  ['KiB/s', 1024],
];

/** A byte rate as a person would type it back: "50 MiB/s" when exact, else bytes. */
export function byteRateText(bps: number | undefined): string {
  if (!bps) return '';
  for (const [u, f] of RATE_UNITS) if (bps >= f && bps % f === 0) return `${bps / f} ${u}`;
  for (const [u, f] of [['MB/s', 1000 ** 2] as const, ['kB/s', 1000] as const]) if (bps >= f && bps % f === 0) return `${bps / f} ${u}`;
  return String(bps);
}
