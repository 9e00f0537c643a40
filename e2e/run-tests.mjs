#!/usr/bin/env node
// `npm test`: every unit test (*.test.ts beside the code) and every
// integration test (e2e/integration) in one run of node's test runner.
// Integration tests need the test bed (e2e/testbed/setup.sh); without it they
// skip loudly, and under CI=true they fail.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const dirs = ['shared', 'electron', 'renderer', 'e2e/integration', 'e2e/ui', 'e2e/electron'];

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e === 'node_modules') continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.test\.tsx?$/.test(e)) out.push(p);
  }
  return out;
}

let files = dirs.flatMap((d) => walk(join(root, d), [])).sort();
if (only.length) files = files.filter((f) => only.some((o) => relative(root, f).includes(o)));
if (files.length === 0) {
  console.error('run-tests: no test files matched');
  process.exit(1);
}
// Human-readable spec output on the terminal, TAP to a file for the summary line.
const tapDir = mkdtempSync(join(tmpdir(), 'spindle-tap-'));
const tapFile = join(tapDir, 'results.tap');
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files.map((f) => relative(root, f)),
  ],
  { cwd: root, stdio: 'inherit', env: process.env },
);
let tap = '';
try {
  tap = readFileSync(tapFile, 'utf8');
} catch {
  /* the runner died before writing */
}
rmSync(tapDir, { recursive: true, force: true });
const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
const skipped = count('skipped');
if (skipped > 0) console.log(`\n*** ${skipped} test(s) SKIPPED: see the messages marked *** above (TEST BED MISSING, ELECTRON BINARY NOT AVAILABLE) ***`);
console.log(`\n${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${skipped} skipped`);
process.exit(r.status ?? 1);
