#!/usr/bin/env node
// Entry of the `spindle` command: runs the built CLI, dist/cli/spindle.mjs (an
// esbuild bundle: no TypeScript is compiled at run time). What runs is always
// the code of this checkout: a bundle that is missing or older than any of
// its sources is built again first (well under a second; `npm run build:cli`
// does the same), and if that fails it says why instead of running old code.
// Without esbuild (an install without dev dependencies) the bundle that was
// shipped runs as it is, or its absence is an error that says how to build it.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { binText } from './bin-text.mjs';
import { bundleState } from './bundle-state.mjs';

// `spindle inventory | head`: a closed pipe ends the command quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const BUNDLE = path.join(ROOT, 'dist/cli/spindle.mjs');

const say = (key, params) => binText(ROOT, process.env, key, params);

const state = bundleState(ROOT);
if (state !== 'fresh') {
  const build = await import('esbuild').then(
    () => import('./build.mjs').then((m) => m.buildCli),
    () => undefined,
  );
  if (build) {
    if (process.stderr.isTTY) process.stderr.write(`${say(state === 'missing' ? 'building' : 'rebuilding')}\n`);
    try {
      await build({ quiet: true });
    } catch (e) {
      process.stderr.write(`${say('buildFailed', { error: e.message })}\n`);
      process.exit(1);
    }
  } else if (state === 'missing') {
    process.stderr.write(`${say('missing', { bundle: BUNDLE })}\n`);
    process.exit(1);
  }
}
const { main } = await import(pathToFileURL(BUNDLE).href);
process.exitCode = await main(process.argv.slice(2));
