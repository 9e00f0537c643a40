// The saved-vs-live diff: numbered lines, changes kept with context, the rest folded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { diffStats, diskSections, foldUnchanged, lineDiff } from './xml-diff.ts';

/** A domain's XML from testdata/ (as dumpxml prints it, without the last newline). */
const fixture = (name: string): string => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8').replace(/\n$/, '');

const saved = ['<domain>', '  <name>vm</name>', ...Array.from({ length: 10 }, (_, i) => `  <x n="${i}"/>`), '  <disk dev="vda"/>', '</domain>', ''].join('\n');
const live = ['<domain>', '  <name>vm</name>', ...Array.from({ length: 10 }, (_, i) => `  <x n="${i}"/>`), '  <disk dev="vda"/>', '  <disk dev="vdc"/>', '</domain>', ''].join('\n');

test('lineDiff numbers both sides and marks the added line', () => {
  const lines = lineDiff(saved, live);
  assert.deepEqual(diffStats(lines), { added: 1, removed: 0 });
  const add = lines.find((l) => l.kind === 'add');
  assert.deepEqual(add, { kind: 'add', text: '  <disk dev="vdc"/>', newNo: 14 });
  assert.equal(lines[lines.length - 1]?.oldNo, 14);
  assert.equal(lines[lines.length - 1]?.newNo, 15);
});

test('foldUnchanged keeps three lines of context and folds the rest', () => {
  const blocks = foldUnchanged(lineDiff(saved, live));
  assert.deepEqual(
    blocks.map((b) => [b.kind, b.lines.length]),
    [
      ['fold', 10],
      ['lines', 5],
    ],
  );
  assert.deepEqual(foldUnchanged(lineDiff(saved, saved)).map((b) => b.kind), ['fold']);
});

test('diskSections keeps the disks and drops what only a running VM reports', () => {
  const live = fixture('running-domain.xml');
  const saved = fixture('saved-domain.xml');
  const d = lineDiff(diskSections(saved), diskSections(live));
  assert.deepEqual(
    d.filter((l) => l.kind !== 'same').map((l) => `${l.kind} ${l.text}`),
    ["add <disk type='file' device='disk'>", "add   <source file='/p/data.raw'/>", "add   <target dev='vdc' bus='virtio'/>", 'add </disk>'],
  );
});
