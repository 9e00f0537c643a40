// A zfs pool's zpool as ZFS reports it: `zpool list -Hp` (no header, tabs,
// exact numbers) with zpool's default columns named, so the output reads the
// same as a plain `zpool list -Hp` on any OpenZFS version.
import { fillLevel } from '../../../../shared/core/fill-levels.ts';
import type { ZfsUsage } from '../../../../shared/contract/features/pools.usage.ts';

export const ZPOOL_FIELDS = ['name', 'size', 'allocated', 'free', 'checkpoint', 'expandsize', 'fragmentation', 'capacity', 'dedupratio', 'health', 'altroot'] as const;

/** ZFS's rule for pool names (zpool-create(8)): a letter first, then letters, digits, _ - : . and spaces. */
export function isZpoolName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_.: -]{0,254}$/.test(name);
}

/** The zpool of a libvirt zfs pool's source name ("tank" or "tank/vms": the pool is the part before the first '/'). */
export function zpoolOf(sourceName: string): string {
  return sourceName.split('/')[0] ?? sourceName;
}

export function zpoolListArgv(zpool: string): string[] {
  return ['zpool', 'list', '-Hp', '-o', ZPOOL_FIELDS.join(','), zpool];
}

/** "-" (unknown) and malformed numbers: null; "1.00x" and "39%" as printed without -p are read too. */
function num(v: string | undefined): number | null {
  if (v === undefined) return null;
  const t = v.trim().replace(/[x%]$/, '');
  if (t === '' || t === '-') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The row of `zpool` (a -v listing's vdev lines, indented with a tab, are skipped), or null. */
export function parseZpoolList(out: string, zpool: string): ZfsUsage | null {
  for (const line of out.split('\n')) {
    const cols = line.split('\t');
    if (cols[0] !== zpool) continue;
    const at = (f: (typeof ZPOOL_FIELDS)[number]): string | undefined => cols[ZPOOL_FIELDS.indexOf(f)];
    const capacityPercent = num(at('capacity')) ?? 0;
    return {
      name: zpool,
      sizeBytes: num(at('size')) ?? 0,
      allocatedBytes: num(at('allocated')) ?? 0,
      freeBytes: num(at('free')) ?? 0,
      fragmentationPercent: num(at('fragmentation')),
      capacityPercent,
      dedupRatio: num(at('dedupratio')),
      health: (at('health') ?? '').trim(),
      level: fillLevel(capacityPercent),
    };
  }
  return null;
}

/** Every zpool of the host, for a new zfs pool's source (`zpool list -Hp -o name`). */
export const ZPOOL_NAMES_ARGV: readonly string[] = ['zpool', 'list', '-H', '-o', 'name'];

/** The names `zpool list -H -o name` prints, one a line (none: "no pools available" goes to stderr). */
export function parseZpoolNames(out: string): string[] {
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && isZpoolName(l));
}
