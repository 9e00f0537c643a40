#!/usr/bin/env node
// `npm test`: every unit test (*.test.ts beside the code) and every
// integration test (e2e/integration) in one run of node's test runner.
// Integration tests need the test bed (e2e/testbed/setup.sh); without it they
// skip loudly, and under CI=true they fail.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawn } from 'node:child_process';

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
// Human-readable spec output, passed through to the terminal and read here for
// the summary line (a TAP file loses its totals when files are force-exited).
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    // A handle left open after a file's last test (a child process, a timer) must not hang the
    // whole run until CI's limit, as a virsh left behind did once: each file ends when its tests do.
    '--test-force-exit',
    // A test that hangs fails under its own name after 10 minutes instead of stalling the run.
    '--test-timeout=600000',
    '--test-reporter=spec',
    ...files.map((f) => relative(root, f)),
  ],
  { cwd: root, stdio: ['inherit', 'pipe', 'inherit'], env: process.env },
);
// The totals ("ℹ pass 468") come before the list of failing tests, which can be
// long: each total is read as its line goes by, and the last one seen wins.
const totals = {};
let partial = '';
child.stdout.setEncoding('utf8'); // a character split between chunks stays whole
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (partial + chunk).split('\n');
  partial = lines.pop() ?? '';
  for (const line of lines) {
    const m = /^\S* ?(pass|fail|cancelled|skipped) (\d+)$/.exec(line);
    if (m) totals[m[1]] = Number(m[2]);
  }
});
const status = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
const count = (k) => totals[k] ?? 0;
const skipped = count('skipped');
if (skipped > 0) console.log(`\n*** ${skipped} test(s) SKIPPED: see the messages marked *** above (TEST BED MISSING, ELECTRON BINARY NOT AVAILABLE) ***`);
console.log(`\n${count('pass')} passed, ${count('fail') + count('cancelled')} failed, ${skipped} skipped`);
process.exit(status);
