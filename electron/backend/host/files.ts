// Looking at files on a host for the wizards: a directory listing (to pick an
// image, an ISO or a block device) and qemu-img info of one file (its format).
// Both are one command each, with the path as its own argument.
import path from 'node:path';
import { describeChar, quoteText } from '../../../shared/characters.ts';
import { SpindleError } from '../../../shared/errors.ts';
import type { BrowseResult, ImageInfo } from '../../../shared/ops.ts';
import type { Runner } from '../transport/runner.ts';
import { checkResult } from '../transport/command-errors.ts';

/** More than this many entries are cut (the listing says so). */
export const BROWSE_LIMIT = 2000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

/** An absolute host path without control characters (they break listings and libvirt's XML), normalised. */
export function checkHostPath(p: string, field = 'source'): string {
  if (!p.startsWith('/')) throw new SpindleError('INVALID_ARGUMENT', `${quoteText(p)} is not an absolute path.`, 'Give the full path on the host, starting with "/".', { field });
  const bad = [...p].find((c) => CONTROL.test(c));
  if (bad) {
    throw new SpindleError(
      'INVALID_ARGUMENT',
      `The path ${quoteText(p)} contains ${describeChar(bad)}: Spindle does not pass host paths with control characters.`,
      'Rename the file (or folder) without tabs or line breaks, or pick it in the file browser.',
      { field },
    );
  }
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
    if (/No such file/.test(why)) throw new SpindleError('INVALID_ARGUMENT', `${p} does not exist on ${runner.label}.`, 'Pick another folder.');
    if (/Not a directory/.test(why)) throw new SpindleError('INVALID_ARGUMENT', `${p} is not a folder.`, 'Pick a folder.');
    if (/Permission denied/.test(why)) throw new SpindleError('PERMISSION_DENIED', `${runner.label} does not let this user read ${p}.`, 'Enable "Use sudo" for this host, or pick a folder the user can read.');
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
    if (/No such file/.test(why)) throw new SpindleError('INVALID_ARGUMENT', `${p} does not exist on ${runner.label}.`, 'Pick an existing file.');
    if (/Permission denied/.test(why)) throw new SpindleError('PERMISSION_DENIED', `${runner.label} does not let this user read ${p}.`, 'Enable "Use sudo" for this host.');
    checkResult(r, 'qemu-img', runner.label);
  }
  return parseImageInfo(r.stdout, p);
}

/** readlink -f: where a path leads on the host, its symbolic links followed; null when more than its last part is missing. */
export async function resolveHostPath(runner: Runner, sudo: boolean, p: string): Promise<string | null> {
  const r = await runner.run(['readlink', '-f', '--', p], { sudo, timeoutMs: 10_000 });
  const out = r.stdout.replace(/\n$/, '');
  return r.code === 0 && out.startsWith('/') ? out : null;
}
