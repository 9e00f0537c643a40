// A refusal of the bottom layers (transport, config) reaches the renderer as
// data and reads in Chinese: real errors from the real modules, sent through
// JSON as the bridge sends them, shown by the renderer's errorText() and
// errorHint() (renderer/platform/i18n/msg.ts) with the "msg" namespace. In
// English the catalog gives exactly what the backend wrote (CLI, logs and
// scripts match that text).
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { i18n } from '../../../renderer/platform/i18n/test-i18n.ts';
import { SpindleError, type ErrorInfo } from '../../../shared/core/errors.ts';
import { errorHint, errorText } from '../../../renderer/platform/i18n/msg.ts';
import { settingsFsError } from '../config/settings-errors.ts';
import { fingerprintOf, HostKeyStore } from './host-keys.ts';
import { LocalRunner } from './local-runner.ts';
// A real ed25519 host key blob and a key of another type (only its type and hash are read).
import { ED25519_KEY as KEY, RSA_KEY as RSA } from './testdata/host-key-blobs.ts';
import { SshRunner } from './ssh-runner.ts';
import { inTempDir } from './testdata/temp-dir.ts';


/** What the renderer receives: the error as JSON. */
function wire(e: unknown): ErrorInfo {
  assert.ok(e instanceof SpindleError, String(e));
  return JSON.parse(JSON.stringify(e.toJSON())) as ErrorInfo;
}

const LATIN_WORDS = /\b(?:the|was|has|is|not|refused|found|needed|cannot|changed)\b/i;

async function inBoth(info: ErrorInfo, check: (zhText: string, zhHint: string | undefined) => void): Promise<void> {
  await i18n.changeLanguage('en');
  assert.equal(errorText(info), info.message, 'English from the catalog is the backend English');
  assert.equal(errorHint(info), info.hint);
  await i18n.changeLanguage('zh-CN');
  const text = errorText(info);
  const hint = errorHint(info);
  assert.doesNotMatch(text, LATIN_WORDS, text);
  if (hint !== undefined) assert.doesNotMatch(hint, /\b(?:the|was|has|is|not)\b/i, hint);
  check(text, hint);
  await i18n.changeLanguage('en');
}

test('host key changed: a transport refusal carries msg and reads in Chinese, fingerprints intact', async () => {
  await inTempDir('spindle-keys-', async (dir) => {
    const store = new HostKeyStore(dir, []);
    await store.trust('kvm1', 2222, 'ssh-ed25519', fingerprintOf(KEY));
    const d = await store.decide('kvm1', 2222, RSA);
    assert.equal(d.accepted, false);
    const info = wire(d.error);
    assert.equal(info.code, 'HOST_KEY_CHANGED');
    assert.equal(info.msg?.key, 'transport.hostKey.changedTrusted');
    assert.match(info.message, /^The host key of \[kvm1\]:2222 has changed: Spindle trusted its ssh-ed25519 key /);
    await inBoth(info, (text, hint) => {
      assert.match(text, /^\[kvm1\]:2222 的主机密钥已变更：Spindle 信任的是其 ssh-ed25519 密钥 /);
      assert.ok(text.includes(fingerprintOf(KEY)) && text.includes(fingerprintOf(RSA)), text);
      assert.match(text, /Spindle 首先请求的是其 ssh-ed25519 密钥/, 'the nested message is translated too');
      assert.match(text, /连接已被拒绝。$/);
      assert.match(hint ?? '', /ssh-keygen -lf \/etc\/ssh\/ssh_host_rsa_key\.pub/);
      assert.ok(hint?.includes(path.join(dir, 'trusted-host-keys.json')), hint);
    });
  });
});

test('auth: a missing password is refused in Chinese and names the field', async () => {
  await inTempDir('spindle-keys-', async (dir) => {
    const runner = new SshRunner({ host: '127.0.0.1', port: 9, user: 'ops', auth: 'password' }, new HostKeyStore(dir, []));
    try {
      const info = wire(await runner.run(['true']).catch((e: unknown) => e));
      assert.equal(info.code, 'AUTH_FAILED');
      assert.equal(info.message, 'A password is needed for ops@127.0.0.1:9.');
      assert.equal(info.details?.field, 'password');
      await inBoth(info, (text, hint) => {
        assert.equal(text, '连接 ops@127.0.0.1:9 需要密码。');
        assert.equal(hint, '请输入密码；Spindle 只把它保存在内存中。');
      });
    } finally {
      await runner.close();
    }
  });
});

test('a program missing on this machine: "this machine" is translated as well', async () => {
  const info = wire(await new LocalRunner().run(['spindle-no-such-program-xyz']).catch((e: unknown) => e));
  assert.equal(info.code, 'COMMAND_NOT_FOUND');
  assert.equal(info.message, 'spindle-no-such-program-xyz was not found on this machine.');
  await inBoth(info, (text) => assert.equal(text, '在本机上找不到 spindle-no-such-program-xyz。'));
});

test('settings folder unwritable: problem and fix are nested messages', async () => {
  const e = settingsFsError(Object.assign(new Error("EROFS: read-only file system, open '/cfg/.x.tmp'"), { code: 'EROFS' }), '/cfg/spindle/hosts.json', 'write');
  const info = wire(e);
  assert.equal(info.message, 'Spindle cannot save its settings in /cfg/spindle: the folder is on a read-only file system.');
  await inBoth(info, (text, hint) => {
    assert.equal(text, 'Spindle 无法把设置保存到 /cfg/spindle：该文件夹位于只读文件系统上。');
    assert.equal(hint, '请以读写方式重新挂载 /cfg/spindle，或把 SPINDLE_CONFIG_DIR 设为一个可写的文件夹。');
  });
});
