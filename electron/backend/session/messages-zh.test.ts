// What the session tells a person is a message: a host lost because its
// event stream ended with the link (the status the UI shows, through the
// renderer's errorText) and what changed while it was gone (the CLI's
// `events` resync lines) read in Chinese, names intact, English as before.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i18n } from '../../../renderer/platform/i18n/test-i18n.ts';
import { disk, dom, inv, pool } from '../../../shared/contract/testdata/inventory-builders.ts';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { english, msg, renderMsg } from '../../../shared/core/messages.ts';
import { errorText } from '../../../renderer/platform/i18n/msg.ts';
import { streamEndLoss } from './host-session.ts';
import { inventoryChanges } from './inventory-diff.ts';

const LATIN_WORDS = /\b(?:the|was|has|is|not|stream|ended|connection|lost|state|disks?|added|removed|volumes?|now|autostart|on|off|appeared|disappeared|started|stopped)\b/i;

test('an event stream ended by a lost link is the host lost (libvirtLost), said in Chinese with the reason nested', async () => {
  const end = { msg: msg('session.events.streamEnded', { reason: msg('transport.stream.linkLost') }), linkLost: true };
  const err = streamEndLoss(end, 'ops@kvm1:22');
  assert.ok(err);
  assert.equal(err.code, 'DISCONNECTED', 'a link loss: the session reconnects');
  assert.equal(err.message, 'The connection to libvirt on ops@kvm1:22 was lost (event stream ended: connection lost).');
  const info = JSON.parse(JSON.stringify(err.toJSON())) as ErrorInfo;
  await i18n.changeLanguage('zh-CN');
  try {
    const text = errorText(info);
    assert.equal(text, '与主机 ops@kvm1:22 上的 libvirt 的连接已断开（事件流已结束：连接中断）。');
    assert.doesNotMatch(text, LATIN_WORDS);
  } finally {
    await i18n.changeLanguage('en');
  }
  assert.equal(streamEndLoss({ msg: msg('session.events.streamEnded', { reason: msg('transport.stream.exited', { code: 1 }) }), linkLost: false }, 'local'), null, 'a virsh that exited is restarted, not a lost host');
});


test('what changed during a gap (resync) is a message per object, in Chinese with the names as they are', () => {
  const before = inv([dom('web'), dom('旧机'), dom('db', { autostart: true })], [pool('p', ['a.qcow2']), pool('q', [])]);
  const after = inv(
    [dom('web', { state: 'shutoff', persistent: false, disks: [disk('vda'), disk('vdb')] }), dom('db', { vcpus: 2 }), dom('新机')],
    [pool('p', ['b.qcow2'], { autostart: true }), pool('q', [], { active: false })],
    't2',
  );
  const changes = inventoryChanges(before, after);
  for (const c of changes) {
    assert.ok(c.detailMsg, `${c.name}: the detail is a message`);
    assert.equal(english(c.detailMsg), c.detail, 'the English detail is the message in English');
  }
  assert.deepEqual(
    changes.map((c) => `${c.name}: ${c.detail}`),
    ['web: state running -> shutoff; now transient; disks added: vdb', 'db: autostart off; vCPUs or memory changed', '新机: appeared', '旧机: disappeared', 'p: autostart on; volumes added: b.qcow2; volumes removed: a.qcow2', 'q: stopped'],
  );
  const zh = changes.map((c) => `${c.name}: ${renderMsg(c.detailMsg!, 'zh-CN')}`);
  assert.deepEqual(zh, [
    'web: 状态 running → shutoff；现为临时；已添加磁盘：vdb',
    'db: 自动启动已关闭；vCPU 或内存已变更',
    '新机: 已出现',
    '旧机: 已消失',
    'p: 自动启动已开启；已添加卷：b.qcow2；已移除卷：a.qcow2',
    'q: 已停止',
  ]);
  for (const c of changes) assert.doesNotMatch(renderMsg(c.detailMsg!, 'zh-CN').replace(/running|shutoff/g, ''), LATIN_WORDS);
});
