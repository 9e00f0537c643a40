import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_LOCAL_HOST_NAME } from '../../../shared/contract/models.ts';
import { msg } from '../../../shared/core/messages.ts';
import { tmsg } from './msg.ts';
import { i18n } from './test-i18n.ts';

test('the built-in host is "本机" in Chinese sentences that name a host, and keeps its name in English', async () => {
  i18n.addResourceBundle('en', 'translation', { host: { thisComputer: 'This computer' }, t: { title: 'New storage pool on {{host}}', vm: 'VM {{name}}' } }, true, true);
  i18n.addResourceBundle('zh-CN', 'translation', { host: { thisComputer: '本机' }, t: { title: '在 {{host}} 上新建存储池', vm: '虚拟机 {{name}}' } }, true, true);
  await i18n.changeLanguage('zh-CN');
  try {
    assert.equal(i18n.t('t.title', { host: BUILTIN_LOCAL_HOST_NAME }), '在 本机 上新建存储池');
    assert.equal(i18n.t('t.title', { host: 'kvm1' }), '在 kvm1 上新建存储池');
    // Only host keys: a VM that happens to bear the name keeps it.
    assert.equal(i18n.t('t.vm', { name: BUILTIN_LOCAL_HOST_NAME }), `虚拟机 ${BUILTIN_LOCAL_HOST_NAME}`);
    // Backend messages too (the msg namespace): a host param is shown the same way.
    const m = msg('transport.ssh.unreachable', { host: BUILTIN_LOCAL_HOST_NAME, cause: 'ECONNREFUSED' });
    assert.match(tmsg(m), /本机/);
    await i18n.changeLanguage('en');
    assert.equal(i18n.t('t.title', { host: BUILTIN_LOCAL_HOST_NAME }), 'New storage pool on This computer');
  } finally {
    await i18n.changeLanguage('en');
  }
});
