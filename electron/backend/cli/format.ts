// Human-readable CLI output in the user's language: aligned tables (by
// display width: a CJK character takes two columns), wrapped text, binary
// size units. Headings and words come from the catalogs; values that are data
// (names, paths, libvirt's states, numbers) print as they are.
import type { Inventory } from '../../../shared/contract/models.ts';
import { formatBytes } from '../../../shared/core/units.ts';
import type { CatalogLanguage } from '../../../shared/i18n/catalog.ts';
import { displayWidth } from '../libvirt/parse-text.ts';
import type { Msg } from '../../../shared/core/messages.ts';
import { cliText, sayText, type CliKey } from './text.ts';

export { displayWidth };

/** `s` padded with spaces to `width` columns (at the end, or with `start` at the start). */
export function pad(s: string, width: number, start = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return start ? fill + s : s + fill;
}

export function printTable(out: (s: string) => void, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  out(line(header) + '\n');
  for (const r of rows) out(line(r) + '\n');
}

// Wide characters and the punctuation that goes with them: a line may break between two of them,
// not inside a short bracketed or quoted word (（必需）, “取消”).
const WIDE = '\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6';
const CHUNK = new RegExp(`\\s*(?:[（“][^（）“”\\s]{1,4}[）”]|[${WIDE}]|[^\\s${WIDE}]+)`, 'g');
/** No line starts with these (closing punctuation) ... */
const NO_START = /^[，。、；：？！）」』”’》〉】,.;:?!)\]]/;
/** ... and none ends with these (opening punctuation). */
const NO_END = /[（「『“‘《〈【([]$/;

/**
 * Wraps `text` to `width` columns as commander wraps help, but also between
 * two wide characters (Chinese has no spaces to break at), never before
 * closing or after opening punctuation. Existing line breaks stay.
 */
export function wrapWide(text: string, width: number): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      const chunks: string[] = [];
      for (const c of line.match(CHUNK) ?? []) {
        const last = chunks[chunks.length - 1];
        if (last !== undefined && ((c === c.trimStart() && NO_START.test(c)) || NO_END.test(last))) chunks[chunks.length - 1] = last + c;
        else chunks.push(c);
      }
      const lines: string[] = [];
      let cur = '';
      for (const c of chunks) {
        if (cur && displayWidth(cur) + displayWidth(c) > width) {
          lines.push(cur);
          cur = c.trimStart();
        } else cur += c;
      }
      lines.push(cur);
      return lines.join('\n');
    })
    .join('\n');
}

/** Control characters are shown escaped so a hostile name cannot drive the terminal. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function printInventory(out: (s: string) => void, inv: Inventory & { warnings?: string[]; warningMsgs?: Msg[] }, lang: CatalogLanguage): void {
  const p = printable;
  const t = (key: CliKey, params?: Record<string, string | number>): string => cliText(lang, key, params);
  const cols = (...names: Array<Extract<CliKey, `cli.col.${string}`>>): string[] => names.map((k) => t(k));
  out(`${t('cli.inventory.heading', { host: p(inv.host), uri: inv.uri, ms: inv.durationMs })}\n\n`);
  out(`${t('cli.inventory.vms', { n: inv.domains.length })}\n`);
  printTable(
    out,
    cols('cli.col.name', 'cli.col.state', 'cli.col.vcpus', 'cli.col.memory', 'cli.col.disks'),
    inv.domains.map((d) => [p(d.name), d.state, String(d.vcpus), formatBytes(d.memoryKiB * 1024), String(d.disks.length)]),
  );
  out(`\n${t('cli.inventory.disks')}\n`);
  printTable(
    out,
    cols('cli.col.vm', 'cli.col.target', 'cli.col.bus', 'cli.col.device', 'cli.col.format', 'cli.col.capacity', 'cli.col.allocated', 'cli.col.source'),
    inv.domains.flatMap((d) =>
      d.disks.map((k) => [p(d.name), k.target, k.bus ?? '-', k.device, k.format ?? '-', formatBytes(k.capacity), formatBytes(k.allocation), p(k.sourceLabel)]),
    ),
  );
  out(`\n${t('cli.inventory.pools', { n: inv.pools.length })}\n`);
  printTable(
    out,
    cols('cli.col.name', 'cli.col.type', 'cli.col.state', 'cli.col.capacity', 'cli.col.allocated', 'cli.col.available', 'cli.col.volumes', 'cli.col.targetPath'),
    inv.pools.map((pl) => [p(pl.name), pl.type, t(pl.active ? 'cli.word.active' : 'cli.word.inactive'), formatBytes(pl.capacity), formatBytes(pl.allocation), formatBytes(pl.available), String(pl.volumes.length), p(pl.targetPath ?? '-')]),
  );
  out(`\n${t('cli.inventory.volumes')}\n`);
  printTable(
    out,
    cols('cli.col.pool', 'cli.col.name', 'cli.col.format', 'cli.col.capacity', 'cli.col.allocated', 'cli.col.backing', 'cli.col.path'),
    inv.pools.flatMap((pl) =>
      pl.volumes.map((v) => [p(pl.name), p(v.name), v.format ?? '-', formatBytes(v.capacity), formatBytes(v.allocation), p(v.backingChain[0]?.path ?? '-'), p(v.path)]),
    ),
  );
  (inv.warnings ?? []).forEach((w, i) => {
    const m = inv.warningMsgs?.[i];
    out(`${t('cli.prefix.warning', { text: p(m ? sayText(lang, m) : w) })}\n`);
  });
}
