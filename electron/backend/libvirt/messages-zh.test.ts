// What the libvirt layer tells a person (an event stream that ended, objects
// the inventory could not read, a name virsh cannot take in a batch) is a
// message: English as before for the CLI and scripts, Chinese from the
// catalogs for a zh-CN reader, with names and virsh's own words intact.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SpindleError } from '../../../shared/core/errors.ts';
import { english, msg, renderMsg, type Msg } from '../../../shared/core/messages.ts';
import { printInventory } from '../cli/format.ts';
import { lineStream, type LineStream, type Runner, type StreamEvents } from '../transport/runner.ts';
import { EventWatcher, type StreamEnd } from './events.ts';
import { loadInventory } from './inventory.ts';
import { VirshProcess, type BatchOutput, type VirshExecutor } from './virsh.ts';

const LATIN_WORDS = /\b(?:the|was|has|is|not|while|loading|could|read|stream|ended|connection|lost|exited)\b/i;

/** A virsh whose event streams are ended by the test (the runners' own stream bookkeeping). */
function streamingVirsh(): { virsh: VirshExecutor; ends: StreamEvents[] } {
  const ends: StreamEvents[] = [];
  const virsh: VirshExecutor = {
    uri: 'qemu:///system',
    where: 'local',
    exec: () => Promise.reject(new Error('not used')),
    batch: () => Promise.reject(new Error('not used')),
    stream: (): Promise<LineStream> => {
      const { stream, events } = lineStream({ write: () => undefined, stop: () => events.end(msg('transport.stream.exitedSignal')), onGone: () => undefined });
      ends.push(events);
      return Promise.resolve(stream);
    },
    close: () => Promise.resolve(),
  };
  return { virsh, ends };
}

test('an event stream that ended says why as a message, and whether the link was lost as a flag', async () => {
  const { virsh, ends } = streamingVirsh();
  const w = new EventWatcher(virsh, 5);
  const seen: StreamEnd[] = [];
  w.on('stream-ended', (e: StreamEnd) => seen.push(e));
  try {
    await w.start();
    assert.equal(ends.length, 3, 'three event loops');
    ends[0]?.end(msg('transport.stream.linkLost'));
    ends[1]?.end(msg('transport.stream.exited', { code: 1 }));
    assert.equal(seen.length, 2, 'each end is reported once');
    const [lost, exited] = seen as [StreamEnd, StreamEnd];
    assert.equal(lost.linkLost, true);
    assert.equal(exited.linkLost, false, 'a virsh that exited by itself is no lost link');
    assert.equal(lost.msg.key, 'session.events.streamEnded');
    assert.equal(english(lost.msg), 'event stream ended: connection lost', 'the English is what it was');
    assert.equal(renderMsg(lost.msg, 'zh-CN'), '事件流已结束：连接中断');
    assert.equal(renderMsg(exited.msg, 'zh-CN'), '事件流已结束：已退出（1）');
  } finally {
    w.stop();
  }
});

/** A host whose listing names objects that are gone (or unreadable) by the time their XML is read. */
function vanishingVirsh(): VirshExecutor {
  const poolXml = readFileSync(new URL('./testdata/pool-dir.xml', import.meta.url), 'utf8');
  const answer = (c: readonly string[]): string => {
    const line = c.join(' ');
    if (line === 'list --all --name') return 'gone\nbroken\n';
    if (line === 'pool-list --all --name' || line === 'pool-list --name') return 'pool 1\nspindle-test-pool\n';
    if (line === 'dumpxml --domain broken') return '<notadomain/>';
    if (line === 'pool-dumpxml --pool spindle-test-pool') return poolXml;
    if (line === 'vol-list --pool spindle-test-pool') return ' Name         Path\n------------------------------\n disk.qcow2   /var/lib/spindle-testbed/pool/disk.qcow2\n';
    return '';
  };
  return {
    uri: 'qemu:///system',
    where: 'local',
    exec: () => Promise.resolve(''),
    batch: (cmds): Promise<BatchOutput> => Promise.resolve({ outputs: cmds.map(answer), errors: '' }),
    stream: () => Promise.reject(new Error('not used')),
    close: () => Promise.resolve(),
  };
}

test('inventory warnings are messages with their names, in English and in Chinese (CLI table)', async () => {
  const inv = await loadInventory(vanishingVirsh(), 'h');
  const expected = [
    'pool pool 1: vanished while loading',
    'domain gone: vanished while loading',
    'domain broken: not a <domain> document',
    'volume spindle-test-pool/disk.qcow2: could not be read',
  ];
  assert.deepEqual([...inv.warnings].sort(), [...expected].sort(), 'the English is what it was');
  assert.deepEqual(inv.warningMsgs.map((m) => renderMsg(m)), inv.warnings, 'index for index, the same warnings as messages');
  const zh = inv.warningMsgs.map((m: Msg) => renderMsg(m, 'zh-CN')).sort();
  // The parser's own words about the XML stay as they are (its diagnosis of libvirt's output).
  assert.deepEqual(zh, ['卷 spindle-test-pool/disk.qcow2：无法读取', '存储池 pool 1：加载过程中已消失', '虚拟机 broken：not a <domain> document', '虚拟机 gone：加载过程中已消失'].sort());
  // As `spindle inventory` prints them under LANG=zh_CN.UTF-8.
  let out = '';
  printInventory((s) => (out += s), inv, 'zh-CN');
  const lines = out.split('\n').filter((l) => /加载过程中已消失|无法读取/.test(l));
  assert.equal(lines.length, 3, out);
  for (const l of lines) assert.doesNotMatch(l, LATIN_WORDS, l);
});

test('a name with a line break is refused in a batch as a message (Chinese, with the name and a hint)', async () => {
  const runner: Runner = { label: 'local', run: () => Promise.reject(new Error('must not run')), stream: () => Promise.reject(new Error('must not run')), close: () => Promise.resolve() };
  const virsh = new VirshProcess(runner, 'qemu:///system');
  const e = await virsh.batch([['dumpxml', '--domain', 'a\nb']]).then(
    () => null,
    (err: unknown) => err,
  );
  assert.ok(e instanceof SpindleError);
  assert.equal(e.code, 'INVALID_NAME');
  assert.equal(e.message, 'The name "a\\nb" contains a line break.');
  assert.equal(e.hint, 'Rename it without line breaks.');
  assert.equal(e.msg?.key, 'transport.lineBreakName');
  assert.equal(renderMsg(e.msg!, 'zh-CN'), '名称 "a\\nb" 包含换行符。');
  assert.equal(renderMsg({ key: 'transport.lineBreakNameHint' }, 'zh-CN'), '请重命名，去掉其中的换行符。');
});
