// Whether the built CLI (dist/cli/spindle.mjs) is there and at least as new
// as every file it was built from (dist/cli/spindle.inputs.json, written by
// build.mjs): one stat per source, about a millisecond.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** 'fresh', 'missing' (never built) or 'stale' (a source changed, appeared or went since). */
export function bundleState(root) {
  let built;
  try {
    built = statSync(path.join(root, 'dist/cli/spindle.mjs')).mtimeMs;
  } catch {
    return 'missing';
  }
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(path.join(root, 'dist/cli/spindle.inputs.json'), 'utf8')).inputs;
  } catch {
    return 'stale';
  }
  for (const f of inputs) {
    try {
      if (statSync(path.join(root, f)).mtimeMs > built) return 'stale';
    } catch {
      return 'stale';
    }
  }
  return 'fresh';
}
