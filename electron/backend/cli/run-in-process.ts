// `spindle ARGS` run in this process for the CLI's unit tests: main() with its
// output captured, under the given environment (LANG, LC_*, a settings
// folder; a fresh empty one unless SPINDLE_CONFIG_DIR is given), which is put
// back afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from './main.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

const ENV = ['LANG', 'LC_ALL', 'LC_MESSAGES', 'SPINDLE_CONFIG_DIR'] as const;

export async function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-cli-run-'));
  for (const k of ['LANG', 'LC_ALL', 'LC_MESSAGES']) delete process.env[k];
  Object.assign(process.env, { SPINDLE_CONFIG_DIR: dir, ...env });
  let out = '';
  let err = '';
  try {
    const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
    return { code, out, err };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
