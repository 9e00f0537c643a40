// What a user meets before anything runs: the command list, each command's
// help (every flag described, with its choices and its default), flag values
// checked by the API's schemas naming the flag, and LANG (zh_CN gives
// Chinese refusals). In process, against the registered commands.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { english } from '../../../shared/core/messages.ts';
import { commandList, SOURCES } from './commands.ts';
import { runCli as cli } from './run-in-process.ts';

const COMMANDS = (await commandList()).commands;

test("a command line loads the list its first word names: each list's commands start with its words", async () => {
  for (const s of SOURCES) {
    const list = await s.load();
    for (const c of list.commands) assert.ok(s.words.includes(c.path[0] ?? ''), `${c.path.join(' ')} is in the list of ${s.words.join('/')}`);
    for (const word of s.words) {
      const named = (await commandList([word])).commands.map((c) => c.path.join(' '));
      assert.ok(list.commands.filter((c) => c.path[0] === word).every((c) => named.includes(c.path.join(' '))));
    }
  }
  // Every word names one list only.
  const words = SOURCES.flatMap((s) => s.words);
  assert.equal(new Set(words).size, words.length);
});

test('"spindle help" lists every registered command, and each answers --help and "help CMD" with its own page (exit 0)', async () => {
  const list = await cli(['help']);
  assert.equal(list.code, 0, list.err);
  const lines = list.out.split('\n');
  for (const c of COMMANDS) assert.ok(lines.some((l) => l.startsWith(`  ${c.path.join(' ')} `)), `${c.path.join(' ')} is not listed`);
  for (const alias of [[], ['--help'], ['-h']]) assert.equal((await cli(alias)).out, list.out, `spindle ${alias.join(' ')}`);
  for (const words of COMMANDS.map((c) => [...c.path])) {
    const flag = await cli([...words, '--help']);
    assert.equal(flag.code, 0, `${words.join(' ')} --help: ${flag.err}`);
    assert.match(flag.out, new RegExp(`^Usage: spindle ${words.join(' ')}\\b`));
    const viaHelp = await cli(['help', ...words]);
    assert.equal(viaHelp.code, 0, viaHelp.err);
    assert.equal(viaHelp.out, flag.out);
  }
  // A group's help lists its commands.
  assert.match((await cli(['disk', '--help'])).out, /disk attach[\s\S]*disk detach[\s\S]*disk resize/);
});

test("every flag is described, says its default (or that it is required), and help shows both with the choices", async () => {
  for (const c of COMMANDS) {
    const page = (await cli([...c.path, '--help'])).out;
    for (const f of c.flags) {
      const where = `${c.path.join(' ')} --${f.name}`;
      assert.ok(english(f.description).length > 5, `${where}: no description`);
      if (f.value) assert.ok(f.required || f.default !== undefined, `${where}: takes a value but says neither its default nor that it is required`);
      // The option's help entry, its wrapped lines joined.
      const entry = page.split(/\n(?= {2}-)/).find((e) => e.trimStart().startsWith(`--${f.name}${f.value ? ' ' : ''}`))?.replace(/\s+/g, ' ') ?? '';
      assert.ok(entry, `${where} is not in its help`);
      if (f.default !== undefined) assert.ok(entry.includes(`default: ${english(f.default)}`), `${where}: help lacks its default: ${entry}`);
      if (f.required) assert.ok(entry.includes('required'), `${where}: help does not say required`);
      for (const ch of f.choices ?? []) assert.ok(entry.includes(ch), `${where}: help lacks the choice ${ch}`);
    }
  }
});

