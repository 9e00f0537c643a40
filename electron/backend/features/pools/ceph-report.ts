// An rbd pool's Ceph pool as Ceph reports it (`ceph df --format json`) and
// the cluster's health (`ceph health --format json`), asked of the pool's own
// monitors as the pool's own cephx user. The key never is an argument nor a
// file: a tiny sh reads it from standard input into ceph's environment
// (CEPH_ARGS, which only the same user and root can read in /proc). Found on
// the test bed's Ceph 16.2: `--keyfile /dev/stdin` does not work over a pipe
// (Ceph sizes the file with stat and reads 0 bytes), and a pipe is what an
// SSH channel gives. -c /dev/null: the pool's monitors, not whatever
// /etc/ceph/ceph.conf names (and no error when the host has none).
import { fillLevel } from '../../../../shared/core/fill-levels.ts';
import type { CephUsage } from '../../../../shared/contract/features/pools.usage.ts';
import type { PoolHost } from '../../libvirt/model/pool-xml.ts';

/** Reads one line (the key) from standard input, then runs its arguments with the key in CEPH_ARGS. */
export const CEPH_KEY_FROM_STDIN_SH = 'IFS= read -r k || exit 97\nCEPH_ARGS="--key $k" exec "$@"';

/** A cephx key as libvirt and Ceph print it: base64. */
export function isCephKey(key: string): boolean {
  return /^[A-Za-z0-9+/]{16,}={0,2}$/.test(key);
}

/** A cephx user id (client.<id>): what ceph auth accepts, nothing that reads as an option. */
export function isCephUser(user: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(user);
}

/** Monitor addresses as ceph -m takes them ("a:6789,[::1]:6789"), or null when one is not a plain host name or address. */
export function monitorList(hosts: readonly PoolHost[]): string | null {
  const parts: string[] = [];
  for (const h of hosts) {
    if (!/^[A-Za-z0-9._:-]+$/.test(h.name) || h.name.startsWith('-')) return null;
    const host = h.name.includes(':') ? `[${h.name}]` : h.name;
    parts.push(h.port !== undefined ? `${host}:${h.port}` : host);
  }
  return parts.length ? parts.join(',') : null;
}

/**
 * `ceph ... <command> --format json` against the pool's monitors: with
 * `keyOnStdin` wrapped in the sh above (the caller sends the key as stdin),
 * else ceph finds the key itself (the host's keyring for client.<user>).
 */
export function cephArgv(monitors: string, user: string | null, command: readonly string[], keyOnStdin: boolean): string[] {
  const argv = ['ceph', '-c', '/dev/null', '-m', monitors, ...(user !== null ? ['--id', user] : []), '--connect-timeout', '10', ...command, '--format', 'json'];
  return keyOnStdin ? ['sh', '-c', CEPH_KEY_FROM_STDIN_SH, 'spindle-ceph', ...argv] : argv;
}

const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** The Ceph pool's row and the cluster's totals, or null when `ceph df` does not list the pool. */
export function parseCephDf(json: string, pool: string): Omit<CephUsage, 'health' | 'keyFrom'> | null {
  const doc = JSON.parse(json) as { stats?: Record<string, unknown>; pools?: Array<{ name?: unknown; stats?: Record<string, unknown> }> };
  const row = (doc.pools ?? []).find((p) => p.name === pool);
  if (!row) return null;
  const s = row.stats ?? {};
  // percent_used is a fraction in the JSON (0.5 = 50 %), used / (used + max_avail).
  const percentUsed = n(s['percent_used']) * 100;
  return {
    pool,
    storedBytes: n(s['stored']),
    usedBytes: n(s['bytes_used']),
    maxAvailBytes: n(s['max_avail']),
    percentUsed,
    objects: Math.round(n(s['objects'])),
    cluster: { totalBytes: n(doc.stats?.['total_bytes']), availBytes: n(doc.stats?.['total_avail_bytes']), usedRawBytes: n(doc.stats?.['total_used_raw_bytes']) },
    level: fillLevel(percentUsed),
  };
}

export function parseCephHealth(json: string): CephUsage['health'] {
  const doc = JSON.parse(json) as { status?: unknown; checks?: Record<string, { severity?: unknown; summary?: { message?: unknown } }> };
  return {
    status: typeof doc.status === 'string' ? doc.status : 'unknown',
    checks: Object.entries(doc.checks ?? {}).map(([code, c]) => ({ code, severity: String(c.severity ?? ''), summary: String(c.summary?.message ?? '') })),
  };
}
