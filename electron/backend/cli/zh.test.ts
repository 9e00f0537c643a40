// The CLI in Chinese (LANG=zh_CN.UTF-8), everywhere a person reads it: every
// help page (the program's, each group's and each command's, commander's own
// words too), the completion descriptions, table headings and worded values,
// with CJK-aware wrapping and alignment; option names, metavars, values and
// commands stay as typed. English help is what it was (a golden file), and
// --json is the same data in both languages. In process, no test bed.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { Help } from 'commander';
import { GuestMountRequestSchema } from '../../../shared/contract/features/mounts.ts';
import { isMsg, msg, renderMsg } from '../../../shared/core/messages.ts';
import { JobJournal } from '../plan/job-journal.ts';
import { LocalRunner } from '../transport/local-runner.ts';
import type { CliContext } from './command.ts';
import { commandList } from './commands.ts';
import { checked } from './flags.ts';
import { displayWidth, wrapWide } from './format.ts';
import { runCli } from './run-in-process.ts';
import { errorLines } from './text.ts';

const ZH = { LANG: 'zh_CN.UTF-8' };
const EN = { LANG: 'C.UTF-8' };
const GOLDEN = path.join(path.dirname(new URL(import.meta.url).pathname), 'testdata', 'help-en.txt');

/**
 * Runs of three or more English words in `text`, outside what stays as typed:
 * quoted text (“spindle help disk attach”, `source <(...)`), a command line
 * (spindle and the words after it), option names, metavars and acronyms (ALL
 * CAPS), paths, URIs and values with punctuation. A CJK character or a line
 * break ends a run.
 */
