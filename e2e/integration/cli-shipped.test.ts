// The `spindle` command as shipped: bin.js runs the esbuild bundle (no
// TypeScript compiled at run time), every command `spindle help` lists
// answers --help, the completion scripts load in their shells, and LANG
// picks the language. Needs no test bed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { BIN, listedCommands, ROOT, spindle } from './cli-process.ts';

const scratch = (): string => mkdtempSync(path.join(os.tmpdir(), 'spindle-shipped-'));

test('bin.js runs the built bundle: no .ts file and no tsx is loaded', async () => {
  const dir = scratch();
  try {
    // A module-resolution hook records every module the process loads.
    writeFileSync(path.join(dir, 'hooks.mjs'), "import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.SPINDLE_TRACE, r.url + '\\n'); return r; }\n");
    writeFileSync(path.join(dir, 'trace.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${dir}/hooks.mjs`)});\n`);
    const trace = path.join(dir, 'loaded.txt');
    execFileSync(process.execPath, ['--import', path.join(dir, 'trace.mjs'), BIN, 'hosts', 'list'], { env: { ...process.env, SPINDLE_CONFIG_DIR: dir, SPINDLE_TRACE: trace }, encoding: 'utf8' });
    const loaded = readFileSync(trace, 'utf8').trim().split('\n');
    assert.ok(loaded.includes(`file://${ROOT}/dist/cli/spindle.mjs`), loaded.join('\n'));
    assert.deepEqual(loaded.filter((u) => /\.tsx?$/.test(u) || u.includes('/node_modules/tsx/')), []);
    // And it was fresh: built from these sources (bin.js rebuilds a stale one).
    // @ts-expect-error: a plain ES module beside bin.js, no types
    const { bundleState } = (await import('../../electron/backend/cli/bundle-state.mjs')) as { bundleState: (root: string) => string };
    assert.equal(bundleState(ROOT), 'fresh');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every command "spindle help" lists answers --help and "spindle help CMD" with exit 0', async () => {
  const dir = scratch();
  try {
    const list = await spindle(dir, ['help']);
    assert.equal(list.code, 0, list.err);
    const commands = listedCommands(list.out);
    assert.ok(commands.length >= 25, `only ${commands.length} commands listed`);
    for (let i = 0; i < commands.length; i += 6) {
      await Promise.all(
        commands.slice(i, i + 6).map(async (words) => {
          for (const args of [[...words, '--help'], ['help', ...words]]) {
            const r = await spindle(dir, args);
            assert.equal(r.code, 0, `spindle ${args.join(' ')}: ${r.err}`);
            assert.match(r.out, new RegExp(`^Usage: spindle ${words.join(' ')}\\b`), args.join(' '));
          }
        }),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bash: source <(spindle completion bash) registers the completion, which completes commands, flags and values', () => {
  const sh = String.raw`spindle() { node "$BIN" "$@"; }
source <(spindle completion bash) || exit 9
complete -p spindle
at() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _spindle; echo "$*=> \${COMPREPLY[*]}"; }
at spindle disk at
at spindle disk attach --ca
at spindle volume create --format ""
at spindle ""`.replace(/\\\$/g, '$');
  const out = execFileSync('bash', ['-c', sh], { env: { ...process.env, BIN }, encoding: 'utf8' });
  const lines = out.trim().split('\n');
  assert.equal(lines[0], 'complete -F _spindle spindle');
  assert.equal(lines[1], 'spindle disk at=> attach');
  assert.equal(lines[2], 'spindle disk attach --ca=> --cache');
  assert.equal(lines[3], 'spindle volume create --format => qcow2 raw');
  assert.match(lines[4] ?? '', /^spindle => hosts inventory events volume pool disk cdrom stats iotune guest host snapshot jobs completion help$/);
});

test('zsh: the completion script is valid and registers _spindle (where zsh is installed)', (t) => {
  if (!existsSync('/usr/bin/zsh') && !existsSync('/bin/zsh')) {
    t.diagnostic('zsh is not installed here: only bash was checked');
    return;
  }
  const script = execFileSync(process.execPath, [BIN, 'completion', 'zsh'], { encoding: 'utf8' });
  const dir = scratch();
  try {
    writeFileSync(path.join(dir, '_spindle'), script);
    execFileSync('zsh', ['-n', path.join(dir, '_spindle')]);
    const out = execFileSync('zsh', ['-fc', `autoload -Uz compinit; compinit -u -d ${dir}/zcompdump; source ${dir}/_spindle; print -- $_comps[spindle]`], { encoding: 'utf8' });
    assert.equal(out.trim(), '_spindle');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('LANG=zh_CN.UTF-8: the refusal and its hint in Chinese; --json stays English data', async () => {
  const dir = scratch();
  try {
    const zh = await spindle(dir, ['inventory'], '', { LANG: 'zh_CN.UTF-8' });
    assert.equal(zh.code, 2);
    assert.equal(zh.err, '错误：必须给出 --host。\n提示：运行“spindle help inventory”查看它的选项。\n');
    const json = await spindle(dir, ['volume', 'create', '--host', 'h', '--pool', 'p', '--name', 'n', '--capacity', '1G', '--format', 'vmdk', '--json'], '', { LANG: 'zh_CN.UTF-8' });
    assert.equal(json.code, 2);
    assert.match(json.err, /^错误：--format "vmdk"：无效选项/);
    assert.equal(json.error?.details?.flag, 'format');
    assert.match(json.error?.message ?? '', /^--format "vmdk": Invalid option/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
