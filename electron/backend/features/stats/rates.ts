// Rates from two samples of the counters: IOPS and bytes/s from the deltas,
// mean latency as Δtimes / Δrequests. A counter that went down (the VM was
// restarted, the disk re-plugged) gives 0 for that tick, never a negative or
// a huge rate; a disk seen for the first time only sets the baseline; a disk
// that disappeared ends its series.
import type { DiskRate } from '../../../../shared/contract/features/stats.ts';
import type { DiskCounters } from './counters.ts';

const delta = (cur: number, prev: number): number => (cur >= prev ? cur - prev : 0);

export function computeRates(prev: Map<string, DiskCounters> | null, cur: Map<string, DiskCounters>, dtS: number): { disks: DiskRate[]; ended: string[] } {
  const disks: DiskRate[] = [];
  const ended: string[] = [];
  if (!prev || dtS <= 0) return { disks, ended };
  for (const [key, c] of cur) {
    const p = prev.get(key);
    if (!p) continue;
    const reset = c.rdReqs < p.rdReqs || c.wrReqs < p.wrReqs || c.flReqs < p.flReqs;
    const dRdReqs = reset ? 0 : delta(c.rdReqs, p.rdReqs);
    const dWrReqs = reset ? 0 : delta(c.wrReqs, p.wrReqs);
    const dFlReqs = reset ? 0 : delta(c.flReqs, p.flReqs);
    const r: DiskRate = {
      domain: c.domain,
      target: c.target,
      rdIops: dRdReqs / dtS,
      wrIops: dWrReqs / dtS,
      rdBps: reset ? 0 : delta(c.rdBytes, p.rdBytes) / dtS,
      wrBps: reset ? 0 : delta(c.wrBytes, p.wrBytes) / dtS,
      // times are nanoseconds
      rdLatMs: dRdReqs ? delta(c.rdTimes, p.rdTimes) / dRdReqs / 1e6 : null,
      wrLatMs: dWrReqs ? delta(c.wrTimes, p.wrTimes) / dWrReqs / 1e6 : null,
      flLatMs: dFlReqs ? delta(c.flTimes, p.flTimes) / dFlReqs / 1e6 : null,
    };
    if (c.allocation !== undefined) r.allocation = c.allocation;
    if (c.capacity !== undefined) r.capacity = c.capacity;
    if (c.physical !== undefined) r.physical = c.physical;
    disks.push(r);
  }
  for (const key of prev.keys()) if (!cur.has(key)) ended.push(key);
  return { disks, ended };
}
