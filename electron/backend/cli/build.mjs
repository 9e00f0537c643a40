// Builds the `spindle` command: an esbuild bundle of the TypeScript CLI
// (dist/cli/spindle.mjs, and chunks/ it loads when a command needs them), so
// nothing is compiled when it runs, plus the list of the sources it was built
// from (dist/cli/spindle.inputs.json), by which bin.js tells whether the
// bundle is older than its sources.
//   node electron/backend/cli/build.mjs      (npm run build:cli)
//   ... --if-esbuild                         (npm's prepare: skipped where the dev dependencies are not installed)
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const OUT = path.join(ROOT, 'dist/cli');
export const BUNDLE = path.join(OUT, 'spindle.mjs');
export const INPUTS = path.join(OUT, 'spindle.inputs.json');

// zod's namespace carries every locale (about 40 languages, half of zod);
// the CLI speaks English and Chinese.
const zodLocales = {
  name: 'zod-locales',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (a) => (a.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`) ? { path: path.resolve(a.resolveDir, a.path), namespace: 'zod-locales' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (a) => ({
      contents: `export { default as en } from ${JSON.stringify(path.join(path.dirname(a.path), 'en.js'))};\nexport { default as zhCN } from ${JSON.stringify(path.join(path.dirname(a.path), 'zh-CN.js'))};\n`,
      resolveDir: path.dirname(a.path),
    }));
  },
};

// ssh2 (a native addon, loaded from node_modules) costs about 35 ms to load:
// it is required when the first SSH connection opens, not at start.
const lazySsh2 = {
  name: 'lazy-ssh2',
  setup(build) {
    build.onResolve({ filter: /^ssh2$/ }, (a) => (a.namespace === 'lazy-ssh2' ? { path: 'ssh2', external: true } : { path: 'ssh2', namespace: 'lazy-ssh2' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-ssh2' }, () => ({
      contents: [
        "import { createRequire } from 'node:module';",
        'let ssh2;',
        "const load = () => (ssh2 ??= createRequire(import.meta.url)('ssh2'));",
        'export class Client { constructor(...a) { return new (load().Client)(...a); } }',
        'export const utils = new Proxy({}, { get: (_, k) => load().utils[k] });',
      ].join('\n'),
      resolveDir: ROOT,
    }));
  },
};

// Spindle's own modules only declare things at their top level (no module
// registers anything or starts work when imported), so a feature's face (index.ts) pulls in no more of the
// feature than what is used: the command list stays small, the rest is
// loaded when a command runs.
const ownModulesArePure = {
  name: 'own-modules-are-pure',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (a) => {
      if (a.pluginData === 'pure' || a.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const r = await build.resolve(a.path, { kind: a.kind, importer: a.importer, resolveDir: a.resolveDir, pluginData: 'pure' });
      if (r.errors.length || r.path.includes(`${path.sep}node_modules${path.sep}`)) return r.errors.length ? { errors: r.errors } : undefined;
      return { ...r, sideEffects: false };
    });
  },
};

// The command list (cli/commands.ts) takes each feature's commands from its
// face, which re-exports them from features/<name>/cli.ts: resolved straight
// to that file, so the start-up chunk holds the command list and not the
// rest of the feature (esbuild places a file by every import it is reached
// by, used or not), which loads when a command runs.
const commandListFromCliFiles = {
  name: 'command-list-from-cli-files',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/features\/[a-z-]+\/index\.ts$/ }, (a) =>
      a.importer === path.join(ROOT, 'electron/backend/cli/commands.ts') ? { path: path.join(path.dirname(a.importer), a.path.replace(/index\.ts$/, 'cli.ts')), sideEffects: false } : undefined,
    );
  },
};

/**
 * Builds the CLI. The chunks are written first and the entry last, each
 * aside then renamed: a `spindle` starting at that moment reads the old
 * entry or the new one, never half a file. Chunks of older builds that
 * nothing names any more are removed once they are an hour old (a long
 * `spindle stats` of the old build may still load one).
 */
export async function buildCli({ quiet = false } = {}) {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { spindle: path.join(ROOT, 'electron/backend/cli/main.ts') },
    outdir: OUT,
    entryNames: '[name]',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Smaller is faster to parse at every start; a source map beside it for debugging.
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
    external: ['cpu-features'],
    plugins: [commandListFromCliFiles, zodLocales, lazySsh2, ownModulesArePure],
    banner: { js: "import { createRequire as __spindleRequire } from 'node:module'; const require = __spindleRequire(import.meta.url);" },
  });
  const write = (file, contents) => {
    mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, contents);
    renameSync(tmp, file);
  };
  const entry = (f) => f.path === BUNDLE || f.path === `${BUNDLE}.map`;
  for (const f of result.outputFiles.filter((o) => !entry(o))) write(f.path, f.contents);
  // Every file in the bundle (paths relative to the checkout), and this build script.
  const inputs = [...Object.keys(result.metafile.inputs).filter((f) => !f.includes(':')), 'electron/backend/cli/build.mjs'];
  write(INPUTS, JSON.stringify({ inputs }, null, 1) + '\n');
  for (const f of result.outputFiles.filter(entry)) write(f.path, f.contents);
  const current = new Set(result.outputFiles.map((o) => o.path));
  const chunks = path.join(OUT, 'chunks');
  for (const name of readdirSync(chunks)) {
    const p = path.join(chunks, name);
    if (!current.has(p) && Date.now() - statSync(p).mtimeMs > 3600_000) rmSync(p, { force: true });
  }
  if (!quiet) process.stdout.write(`build:cli: ${path.relative(ROOT, BUNDLE)} (+${result.outputFiles.filter((o) => o.path.startsWith(chunks) && o.path.endsWith('.mjs')).length} chunks) from ${inputs.length} files\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const optional = process.argv.includes('--if-esbuild');
  (optional ? import('esbuild').then(() => true, () => false) : Promise.resolve(true)).then((can) => (can ? buildCli() : process.stdout.write('build:cli: esbuild is not installed (a dev dependency): not built\n'))).catch((e) => {
    process.stderr.write(`build:cli failed: ${e.message}\n`);
    process.exit(1);
  });
}
