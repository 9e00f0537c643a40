// Line diff of a VM's saved and live XML (jsdiff), with long unchanged
// stretches folded away around the changes, as a unified diff does.
import { diffLines } from 'diff';

export interface DiffLine {
  kind: 'same' | 'add' | 'del';
  text: string;
  /** Line number in the saved (old) and the live (new) text. */
  oldNo?: number;
  newNo?: number;
}

export type DiffBlock = { kind: 'lines'; lines: DiffLine[] } | { kind: 'fold'; lines: DiffLine[] };

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function lineDiff(oldText: string, newText: string): DiffLine[] {
  const out: DiffLine[] = [];
  let o = 1;
  let n = 1;
  for (const part of diffLines(oldText, newText)) {
    for (const text of splitLines(part.value)) {
      if (part.added) out.push({ kind: 'add', text, newNo: n++ });
      else if (part.removed) out.push({ kind: 'del', text, oldNo: o++ });
      else out.push({ kind: 'same', text, oldNo: o++, newNo: n++ });
    }
  }
  return out;
}

/** Keeps `context` unchanged lines around each change; longer unchanged runs become folds. */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): DiffBlock[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, i) => {
    if (l.kind === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep[j] = true;
  });
  const blocks: DiffBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const kept = keep[i] ?? false;
    const run: DiffLine[] = [];
    while (i < lines.length && (keep[i] ?? false) === kept) run.push(lines[i++] as DiffLine);
    blocks.push({ kind: kept ? 'lines' : 'fold', lines: run });
  }
  return blocks;
}

export function diffStats(lines: readonly DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of lines) {
    if (l.kind === 'add') added++;
    else if (l.kind === 'del') removed++;
  }
  return { added, removed };
}

/**
 * The <disk> elements of a domain XML, without what only the running VM
 * reports (alias, the resolved backing chain, index attributes): the part
 * a pending disk change is about, comparable between live and saved XML.
 * libvirt writes one element per line, so lines are enough.
 */
export function diskSections(xml: string): string {
  const out: string[] = [];
  const lines = xml.split('\n');
  let inDisk = false;
  let skipDepth = 0;
  for (const raw of lines) {
    const line = raw.replace(/\s+index='\d+'/g, '');
    if (!inDisk) {
      if (/^\s*<disk\b/.test(line)) {
        inDisk = true;
        out.push(line);
        if (/\/>\s*$/.test(line)) inDisk = false;
      }
      continue;
    }
    if (skipDepth > 0) {
      if (/^\s*<backingStore\b/.test(line) && !/\/>\s*$/.test(line)) skipDepth++;
      else if (/^\s*<\/backingStore>/.test(line)) skipDepth--;
      continue;
    }
    if (/^\s*<alias\b/.test(line)) continue;
    if (/^\s*<backingStore\b/.test(line)) {
      if (!/\/>\s*$/.test(line)) skipDepth = 1;
      continue;
    }
    out.push(line);
    if (/^\s*<\/disk>/.test(line)) inDisk = false;
  }
  const indent = Math.min(...out.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)?.[0].length ?? 0));
  return out.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + (out.length ? '\n' : '');
}
