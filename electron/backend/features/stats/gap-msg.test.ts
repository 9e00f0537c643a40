// A gap in the stats series (no sample: the host is gone) carries its reason
// as a message: the CLI's `spindle stats` prints it in the user's language,
// the `stats` event keeps it through the contract's schema, and the English
// (`message`) is what it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i18n } from '../../../../renderer/platform/i18n/test-i18n.ts';
import { StatsTickSchema, type StatsTick } from '../../../../shared/contract/features/stats.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import { msg } from '../../../../shared/core/messages.ts';
import type { CatalogLanguage } from '../../../../shared/i18n/catalog.ts';
import { text } from '../../../../renderer/platform/i18n/msg.ts';
import { cliText, sayText } from '../../cli/text.ts';
import type { VirshExecutor } from '../../libvirt/virsh.ts';
import { printTick } from './cli.ts';
import { HostSampler } from './sampler.ts';

/** The first tick's gap marker. */
async function gapOf(sampler: HostSampler): Promise<StatsTick> {
  const ticks: StatsTick[] = [];
  sampler.on('tick', (t: StatsTick) => ticks.push(t));
  await sampler.tick();
  assert.equal(ticks.length, 1);
  const t = ticks[0]!;
  assert.ok(t.gap);
  return t;
}

/** What `spindle stats` prints for a tick, in a language. */
function printed(t: StatsTick, lang: CatalogLanguage): string {
  let out = '';
  printTick({ io: { out: (s) => (out += s), err: () => undefined }, text: (k, p) => cliText(lang, k, p), say: (x) => sayText(lang, x) }, t, false);
  return out;
}

test('a host that is not connected: the gap says so as a message, in English and in Chinese', async () => {
  const t = await gapOf(new HostSampler('kvm 1', () => undefined, () => 1000));
  assert.equal(t.gap?.code, 'DISCONNECTED');
  assert.equal(t.gap?.message, 'kvm 1 is not connected.');
  assert.deepEqual(t.gap?.msg, msg('service.notConnected', { host: 'kvm 1' }));
  assert.match(printed(t, 'en'), /Z {2}\(no sample: kvm 1 is not connected\.\)\n$/);
  assert.match(printed(t, 'zh-CN'), /Z {2}（没有采样：kvm 1 未连接。）\n$/);
});

test('a lost host: the gap carries the error as its message, kept by the stats event schema and shown in Chinese', async () => {
  const lost = SpindleError.of('DISCONNECTED', 'session.reconnecting', { host: 'kvm1', cause: msg('transport.ssh.linkLost', { host: 'ops@kvm1:22' }) });
  const virsh = { exec: () => Promise.reject(lost) } as unknown as VirshExecutor;
  const t = await gapOf(new HostSampler('kvm1', () => virsh, () => 1000));
  assert.equal(t.gap?.message, lost.message);
  assert.deepEqual(t.gap?.msg, lost.msg);
  // The service sends what the schema parsed: the message must survive it.
  const sent = StatsTickSchema.parse(JSON.parse(JSON.stringify(t)));
  assert.deepEqual(sent.gap?.msg, lost.msg);
  const zh = printed(sent, 'zh-CN');
  assert.match(zh, /（没有采样：kvm1 正在重新连接：/);
  assert.doesNotMatch(zh, /\b(?:is|was|lost|connection|reconnecting)\b/);
  await i18n.changeLanguage('zh-CN');
  try {
    assert.match(text(sent.gap!.message, sent.gap!.msg), /^kvm1 正在重新连接：/, 'the renderer reads it in Chinese too');
  } finally {
    await i18n.changeLanguage('en');
  }
});
