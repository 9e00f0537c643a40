// Parsers for the few non-XML virsh outputs Spindle reads: `--name` lists,
// `domstats` key=value blocks and the `vol-list` table (virsh has no
// machine-readable volume list).

/** `list --name` / `pool-list --name`: one name per line, padded with spaces. */
export function parseNameList(out: string): string[] {
  return out
    .split('\n')
    .map((l) => l.replace(/ +$/, ''))
    .filter((l) => l.length > 0);
}

export type DomStats = Map<string, Map<string, string>>;

/** `domstats`: "Domain: 'name'" headers followed by "  key=value" lines. */
export function parseDomStats(out: string): DomStats {
  const result: DomStats = new Map();
  let cur: Map<string, string> | null = null;
  for (const line of out.split('\n')) {
    const head = /^Domain: '(.*)'\s*$/.exec(line);
    if (head) {
      cur = new Map();
      result.set(head[1] ?? '', cur);
      continue;
    }
    const kv = /^\s+([^=\s]+)=(.*)$/.exec(line);
    if (kv && cur) cur.set(kv[1] ?? '', kv[2] ?? '');
  }
  return result;
}

export interface BlockStat {
  name: string;
  path?: string;
  capacity?: number;
  allocation?: number;
  physical?: number;
}

/** The block.N.* entries of one domain, keyed by target name (N shifts on hotplug). */
export function blockStatsByTarget(stats: Map<string, string>): Map<string, BlockStat> {
  const out = new Map<string, BlockStat>();
  const count = Number(stats.get('block.count') ?? 0);
  for (let i = 0; i < count; i++) {
    const name = stats.get(`block.${i}.name`);
    if (!name) continue;
    // With --backing, backing images repeat the name; keep the top image.
    if (out.has(name) && stats.get(`block.${i}.backingIndex`) !== undefined && out.get(name)) continue;
    const num = (k: string): number | undefined => {
      const v = stats.get(`block.${i}.${k}`);
      return v === undefined ? undefined : Number(v);
    };
    const b: BlockStat = { name };
    const path = stats.get(`block.${i}.path`);
    if (path !== undefined) b.path = path;
    const cap = num('capacity');
    const alloc = num('allocation');
    const phys = num('physical');
    if (cap !== undefined) b.capacity = cap;
    if (alloc !== undefined) b.allocation = alloc;
    if (phys !== undefined) b.physical = phys;
    out.set(name, b);
  }
  return out;
}

/**
 * Terminal display width of a string, as virsh's table code (wcswidth) counts
 * it: East Asian wide and fullwidth characters take two columns, combining
 * marks none.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp === 0) continue;
    if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(ch)) continue;
    if (
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x1f300 && cp <= 0x1f64f) ||
      (cp >= 0x1f680 && cp <= 0x1f6ff) ||
      (cp >= 0x1f900 && cp <= 0x1f9ff) ||
      (cp >= 0x1fa70 && cp <= 0x1faff) ||
      (cp >= 0x20000 && cp <= 0x3fffd)
    ) {
      w += 2;
    } else {
      w += 1;
    }
  }
  return w;
}

/**
 * virsh tables print unprintable bytes as \xHH and, to stay reversible, a
 * literal "\x" as "\x5cx"; decoding every \xHH run restores the exact name.
 */
export function unescapeVirshTable(s: string): string {
  return s.replace(/(?:\\x[0-9a-fA-F]{2})+/g, (run) => {
    const bytes = run.split('\\x').slice(1).map((h) => parseInt(h, 16));
    return Buffer.from(bytes).toString('utf8');
  });
}

/**
 * `vol-list --pool P`: a table " Name  Path" whose columns are padded by
 * display width. For pools whose volumes are files in the target directory
 * (dir, fs, netfs) the path column is found by its known prefix and the name
 * is the path's last part, exact whatever its characters. Otherwise names are
 * cut at the display column where "Path" starts. Trailing spaces of a name
 * cannot be told from padding; Spindle refuses to create such names.
 */
export function parseVolList(out: string, targetDir?: string): Array<{ name: string; path: string }> {
  const lines = out.split('\n');
  const headerIdx = lines.findIndex((l) => /^\s*Name\s+Path\s*$/.test(l));
  if (headerIdx < 0) return [];
  const header = lines[headerIdx] ?? '';
  const pathCol = header.indexOf('Path');
  const rows: Array<{ name: string; path: string }> = [];
  const prefix = targetDir ? ` ${targetDir.replace(/\/+$/, '')}/` : null;
  for (const line of lines.slice(headerIdx + 2)) {
    if (!line.trim()) continue;
    if (prefix) {
      const at = line.indexOf(prefix, 1);
      if (at > 0) {
        const path = line.slice(at + 1).replace(/ +$/, '');
        const name = path.slice(prefix.length - 1);
        if (name && !name.includes('/') && line.startsWith(` ${name}`)) {
          rows.push({ name: unescapeVirshTable(name), path: unescapeVirshTable(path) });
          continue;
        }
      }
    }
    let col = 0;
    let cut = line.length;
    let i = 0;
    for (const ch of line) {
      if (col >= pathCol) {
        cut = i;
        break;
      }
      col += displayWidth(ch);
      i += ch.length;
    }
    const name = line.slice(0, cut).replace(/^ /, '').replace(/ +$/, '');
    const path = line.slice(cut).replace(/ +$/, '');
    if (name) rows.push({ name: unescapeVirshTable(name), path: unescapeVirshTable(path) });
  }
  return rows;
}
