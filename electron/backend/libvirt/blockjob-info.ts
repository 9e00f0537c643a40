// What `virsh blockjob DOMAIN TARGET --info --raw` prints (libvirt 9.0):
//  type=Block Copy
//  bandwidth=4
//  cur=16777216
//  end=67108864
// and nothing at all when the disk has no job.

export interface BlockJobInfo {
  type: string;
  cur: number;
  end: number;
}

export function parseBlockJobInfo(out: string): BlockJobInfo | null {
  const kv = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^\s*([a-z_]+)=(.*)$/.exec(line);
    if (m) kv.set(m[1]!, m[2]!.trim());
  }
  const cur = Number(kv.get('cur'));
  const end = Number(kv.get('end'));
  if (!kv.has('type') || !Number.isFinite(cur) || !Number.isFinite(end) || !kv.has('cur') || !kv.has('end')) return null;
  return { type: kv.get('type')!, cur, end };
}

/** The job's progress, 0..1 (a job whose end is still 0 has not measured its work yet). */
export function blockJobFraction(info: BlockJobInfo): number {
  return info.end > 0 ? Math.min(1, Math.max(0, info.cur / info.end)) : 0;
}