test("a bad flag value gets the API schema's verdict, naming the flag (exit 2, nothing connects)", async () => {
  const base = ['volume', 'create', '--host', 'nowhere', '--pool', 'p', '--name', 'n'];
  const format = await cli([...base, '--capacity', '1G', '--format', 'vmdk', '--json']);
  assert.equal(format.code, 2, format.err);
  assert.match(format.err, /^error: --format "vmdk": .*"qcow2"\|"raw"/);
  const info = JSON.parse(format.out).error;
  assert.equal(info.code, 'INVALID_ARGUMENT');
  assert.equal(info.details.flag, 'format');
  assert.equal(info.details.field, 'format');

  // Beyond the API's size schema (not a parse error: 8 EiB is a size).
  const huge = await cli([...base, '--capacity', '8EiB']);
  assert.equal(huge.code, 2);
  assert.match(huge.err, /^error: --capacity "8EiB": /);
  assert.match((await cli([...base, '--capacity', 'lots'])).err, /--capacity "lots" is not a size/);

  // The API's own bounds of stats.watch's interval.
  const interval = await cli(['stats', '--host', 'nowhere', '--interval', '61']);
  assert.equal(interval.code, 2);
  assert.match(interval.err, /^error: --interval "61": Too big: expected number to be <=60/);
  // Nested fields name their flag: options.cache is --cache, limits.writeIopsSec is --write-iops-sec.
  assert.match((await cli(['disk', 'attach', '--host', 'h', '--vm', 'v', '--volume', 'p/v', '--cache', 'fast'])).err, /^error: --cache "fast": Invalid option/);
  assert.match((await cli(['iotune', 'set', '--host', 'h', '--vm', 'v', '--target', 'vdb', '--write-iops-sec', '1.5'])).err, /^error: --write-iops-sec "1.5": .*int/);
  assert.match((await cli(['host', 'mount', '--host', 'h', '--file', '/x.img', '--partition', '0'])).err, /^error: --partition "0": Too small/);
  assert.match((await cli(['hosts', 'add', 'x', '--ssh', 'a@b', '--auth', 'magic', '--no-check'])).err, /^error: --auth "magic": Invalid option: expected one of "agent"\|"key"\|"password"/);
});

test('usage errors: unknown commands and options, missing values and arguments exit 2 with a hint to the help', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['frob'], /^error: Unknown command "frob"\.\nhint: Run "spindle help"/],
    [['disk'], /^error: "spindle disk" needs a subcommand: attach, detach, resize, chain, commit, pull, move\./],
    [['disk', 'frob'], /^error: Unknown command "disk frob"\./],
    [['--json'], /^error: Unknown option --json\.\nhint: Run "spindle help" for the list of commands/],
    [['inventory', '--bogus'], /^error: Unknown option --bogus for "spindle inventory"\.\nhint: Run "spindle help inventory" for its flags\./],
    [['inventory', '--hots', 'x'], /^error: Unknown option --hots .*\nhint: Did you mean --host\?/],
    [['inventory'], /^error: --host is required\./],
    [['inventory', '--host'], /^error: --host needs a value\./],
    [['hosts', 'add'], /^error: "spindle hosts add" needs NAME\./],
    [['hosts', 'list', 'extra'], /takes no further argument "extra"/],
    [['completion', 'fish'], /completes bash and zsh, not "fish"/],
  ];
  for (const [args, re] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, re, args.join(' '));
  }
});

test('LANG=zh_CN.UTF-8 (or LC_ALL, LC_MESSAGES): refusals, hints and schema verdicts in Chinese', async () => {
  const zh = await cli(['inventory'], { LANG: 'zh_CN.UTF-8' });
  assert.equal(zh.code, 2);
  assert.equal(zh.err, '错误：必须给出 --host。\n提示：运行“spindle help inventory”查看它的选项。\n');
  const verdict = await cli(['stats', '--host', 'h', '--interval', '0'], { LC_ALL: 'zh_CN.UTF-8' });
  assert.match(verdict.err, /^错误：--interval "0"：数值过小/);
  assert.match((await cli(['frob'], { LC_MESSAGES: 'zh_CN' })).err, /^错误：未知命令“frob”。\n提示：/);
  // LC_ALL wins over LANG, as gettext reads them.
  assert.match((await cli(['frob'], { LANG: 'zh_CN.UTF-8', LC_ALL: 'C' })).err, /^error: Unknown command/);
  // --json stays English data (scripts read it), with the message's key for translators.
  const json = await cli(['inventory', '--json'], { LANG: 'zh_CN.UTF-8' });
  assert.deepEqual(JSON.parse(json.out).error.msg, { key: 'cli.usage.required', params: { command: 'inventory', flag: 'host' } });
  assert.equal(JSON.parse(json.out).error.message, '--host is required.');
});
