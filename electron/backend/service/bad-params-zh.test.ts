// A call whose parameters the contract refuses is answered with a message:
// every issue with zod's verdict (shared/core/schema-verdicts.ts, as the
// CLI's flag checks say it), which the renderer's errorText() shows in
// Chinese; the English is zod's own words, as before; and the field at fault
// (inside an operation's request, as its wizard names it).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { i18n } from '../../../renderer/platform/i18n/test-i18n.ts';
import type { ErrorInfo } from '../../../shared/core/errors.ts';
import { errorText } from '../../../renderer/platform/i18n/msg.ts';
import { SpindleService } from './spindle-service.ts';

async function refusal(method: string, params: unknown): Promise<ErrorInfo> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spindle-badparams-'));
  const s = new SpindleService({ configDir: dir, addLocalHost: false, knownHostsFiles: [] });
  try {
    const r = await s.dispatch(method, params);
    assert.equal(r.ok, false);
    if (r.ok) throw new Error('accepted');
    return JSON.parse(JSON.stringify(r.error)) as ErrorInfo;
  } finally {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function zh(info: ErrorInfo): Promise<string> {
  await i18n.changeLanguage('zh-CN');
  try {
    return errorText(info);
  } finally {
    await i18n.changeLanguage('en');
  }
}

// zod's Chinese keeps a gloss ("键(key)"): not counted.
const ENGLISH = /\b(?:Invalid|parameters|expected|received|Too|small|big|Unrecognized|keys|must|match|pattern|characters|to be|to have)\b/;

test('bad parameters: zod verdicts as messages, Chinese in the UI, zod English in the message', async () => {
  const info = await refusal('hosts.remove', { name: 5, extra: true });
  assert.equal(info.code, 'INVALID_ARGUMENT');
  assert.equal(info.msg?.key, 'service.badParams');
  assert.equal(info.message, 'Invalid parameters for hosts.remove: name: Invalid input: expected string, received number; (params): Unrecognized key: "extra".');
  await i18n.changeLanguage('en');
  assert.equal(errorText(info), info.message, 'English from the catalog is the backend English');
  const text = await zh(info);
  assert.equal(text, 'hosts.remove 的参数无效：name：无效输入：期望 string，实际接收 数字；（参数）：出现未知的键(key): "extra"。');
  assert.doesNotMatch(text, ENGLISH);
});

test('an operation request refused by its schema names the request field (the wizard goes back to its step)', async () => {
  const info = await refusal('ops.plan', { op: { kind: 'disk.resize', host: 'h', request: { domain: 'd', target: 'vda', newSizeBytes: -1 } } });
  assert.equal(info.details?.field, 'newSizeBytes');
  assert.equal(info.message, 'Invalid parameters for ops.plan: op.request.newSizeBytes: Too small: expected number to be >0.');
  const text = await zh(info);
  assert.equal(text, 'ops.plan 的参数无效：op.request.newSizeBytes：数值过小：期望 number >0。');
  assert.doesNotMatch(text, ENGLISH);
});

test("a check whose refusal is a message (a request id) says that message, in Chinese too", async () => {
  const info = await refusal('ops.plan', { op: { kind: 'guest.umount', host: 'h', request: { domain: 'd', mountpoint: '/mnt/x', requestId: 'NOT OK' } } });
  assert.equal(info.details?.field, 'requestId');
  const text = await zh(info);
  assert.match(text, /requestId：请求 ID 由 6-32 个小写字母和数字组成/);
  assert.doesNotMatch(text, ENGLISH);
});
