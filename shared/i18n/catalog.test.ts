// The backend's message catalogs: both languages carry the same keys (plural
// forms aside), none empty, every {{param}} of an English text appears in the
// Chinese one, and every key the code names exists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { hasMessage, renderMsg } from '../core/messages.ts';
import { CATALOGS } from './catalog.ts';

type Tree = { [k: string]: string | Tree };
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

function leaves(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');
const en = leaves(CATALOGS.en as Tree);
const zh = leaves(CATALOGS['zh-CN'] as Tree);

test('both languages carry the same messages, none empty', () => {
  const enBase = new Set([...en.keys()].map(base));
  const zhBase = new Set([...zh.keys()].map(base));
  assert.deepEqual([...enBase].filter((k) => !zhBase.has(k)), [], 'missing in zh-CN');
  assert.deepEqual([...zhBase].filter((k) => !enBase.has(k)), [], 'only in zh-CN');
  for (const [k, v] of [...en, ...zh]) assert.ok(v.trim() !== '', `${k} is empty`);
});

test('every parameter of an English message is used by its Chinese text', () => {
  const params = (s: string) => new Set([...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]));
  for (const [k, v] of en) {
    const z = zh.get(k) ?? zh.get(`${base(k)}_other`);
    if (z === undefined) continue;
    for (const p of params(v)) if (p !== 'count') assert.ok(params(z).has(p), `${k}: zh-CN does not use {{${p}}}`);
  }
});

function sources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    if (e === 'node_modules' || e === 'dist') continue;
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.tsx?$/.test(e) && !/\.test\.tsx?$/.test(e)) out.push(p);
  }
  return out;
}

test('every message key named in the code exists', () => {
  const missing: string[] = [];
  // A key is a dotted lower-case path; the error code (a literal or a variable) comes first in SpindleError.of.
  const uses = /\b(?:msg|SpindleError\.of)\(\s*(?:[\w.']+,\s*)?'([a-z]\w*\.[\w.]+)'/g;
  for (const f of [...sources(path.join(root, 'electron')), ...sources(path.join(root, 'shared'))]) {
    for (const m of readFileSync(f, 'utf8').matchAll(uses)) if (!hasMessage(m[1] ?? '')) missing.push(`${path.relative(root, f)}: ${m[1]}`);
  }
  assert.deepEqual(missing, []);
});

test('rendering: parameters, nested messages, plurals and the Chinese text', () => {
  assert.equal(renderMsg({ key: 'core.unknownField', params: { field: 'x' } }), 'Spindle does not know the field x.');
  assert.equal(renderMsg({ key: 'core.unknownField', params: { field: 'x' } }, 'zh-CN'), 'Spindle 不认识字段 x。');
});
