// Human-readable CLI output: aligned tables with binary size units.
import type { Inventory } from '../../../shared/contract/models.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import { displayWidth } from '../libvirt/parse-text.ts';

export function printTable(out: (s: string) => void, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - displayWidth(c))))
      .join('  ')
      .trimEnd();
  out(line(header) + '\n');
  for (const r of rows) out(line(r) + '\n');
}

/** Control characters are shown escaped so a hostile name cannot drive the terminal. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function printInventory(out: (s: string) => void, inv: Inventory & { warnings?: string[] }): void {
  const p = printable;
  out(`Host ${p(inv.host)} (${inv.uri}), loaded in ${inv.durationMs} ms\n\n`);
  out(`Virtual machines (${inv.domains.length})\n`);
  printTable(
    out,
    ['NAME', 'STATE', 'VCPUS', 'MEMORY', 'DISKS'],
    inv.domains.map((d) => [p(d.name), d.state, String(d.vcpus), formatBytes(d.memoryKiB * 1024), String(d.disks.length)]),
  );
  out(`\nDisks\n`);
  printTable(
    out,
    ['VM', 'TARGET', 'BUS', 'DEVICE', 'FORMAT', 'CAPACITY', 'ALLOCATED', 'SOURCE'],
    inv.domains.flatMap((d) =>
      d.disks.map((k) => [p(d.name), k.target, k.bus ?? '-', k.device, k.format ?? '-', formatBytes(k.capacity), formatBytes(k.allocation), p(k.sourceLabel)]),
    ),
  );
  out(`\nStorage pools (${inv.pools.length})\n`);
  printTable(
    out,
    ['NAME', 'TYPE', 'STATE', 'CAPACITY', 'ALLOCATED', 'AVAILABLE', 'VOLUMES', 'TARGET'],
    inv.pools.map((pl) => [p(pl.name), pl.type, pl.active ? 'active' : 'inactive', formatBytes(pl.capacity), formatBytes(pl.allocation), formatBytes(pl.available), String(pl.volumes.length), p(pl.targetPath ?? '-')]),
  );
  out(`\nVolumes\n`);
  printTable(
    out,
    ['POOL', 'NAME', 'FORMAT', 'CAPACITY', 'ALLOCATED', 'BACKING', 'PATH'],
    inv.pools.flatMap((pl) =>
      pl.volumes.map((v) => [p(pl.name), p(v.name), v.format ?? '-', formatBytes(v.capacity), formatBytes(v.allocation), p(v.backingChain[0]?.path ?? '-'), p(v.path)]),
    ),
  );
  for (const w of inv.warnings ?? []) out(`warning: ${p(w)}\n`);
}
