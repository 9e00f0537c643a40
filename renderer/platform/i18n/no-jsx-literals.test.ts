// No user-visible text is written into the JSX: every word comes from the
// catalogs. Parses each .tsx file with the TypeScript compiler and reports JSX
// text with letters, string-literal children, and sentence-like string values
// of user-visible attributes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const rendererDir = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const VISIBLE_ATTRS = new Set(['title', 'placeholder', 'aria-label', 'alt', 'label', 'aria-description']);
const LETTER = /\p{L}/u;

function tsxFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) tsxFiles(p, out);
    else if (e.endsWith('.tsx')) out.push(p);
  }
  return out;
}

export function findLiterals(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (n: ts.Node) => `${path.basename(fileName)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node): void => {
    if (ts.isJsxText(n) && LETTER.test(n.text)) found.push(`${where(n)} text ${JSON.stringify(n.text.trim())}`);
    if (ts.isJsxExpression(n) && n.expression && (ts.isStringLiteral(n.expression) || ts.isNoSubstitutionTemplateLiteral(n.expression)) && LETTER.test(n.expression.text) && ts.isJsxElement(n.parent)) {
      found.push(`${where(n)} child ${JSON.stringify(n.expression.text)}`);
    }
    if (ts.isJsxAttribute(n) && VISIBLE_ATTRS.has(n.name.getText(sf)) && n.initializer && ts.isStringLiteral(n.initializer)) {
      // Technical examples ("qemu:///system", "~/.ssh/id_ed25519") are allowed; words are not.
      const v = n.initializer.text;
      if (LETTER.test(v) && /\s/.test(v.trim())) found.push(`${where(n)} ${n.name.getText(sf)}=${JSON.stringify(v)}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

test('the scanner catches literal text (self-check)', () => {
  const bad = `const A = () => <div title="Some words">Hello <b>{'there'}</b></div>;`;
  assert.equal(findLiterals('x.tsx', bad).length, 3);
  const good = `const A = ({ t }: any) => <div title={t('a')} placeholder="qemu:///system">{t('b')} <span className="x" /></div>;`;
  assert.deepEqual(findLiterals('x.tsx', good), []);
});

test('no .tsx file under renderer/ contains JSX text with letters', () => {
  const files = tsxFiles(rendererDir);
  assert.ok(files.length > 10, 'expected the renderer sources');
  const found = files.flatMap((f) => findLiterals(f, readFileSync(f, 'utf8')));
  assert.deepEqual(found, [], `hard-coded UI text:\n${found.join('\n')}`);
});
