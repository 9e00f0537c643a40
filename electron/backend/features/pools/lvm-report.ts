// LVM's own view of a logical pool: the volume group (vgs), its physical
// volumes (pvs) and its thin pools with their data and metadata fill (lvs),
// read as LVM's JSON reports in bytes (--reportformat json --units b
// --nosuffix). Golden files: testdata/usage (see the README there for which
// output was recorded on this machine and which comes from public sources).
import { thinPoolAlert } from '../../../../shared/core/fill-levels.ts';
import type { LvmUsage, ThinPoolUsage } from '../../../../shared/contract/features/pools.usage.ts';

const REPORT = ['--reportformat', 'json', '--units', 'b', '--nosuffix'];
export const VGS_FIELDS = ['vg_name', 'vg_size', 'vg_free', 'vg_extent_size', 'vg_extent_count', 'vg_free_count', 'pv_count', 'lv_count'] as const;
export const PVS_FIELDS = ['pv_name', 'vg_name', 'pv_size', 'pv_free'] as const;
export const LVS_FIELDS = ['lv_name', 'lv_attr', 'lv_size', 'data_percent', 'metadata_percent', 'pool_lv', 'lv_metadata_size'] as const;

/**
 * LVM's rule for a VG name (lvm(8) "Valid names"): letters, digits and + _ . -,
 * not starting with '-'. Anything else from a pool's XML is never handed to LVM.
 */
export function isVgName(vg: string): boolean {
  return /^[A-Za-z0-9+_.][A-Za-z0-9+_.-]{0,126}$/.test(vg) && vg !== '.' && vg !== '..';
}

export const lvmArgv = {
  vgs: (vg: string): string[] => ['vgs', ...REPORT, '-o', VGS_FIELDS.join(','), vg],
  /** Every PV (pvs takes PVs, not VGs, as arguments): parsePvs keeps the VG's. */
  pvs: (): string[] => ['pvs', ...REPORT, '-o', PVS_FIELDS.join(',')],
  lvs: (vg: string): string[] => ['lvs', ...REPORT, '-o', LVS_FIELDS.join(','), vg],
};

type Row = Record<string, string>;

/** The rows of one kind ("vg", "pv", "lv") of an LVM JSON report. */
export function lvmRows(json: string, kind: 'vg' | 'pv' | 'lv'): Row[] {
  const doc = JSON.parse(json) as { report?: Array<Record<string, unknown>> };
  if (!Array.isArray(doc.report)) throw new Error('not an LVM JSON report');
  return doc.report.flatMap((r) => (Array.isArray(r[kind]) ? (r[kind] as Row[]) : []));
}

/** An integer field ("" and malformed values: null). */
function int(v: string | undefined): number | null {
  if (v === undefined || !/^\d+$/.test(v.trim())) return null;
  return Number(v.trim());
}

/** A percentage field: "" when LVM does not know it (an inactive thin pool). */
function pct(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : null;
}

/** The VG of a vgs report, or null when the report does not list it. */
export function parseVg(json: string, vg: string): Omit<LvmUsage['vg'], 'pvs'> | null {
  const row = lvmRows(json, 'vg').find((r) => r['vg_name'] === vg);
  if (!row) return null;
  return {
    name: vg,
    sizeBytes: int(row['vg_size']) ?? 0,
    freeBytes: int(row['vg_free']) ?? 0,
    extentBytes: int(row['vg_extent_size']) ?? 0,
    extents: int(row['vg_extent_count']) ?? 0,
    freeExtents: int(row['vg_free_count']) ?? 0,
  };
}

export function parsePvs(json: string, vg: string): LvmUsage['vg']['pvs'] {
  return lvmRows(json, 'pv')
    .filter((r) => r['vg_name'] === vg)
    .map((r) => ({ path: r['pv_name'] ?? '', sizeBytes: int(r['pv_size']) ?? 0, freeBytes: int(r['pv_free']) ?? 0 }));
}

/**
 * The thin pools of an lvs report (lv_attr starting with 't'), each with its
 * thin volumes (attr 'V', pool_lv naming it) counted and their virtual sizes
 * summed, and its alert level (data or metadata, whichever is worse).
 */
export function parseThinPools(json: string): ThinPoolUsage[] {
  const rows = lvmRows(json, 'lv');
  return rows
    .filter((r) => (r['lv_attr'] ?? '').startsWith('t'))
    .map((r) => {
      const name = r['lv_name'] ?? '';
      const thins = rows.filter((v) => (v['lv_attr'] ?? '').startsWith('V') && v['pool_lv'] === name);
      const dataPercent = pct(r['data_percent']);
      const metadataPercent = pct(r['metadata_percent']);
      const alert = thinPoolAlert({ dataPercent, metadataPercent });
      return {
        name,
        sizeBytes: int(r['lv_size']) ?? 0,
        dataPercent,
        metadataPercent,
        metadataSizeBytes: int(r['lv_metadata_size']),
        volumes: thins.length,
        virtualBytes: thins.reduce((s, v) => s + (int(v['lv_size']) ?? 0), 0),
        // lv_attr's fifth character is the state: 'a' active.
        active: (r['lv_attr'] ?? '')[4] === 'a',
        level: alert?.level ?? null,
        levelPart: alert?.part ?? null,
      };
    });
}
