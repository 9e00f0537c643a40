// The block counters of `virsh domstats --block --list-active`, read in one
// pass: this runs every tick for every disk of every running VM, so it does
// no more than split lines and look at the keys it needs.

export interface DiskCounters {
  domain: string;
  target: string;
  rdReqs: number;
  rdBytes: number;
  rdTimes: number;
  wrReqs: number;
  wrBytes: number;
  wrTimes: number;
  flReqs: number;
  flTimes: number;
  allocation?: number;
  capacity?: number;
  physical?: number;
}

const FIELDS: Record<string, keyof DiskCounters> = {
  'rd.reqs': 'rdReqs',
  'rd.bytes': 'rdBytes',
  'rd.times': 'rdTimes',
  'wr.reqs': 'wrReqs',
  'wr.bytes': 'wrBytes',
  'wr.times': 'wrTimes',
  'fl.reqs': 'flReqs',
  'fl.times': 'flTimes',
  allocation: 'allocation',
  capacity: 'capacity',
  physical: 'physical',
};

/** Counters per "domain/target" (read without --backing: one entry per disk). */
export function parseBlockCounters(out: string): Map<string, DiskCounters> {
  const result = new Map<string, DiskCounters>();
  let domain = '';
  // block.N -> counters of this domain (N is only an index within one sample).
  let byIndex = new Map<string, DiskCounters>();
  const flush = (): void => {
    // Without --backing each disk is listed once; should a name repeat, the first (top) image wins.
    for (const c of byIndex.values()) if (c.target && !result.has(`${c.domain}/${c.target}`)) result.set(`${c.domain}/${c.target}`, c);
  };
  for (const line of out.split('\n')) {
    if (line.startsWith('Domain: ')) {
      flush();
      domain = line.slice(9, line.lastIndexOf("'"));
      byIndex = new Map();
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    if (!key.startsWith('block.')) continue;
    const dot = key.indexOf('.', 6);
    if (dot < 0) continue;
    const idx = key.slice(6, dot);
    const field = key.slice(dot + 1);
    let c = byIndex.get(idx);
    if (!c) {
      c = { domain, target: '', rdReqs: 0, rdBytes: 0, rdTimes: 0, wrReqs: 0, wrBytes: 0, wrTimes: 0, flReqs: 0, flTimes: 0 };
      byIndex.set(idx, c);
    }
    const value = line.slice(eq + 1);
    if (field === 'name') c.target = value;
    else {
      const k = FIELDS[field];
      if (k) (c as unknown as Record<string, number>)[k] = Number(value);
    }
  }
  flush();
  return result;
}