function englishRuns(text: string): string[] {
  const prose = text
    .replace(/“[^”]*”|"[^"]*"|`[^`]*`/g, ' ')
    .replace(/\bspindle(?: +[^\s\u2e80-\uffff]+)*/g, ' ');
  const runs: string[] = [];
  for (const segment of prose.split(/[\n\u2e80-\uffff]+/)) {
    let run: string[] = [];
    const flush = (): void => {
      if (run.length >= 3) runs.push(run.join(' '));
      run = [];
    };
    for (const token of segment.split(/\s+/).filter(Boolean)) {
      const core = token.replace(/^[("'[]+|[)"'\],.;:!?]+$/g, '');
      if (/^[A-Za-z][a-z']*$/.test(core)) run.push(core);
      else flush();
    }
    flush();
  }
  return runs;
}

/** Every help page: the program's, each group's, each command's (as --help prints them), in the environment's language. */
async function helpPages(env: Record<string, string>): Promise<Array<{ words: string[]; text: string }>> {
  const { commands } = await commandList();
  const groups = [...new Set(commands.flatMap((c) => c.path.slice(0, -1).map((_, i) => c.path.slice(0, i + 1).join(' '))))];
  const all = [[], ...groups.map((g) => g.split(' ')), ...commands.map((c) => [...c.path])];
  const pages = [];
  for (const words of all) {
    const r = await runCli([...words, '--help'], env);
    assert.equal(r.code, 0, `${words.join(' ')} --help: ${r.err}`);
    pages.push({ words, text: r.out });
  }
  return pages;
}

/**
 * What is wrong with the layout of a help page's item lists (Options:,
 * Commands:, ...): descriptions that do not start in one column (by display
 * width), wrapped lines not indented to it, lines wider than 80 columns.
 */
function layoutProblems(page: string): string[] {
  const problems: string[] = [];
  for (const section of page.split('\n\n')) {
    const [title, ...items] = section.split('\n');
    if (!title || !/[:：]$/.test(title)) continue;
    let col: number | undefined;
    const lines: string[] = [];
    for (const line of items) {
      const first = /^ {2}\S+(?: \S+)* {2,}(?=\S)/.exec(line);
      if (first) {
        const at = displayWidth(first[0]);
        if (col !== undefined && at !== col) problems.push(`${title} description at column ${at}, not ${col}: ${line}`);
        col ??= at;
        lines.push(line);
      } else if (col !== undefined && /^ {3,}\S/.test(line)) {
        const indent = line.length - line.trimStart().length;
        if (indent !== col) problems.push(`${title} wrapped line indented ${indent}, not ${col}: ${line}`);
        lines.push(line);
      }
    }
    for (const line of lines) if (displayWidth(line) > 80) problems.push(`${title} line of ${displayWidth(line)} columns: ${line}`);
  }
  return problems;
}

test('the check of English runs finds English prose and lets what stays as typed pass', () => {
  assert.deepEqual(englishRuns('the saved host to use (see "spindle hosts list")'), ['the saved host to use see']);
  assert.deepEqual(englishRuns('要使用的已保存主机（见“spindle hosts list”）'), []);
  assert.deepEqual(englishRuns('用法：spindle disk attach [选项]\n  --cache <MODE>  主机缓存模式（可选值：default、none、writethrough；默认：由虚拟机管理程序决定）'), []);
  assert.deepEqual(englishRuns('补全：source <(spindle completion bash)，zsh 同理。URI 默认为 qemu:///system'), []);
  assert.deepEqual(englishRuns('存储池中的卷（default: none, give one）'), ['default none give one']);
});

test('LANG=zh_CN.UTF-8: every help page is Chinese; option names, metavars, values and commands as typed', async () => {
  const pages = await helpPages(ZH);
  assert.ok(pages.length >= 30, `${pages.length} pages`);
  for (const { words, text } of pages) {
    const where = ['spindle', ...words].join(' ');
    assert.deepEqual(englishRuns(text), [], `${where} --help has English prose`);
    assert.ok(text.startsWith(`用法：${where} `), `${where} --help starts with its usage line:\n${text}`);
    assert.doesNotMatch(text, /Usage:|Options:|Commands:|Arguments:|\[options\]|\[command\]|show help|\(default|choices:|required/, where);
    assert.deepEqual(layoutProblems(text), [], `${where} --help`);
  }
  const attach = pages.find((p) => p.words.join(' ') === 'disk attach')?.text ?? '';
  // An option's entry, its wrapped lines joined (Chinese wraps without a space).
  const entry = (flag: string): string => attach.split(/\n(?= {2}-)/).find((e) => e.trimStart().startsWith(flag))?.replace(/\n +/g, '') ?? '';
  // Flags, metavars and choices stay as typed; the notes are Chinese.
  assert.match(entry('--cache'), /^ {2}--cache <MODE> +主机缓存模式（可选值：(?:[a-z]+、)+[a-z]+；默认：由虚拟机管理程序决定）$/);
  assert.match(entry('--vm'), /^ {2}--vm <VM> +虚拟机（必需）$/);
  assert.match(entry('-h'), /^ {2}-h, --help +显示帮助/);
  assert.match(pages[0]?.text ?? '', /^用法：spindle <命令> \[选项\]\n\nSpindle：在命令行中管理 KVM\/libvirt 存储/);
  assert.match(pages[0]?.text ?? '', /\n命令：\n {2}hosts list \[选项\] +列出已保存的主机\n/);
});

test('English help is what it was: every page, and the completion scripts (testdata/help-en.txt)', async () => {
  const pages = await helpPages(EN);
  let text = pages.map((p) => `=== spindle ${[...p.words, '--help'].join(' ')}\n${p.text}`).join('');
  for (const shell of ['bash', 'zsh']) text += `=== spindle completion ${shell}\n${(await runCli(['completion', shell], EN)).out}`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
    if (process.env.CI === 'true') assert.fail('testdata/help-en.txt is missing');
    writeFileSync(GOLDEN, text);
  }
  assert.equal(text, readFileSync(GOLDEN, 'utf8'));
  for (const { words, text: page } of pages) assert.deepEqual(layoutProblems(page), [], `spindle ${words.join(' ')} --help`);
});

test('Chinese wraps between characters, never before closing or after opening punctuation; English wraps as commander does', () => {
  const zh = '检查主机能够应答后保存它（--local 为本机，否则为通过 SSH 连接的主机），然后写入设置文件。';
  for (const width of [12, 20, 33, 50]) {
    const lines = wrapWide(zh, width).split('\n');
    for (const l of lines) assert.ok(displayWidth(l) <= width, `${width}: ${l}`);
    for (const l of lines.slice(1)) assert.doesNotMatch(l, /^[，。、；：）”]/, `${width}: a line starts with closing punctuation`);
    for (const l of lines.slice(0, -1)) assert.doesNotMatch(l, /[（“]$/, `${width}: a line ends with opening punctuation`);
    assert.equal(lines.join('').replace(/ /g, ''), zh.replace(/ /g, ''));
  }
  const en = 'save a host (this machine with --local, or one reached over SSH), after checking it answers';
  for (const width of [40, 60, 80]) assert.equal(wrapWide(en, width), new Help().boxWrap(en, width));
});

test('completion: zsh describes commands and flags in Chinese; bash (words only) is the same in both languages', async () => {
  const zsh = (await runCli(['completion', 'zsh'], ZH)).out;
  const described = [...zsh.matchAll(/'--[\w-]+=?\[([^\]]*)\]/g), ...zsh.matchAll(/'[\w-]+:([^']*)'/g)].map((m) => m[1] ?? '');
  assert.ok(described.length > 100, `${described.length} descriptions`);
  for (const d of described) assert.deepEqual(englishRuns(d.replace(/\\/g, '')), [], d);
  assert.match(zsh, /'--json\[输出 JSON 而不是文本\]'/);
  assert.match(zsh, /'--help\[显示帮助\]'/);
  assert.equal((await runCli(['completion', 'bash'], ZH)).out, (await runCli(['completion', 'bash'], EN)).out);
  // The Chinese script is still valid zsh (where zsh is installed).
  if (existsSync('/usr/bin/zsh')) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-zsh-'));
    try {
      writeFileSync(path.join(dir, '_spindle'), zsh);
      execFileSync('/usr/bin/zsh', ['-n', path.join(dir, '_spindle')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('an interrupted job under zh: its title and what it left in Chinese, in jobs list and in the warning before a command', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-zh-jobs-'));
  const env = (lang: Record<string, string>) => ({ ...lang, SPINDLE_CONFIG_DIR: dir });
  try {
    assert.equal((await runCli(['hosts', 'add', 'demo', '--local', '--uri', 'test:///default'], env(EN))).code, 0);
    const title = msg('volumes.create.title', { name: 'web2.qcow2', size: '20 GiB', format: 'qcow2', pool: 'default' });
    const note = new JobJournal(dir).begin('demo', title, 'a1b2c3d4-0000-4000-8000-000000000000');
    await note.record([{ description: msg('volumes.create.undoCreate', { name: 'web2.qcow2' }), argv: ['virsh', 'vol-delete', 'web2.qcow2', '--pool', 'default'] }], false);
    // As a killed run leaves it: the note of a process that is gone.
    const file = path.join(dir, 'running-jobs', 'a1b2c3d4-0000-4000-8000-000000000000.json');
    const gone = spawnSync('true').pid;
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), pid: gone, pidStart: undefined }));
    const list = await runCli(['jobs', 'list'], env(ZH));
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /^a1b2c3d4-\S+ {2}demo {2}在存储池 default 中创建卷 web2\.qcow2（20 GiB qcow2）\n {2}主机 demo 上/);
    assert.deepEqual(englishRuns(list.out), []);
    const inv = await runCli(['inventory', '--host', 'demo'], env(ZH));
    assert.match(inv.err, /^警告：主机 demo 上之前的一个任务在完成前被中断：“在存储池 default 中创建卷/);
    assert.deepEqual(englishRuns(inv.err), []);
    assert.match((await runCli(['jobs', 'forget', '--id', 'a1b2c3d4-0000-4000-8000-000000000000'], env(ZH))).out, /^已忘记被中断的任务“在存储池 default 中创建卷 web2\.qcow2/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The display columns at which each cell of a table line starts (cells are two or more spaces apart). */
function cellColumns(line: string): number[] {
  const cols: number[] = [];
  const re = /(?:^| {2,})(\S(?:\S| (?! ))*)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) cols.push(displayWidth(line.slice(0, m.index + m[0].length - (m[1]?.length ?? 0))));
  return cols;
}

/** A table (its heading line first) whose cells all start in the heading's columns. */
function assertAligned(lines: string[], where: string): void {
  const head = cellColumns(lines[0] ?? '');
  assert.ok(head.length > 1, `${where}: no table`);
  for (const l of lines.slice(1)) assert.deepEqual(cellColumns(l).slice(0, head.length), head.slice(0, cellColumns(l).length), `${where}: not aligned:\n${lines.join('\n')}`);
}

test('tables under zh: Chinese headings and words, data as it is, columns aligned by display width; --json the same in both', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-zh-'));
  const env = (lang: Record<string, string>) => ({ ...lang, SPINDLE_CONFIG_DIR: dir });
  try {
    for (const args of [
      ['hosts', 'add', '演示机', '--local', '--uri', 'test:///default'],
      ['hosts', 'add', 'kvm1', '--ssh', 'ops@kvm1.example.com:2222', '--key', '/k', '--sudo', '--no-check'],
    ]) {
      const r = await runCli(args, env(EN));
      assert.equal(r.code, 0, r.err);
    }
    const zh = await runCli(['hosts', 'list'], env(ZH));
    assert.equal(zh.code, 0, zh.err);
    const lines = zh.out.trimEnd().split('\n');
    assert.deepEqual(lines[0]?.split(/ {2,}/), ['名称', '类型', '地址', 'URI', '认证方式', 'sudo']);
    assert.deepEqual(lines[1]?.split(/ {2,}/), ['演示机', '本机', '-', 'test:///default', '-', '否']);
    assert.deepEqual(lines[2]?.split(/ {2,}/), ['kvm1', 'SSH', 'ops@kvm1.example.com:2222', 'qemu:///system', 'key', '是']);
    assertAligned(lines, 'hosts list');
    const en = await runCli(['hosts', 'list'], env(EN));
    assert.match(en.out, /^NAME {2,}KIND {2,}ADDRESS {2,}URI {2,}AUTH {2,}SUDO\n演示机 {2,}local {2,}- {2,}test:\/\/\/default {2,}- {2,}no\n/);
    assertAligned(en.out.trimEnd().split('\n'), 'hosts list (en)');

    const inv = await runCli(['inventory', '--host', '演示机'], env(ZH));
    assert.equal(inv.code, 0, inv.err);
    assert.match(inv.out, /^主机 演示机（test:\/\/\/default），读取用时 \d+ 毫秒\n\n虚拟机（1）\n/);
    const tables = inv.out.split('\n\n').slice(1);
    assert.deepEqual(
      tables.map((t) => t.split('\n')[0]),
      ['虚拟机（1）', '磁盘', '存储池（1）', '卷'],
    );
    for (const t of tables) assertAligned(t.trimEnd().split('\n').slice(1), t.split('\n')[0] ?? '');
    // libvirt's state as libvirt spells it; the pool's state is Spindle's word.
    assert.match(inv.out, /\n名称 +状态 +vCPU +内存 +磁盘数\ntest +running +2 +8\.00 GiB +1\n/);
    assert.match(inv.out, /\ndefault-pool +dir +活动 +/);
    // Headings and section titles in Chinese (the cells are data).
    assert.deepEqual(englishRuns(tables.map((t) => t.split('\n').slice(0, 2).join('\n')).join('\n')), []);

    // --json: the same document in both languages (the inventory's load time aside).
    const same = async (args: string[], normalize: (v: unknown) => unknown = (v) => v): Promise<void> => {
      const [a, b] = [await runCli(args, env(EN)), await runCli(args, env(ZH))];
      assert.equal(a.code, b.code);
      assert.deepEqual(normalize(JSON.parse(b.out)), normalize(JSON.parse(a.out)), args.join(' '));
    };
    await same(['hosts', 'list', '--json']);
    await same(['inventory', '--host', '演示机', '--json'], (v) => ({ ...(v as object), durationMs: 0, loadedAt: '' }));
    await same(['host', 'mounts', '--json']);
    await same(['jobs', 'list', '--json']);
    await same(['inventory', '--json']);
    await same(['frob', '--json']);
    const hostsJson = await runCli(['hosts', 'list', '--json'], env(ZH));
    assert.equal(hostsJson.out, (await runCli(['hosts', 'list', '--json'], env(EN))).out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a stream's end reason and the request id rule are messages: English for logs, Chinese for a zh user", async () => {
  const s = await new LocalRunner().stream(['sh', '-c', 'exit 3']);
  const [reason, reasonMsg] = await new Promise<[string, unknown]>((resolve) => s.onEnd((r, m) => resolve([r, m])));
  assert.equal(reason, 'exited (3)');
  assert.ok(isMsg(reasonMsg));
  assert.equal(renderMsg(reasonMsg, 'zh-CN'), '已退出（3）');

  const request = { domain: 'web', device: '/dev/vdb', mountpoint: '/mnt/x', options: [], fstab: false, requestId: 'NOT OK' };
  const issue = GuestMountRequestSchema.safeParse(request).error?.issues[0];
  assert.equal(issue?.message, 'a request id is 6-32 lower-case letters and digits');
  const ctx = { lang: 'zh-CN', command: 'guest mount' } as CliContext;
  const err = (() => {
    try {
      checked(ctx, GuestMountRequestSchema, request, { requestId: 'request-id' }, { 'request-id': 'NOT OK' });
    } catch (e) {
      return e as Parameters<typeof errorLines>[0];
    }
    throw new Error('accepted');
  })();
  assert.equal(errorLines(err, 'zh-CN'), '错误：--request-id "NOT OK"：请求 ID 由 6-32 个小写字母和数字组成\n提示：运行“spindle help guest mount”查看它接受的值。\n');
  assert.equal(err.message, '--request-id "NOT OK": a request id is 6-32 lower-case letters and digits');
});
