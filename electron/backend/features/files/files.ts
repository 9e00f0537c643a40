// Looking at files on a host for the wizards: a directory listing (to pick an
// image, an ISO or a block device) and qemu-img info of one file (its format).
// Both are one command each, with the path as its own argument.
import path from 'node:path';
import { charMsg, quoteText } from '../../../../shared/core/characters.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { BrowseResult, ImageInfo } from '../../../../shared/contract/features/files.ts';
import type { Runner } from '../../transport/runner.ts';
import { checkResult } from '../../transport/command-errors.ts';

/** More than this many entries are cut (the listing says so). */
export const BROWSE_LIMIT = 2000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

/** An absolute host path without control characters (they break listings and libvirt's XML), normalised. */
export function checkHostPath(p: string, field = 'source'): string {
  if (!p.startsWith('/')) throw SpindleError.of('INVALID_ARGUMENT', 'files.path.notAbsolute', { path: quoteText(p) }, field);
  const bad = [...p].find((c) => CONTROL.test(c));
  if (bad) throw SpindleError.of('INVALID_ARGUMENT', 'files.path.controlChar', { path: quoteText(p), char: charMsg(bad) }, field);
  return path.posix.normalize(p);
}

const KINDS: Record<string, BrowseResult['entries'][number]['kind']> = { d: 'dir', f: 'file', b: 'block' };

/** Parses `find -printf '%Y\t%s\t%l\t%f\0'` (type after links, size, link target, name). */
export function parseFindListing(out: string, limit = BROWSE_LIMIT): { entries: BrowseResult['entries']; truncated: boolean } {
  const records = out.split('\0').filter(Boolean);
  const entries: BrowseResult['entries'] = [];
  for (const r of records.slice(0, limit)) {
    const parts = r.split('\t');
    if (parts.length < 4) continue;
    const [type = '', size = '0', target = ''] = parts;
    const name = parts.slice(3).join('\t');
    const e: BrowseResult['entries'][number] = { name, kind: KINDS[type] ?? (type === 'L' || type === 'N' ? 'link' : 'other'), size: Number(size) || 0 };
    if (target) e.target = target;
    entries.push(e);
  }
  const rank = (k: string): number => (k === 'dir' ? 0 : 1);
  entries.sort((a, b) => rank(a.kind) - rank(b.kind) || a.name.localeCompare(b.name));
  return { entries, truncated: records.length > limit };
}

export async function browse(runner: Runner, sudo: boolean, dir: string): Promise<BrowseResult> {
  const p = checkHostPath(dir, 'path');
  const r = await runner.run(['find', p, '-mindepth', '1', '-maxdepth', '1', '-printf', '%Y\\t%s\\t%l\\t%f\\0'], { sudo, timeoutMs: 30_000 });
  if (r.code !== 0 && !r.stdout) {
    const why = r.stderr.trim().split('\n')[0] ?? '';
    const at = { path: p, host: runner.label };
    if (/No such file/.test(why)) throw SpindleError.of('INVALID_ARGUMENT', 'files.browse.missing', at, 'path');
    if (/Not a directory/.test(why)) throw SpindleError.of('INVALID_ARGUMENT', 'files.browse.notFolder', at, 'path');
    if (/Permission denied/.test(why)) throw SpindleError.of('PERMISSION_DENIED', 'files.browse.denied', at, 'path');
    checkResult(r, 'find', runner.label);
  }
  const { entries, truncated } = parseFindListing(r.stdout);
  return { path: p, parent: p === '/' ? null : path.posix.dirname(p), entries, truncated };
}

export function parseImageInfo(json: string, file: string): ImageInfo {
  const j = JSON.parse(json) as Record<string, unknown>;
  const info: ImageInfo = {
    path: file,
    format: String(j['format'] ?? 'raw'),
    virtualSize: Number(j['virtual-size'] ?? 0),
    encrypted: j['encrypted'] === true || (j['format-specific'] as { data?: { encrypt?: unknown } } | undefined)?.data?.encrypt !== undefined,
  };
  if (typeof j['actual-size'] === 'number') info.actualSize = j['actual-size'];
  const backing = j['full-backing-filename'] ?? j['backing-filename'];
  if (typeof backing === 'string') info.backingFile = backing;
  return info;
}

export async function imageInfo(runner: Runner, sudo: boolean, file: string): Promise<ImageInfo> {
  const p = checkHostPath(file);
  // -U: read the header even while a running VM holds the image's lock.
  const r = await runner.run(['qemu-img', 'info', '--output=json', '-U', p], { sudo, timeoutMs: 30_000 });
  if (r.code !== 0) {
    const why = r.stderr.trim().split('\n').pop() ?? '';
    const at = { path: p, host: runner.label };
    if (/No such file/.test(why)) throw SpindleError.of('INVALID_ARGUMENT', 'files.image.missing', at, 'path');
    if (/Permission denied/.test(why)) throw SpindleError.of('PERMISSION_DENIED', 'files.image.denied', at, 'path');
    checkResult(r, 'qemu-img', runner.label);
  }
  return parseImageInfo(r.stdout, p);
}

