// Allocation-free checks for the two payloads that carry samples: the
// `stats` event (every disk of every running VM, every tick) and the
// `stats.watch` history (up to ten minutes of them). They accept exactly
// what StatsTickSchema / StatsHistorySchema accept, field by field (unknown
// keys are left in place rather than stripped: nothing reads them), but
// check the object in place: zod builds a copy of every disk object, which
// was a quarter of the renderer's garbage per tick (and 240,000 objects for
// a 10-minute history of 200 disks). stats.check.test.ts holds them to the
// schemas.
import { ERROR_CODES } from '../../core/errors.ts';
import { MsgSchema } from '../../core/messages.ts';
import type { DiskRate, StatsHistory, StatsTick } from './stats.ts';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v); // as z.number()
const isNumOrNull = (v: unknown): boolean => v === null || isNum(v);
const isOptNum = (v: unknown): boolean => v === undefined || isNum(v);

function isDiskRate(v: unknown): v is DiskRate {
  if (!isObj(v)) return false;
  return (
    typeof v.domain === 'string' &&
    typeof v.target === 'string' &&
    isNum(v.rdIops) &&
    isNum(v.wrIops) &&
    isNum(v.rdBps) &&
    isNum(v.wrBps) &&
    isNumOrNull(v.rdLatMs) &&
    isNumOrNull(v.wrLatMs) &&
    isNumOrNull(v.flLatMs) &&
    isOptNum(v.allocation) &&
    isOptNum(v.capacity) &&
    isOptNum(v.physical)
  );
}

export function isStatsTick(v: unknown): v is StatsTick {
  if (!isObj(v) || typeof v.host !== 'string' || !isNum(v.t) || !isNum(v.intervalS)) return false;
  const { disks, ended } = v;
  if (!Array.isArray(disks) || !Array.isArray(ended)) return false;
  for (const d of disks) if (!isDiskRate(d)) return false;
  for (const e of ended) if (typeof e !== 'string') return false;
  return v.gap === undefined || isGap(v.gap);
}

function isGap(v: unknown): boolean {
  // A gap is rare: its message (msg) is checked by the schema itself.
  return isObj(v) && typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code) && typeof v.message === 'string' && (v.msg === undefined || MsgSchema.safeParse(v.msg).success);
}

export function isStatsHistory(v: unknown): v is StatsHistory {
  if (!isObj(v) || typeof v.host !== 'string' || !isNum(v.intervalS) || !Array.isArray(v.ticks)) return false;
  for (const t of v.ticks) if (!isStatsTick(t)) return false;
  return true;
}
