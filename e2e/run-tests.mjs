#!/usr/bin/env node
// `npm test`: every unit test (*.test.ts beside the code) and every
// integration test (e2e/integration) in one run of node's test runner.
// Integration tests need the test bed (e2e/testbed/setup.sh); without it they
// skip loudly, and under CI=true they fail.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const dirs = ['shared', 'electron', 'renderer', 'e2e/integration'];

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
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files.map((f) => relative(root, f))],
  { cwd: root, stdio: 'inherit', env: process.env },
);
process.exit(r.status ?? 1);
