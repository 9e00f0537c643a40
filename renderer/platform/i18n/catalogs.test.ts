// The two message catalogs must carry exactly the same keys, none empty, and
// every key the code asks for must exist.
import { mergeCatalogs } from './merge.ts';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const here = path.dirname(new URL(import.meta.url).pathname);
const rendererDir = path.resolve(here, '..', '..');

type Catalog = { [k: string]: string | Catalog };

function load(name: string): Catalog {
  return JSON.parse(readFileSync(path.join(here, name), 'utf8')) as Catalog;
}

/** This folder's catalog merged with every feature's fragment (renderer/features/<name>/i18n/). */
function loadAll(lang: string): Catalog {
  const featuresDir = path.join(rendererDir, 'features');
  const parts = readdirSync(featuresDir)
    .map((f) => path.join(featuresDir, f, 'i18n', `${lang}.json`))
    .filter((p) => { try { return statSync(p).isFile(); } catch { return false; } })
    .map((p) => JSON.parse(readFileSync(p, 'utf8')) as Catalog);
  return mergeCatalogs([load(`${lang}.json`), ...parts]) as Catalog;
}

/** "a.b.c" -> value, for every leaf. */
function flatten(c: Catalog, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

const en = flatten(loadAll('en'));
const zh = flatten(loadAll('zh-CN'));

test('en and zh-CN have exactly the same keys', () => {
  const onlyEn = [...en.keys()].filter((k) => !zh.has(k));
  const onlyZh = [...zh.keys()].filter((k) => !en.has(k));
  assert.deepEqual(onlyEn, [], `keys missing from zh-CN.json: ${onlyEn.join(', ')}`);
  assert.deepEqual(onlyZh, [], `keys missing from en.json: ${onlyZh.join(', ')}`);
});

test('no catalog value is empty or not a string', () => {
  for (const [name, cat] of [
    ['en', en],
    ['zh-CN', zh],
  ] as const) {
    for (const [k, v] of cat) {
      assert.equal(typeof v, 'string', `${name}: ${k} is not a string`);
      assert.ok((v as string).trim().length > 0, `${name}: ${k} is empty`);
    }
  }
});

test('both catalogs use the same interpolation variables per key', () => {
  const vars = (s: unknown) => [...String(s).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
  for (const [k, v] of en) assert.deepEqual(vars(zh.get(k)), vars(v), `variables differ for ${k}`);
});

test('the zh-CN catalog is translated (CJK text in most entries)', () => {
  const cjk = [...zh.values()].filter((v) => /[\u4e00-\u9fff]/.test(String(v))).length;
  assert.ok(cjk / zh.size > 0.8, `only ${cjk} of ${zh.size} zh-CN entries contain Chinese`);
});

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|tsx)$/.test(e) && !e.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

test('every literal key used in the code exists in the catalog', () => {
  const has = (k: string) => en.has(k) || en.has(`${k}_one`) || en.has(`${k}_other`);
  const missing: string[] = [];
  const keyProps = '(?:labelKey|titleKey|emptyKey|kindKey|failedKey|loadingKey|actionsKey|closeKey)';
  const patterns = [
    /\bt\(\s*'([\w.-]+)'/g,
    new RegExp(`\\b${keyProps}(?:=|:\\s*)\\{?\\s*['"]([\\w.-]+)['"]`, 'g'),
    /\b(?:notify|notifyError)\(\s*'([\w.-]+)'/g,
  ];
  /** A table's headings: the keys in a `...COLUMNS = [...]` list (TableHead). */
  const columnKeys = (text: string) => [...text.matchAll(/^const \w*COLUMNS\b[^=]*=(.*)$/gm)].flatMap((m) => [...(m[1] ?? '').matchAll(/'([\w-]+\.[\w.-]+)'/g)].map((k) => k[1] ?? ''));
  for (const file of sourceFiles(rendererDir)) {
    const text = readFileSync(file, 'utf8');
    const keys = [...patterns.flatMap((re) => [...text.matchAll(re)].map((m) => m[1] ?? '')), ...columnKeys(text)];
    for (const key of keys) {
      if (key.includes('.') && !has(key)) missing.push(`${path.relative(rendererDir, file)}: ${key}`);
    }
  }
  assert.deepEqual(missing, []);
});