/** What a host path is, its symbolic links followed. */
export type HostPathKind = 'file' | 'dir' | 'block' | 'char' | 'other';

export interface HostPathFacts {
  path: string;
  /** missing: it does not exist; unknown: this user may not look (no sudo, a closed folder on the way). */
  kind: HostPathKind | 'missing' | 'unknown';
  /** For a missing path: the first part of it that does not exist (/nonexistent for /nonexistent/x.img). */
  firstMissing?: string;
  /** Folders above it that other users may not enter (no o+x). */
  closedDirs: Array<{ dir: string; mode: string; owner: string; group: string }>;
}

const S_IFMT = 0o170000;
const TYPES: Record<number, HostPathKind> = { 0o100000: 'file', 0o040000: 'dir', 0o060000: 'block', 0o020000: 'char' };

/** "/", "/a", "/a/b" ... up to the path itself. */
function prefixes(p: string): string[] {
  const parts = p.split('/').filter(Boolean);
  return ['/', ...parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}`)];
}

/** Parses `stat -L --printf '%f\t%U\t%G\t%n\0'`: raw mode (hex), owner, group, name. */
export function parseStatRecords(out: string): Map<string, { mode: number; owner: string; group: string }> {
  const map = new Map<string, { mode: number; owner: string; group: string }>();
  for (const r of out.split('\0').filter(Boolean)) {
    const [mode = '', owner = '', group = '', ...name] = r.split('\t');
    map.set(name.join('\t'), { mode: Number.parseInt(mode, 16), owner, group });
  }
  return map;
}

/** Folder owners that are QEMU's own account (Debian/Ubuntu, Fedora/RHEL) or its group. */
const QEMU_ACCOUNTS = new Set(['libvirt-qemu', 'qemu', 'kvm']);

/** Whether QEMU's unprivileged user can enter a folder: others may, or it is QEMU's by owner or group. */
function qemuCanEnter(st: { mode: number; owner: string; group: string }): boolean {
  if (st.mode & 0o001) return true;
  return (QEMU_ACCOUNTS.has(st.owner) && (st.mode & 0o100) !== 0) || (QEMU_ACCOUNTS.has(st.group) && (st.mode & 0o010) !== 0);
}

/** The facts about a path from one stat of it and of every folder above it (stat carries on past a missing one). */
export function pathFacts(p: string, statOut: string, statErr: string): HostPathFacts {
  const all = prefixes(p);
  const seen = parseStatRecords(statOut);
  const closedDirs = all
    .slice(0, -1)
    .flatMap((dir) => {
      const st = seen.get(dir);
      return st && !qemuCanEnter(st) ? [{ dir, mode: (st.mode & 0o7777).toString(8).padStart(4, '0'), owner: st.owner, group: st.group }] : [];
    });
  const me = seen.get(p);
  if (me) return { path: p, kind: TYPES[me.mode & S_IFMT] ?? 'other', closedDirs };
  if (/Permission denied/.test(statErr)) return { path: p, kind: 'unknown', closedDirs };
  const firstMissing = all.find((x) => !seen.has(x));
  return { path: p, kind: 'missing', ...(firstMissing ? { firstMissing } : {}), closedDirs };
}

/**
 * One round trip: what the path is and whether QEMU can reach it. `stat -L`
 * follows links; it is given the path and every folder above it, and reports
 * each it can (a missing one only on stderr).
 */
export async function hostPathFacts(runner: Runner, sudo: boolean, file: string): Promise<HostPathFacts> {
  const p = checkHostPath(file);
  const r = await runner.run(['stat', '-L', '--printf', '%f\\t%U\\t%G\\t%n\\0', '--', ...prefixes(p)], { sudo, timeoutMs: 30_000 });
  if (r.code !== 0 && !r.stdout && !/No such file|Not a directory|Permission denied/.test(r.stderr)) checkResult(r, 'stat', runner.label);
  return pathFacts(p, r.stdout, r.stderr);
}

/** readlink -f: where a path leads on the host, its symbolic links followed; null when more than its last part is missing. */
export async function resolveHostPath(runner: Runner, sudo: boolean, p: string): Promise<string | null> {
  const r = await runner.run(['readlink', '-f', '--', p], { sudo, timeoutMs: 10_000 });
  const out = r.stdout.replace(/\n$/, '');
  return r.code === 0 && out.startsWith('/') ? out : null;
}
