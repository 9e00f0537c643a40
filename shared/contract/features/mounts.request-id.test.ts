// One request-id rule (features/mounts.ts) for every request that carries
// one: its refusal is the same message, in English and in Chinese, for a
// guest unmount as for a mount.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMsg } from '../../core/messages.ts';
import { schemaVerdicts } from '../../core/schema-verdicts.ts';
import { GuestMountRequestSchema, GuestUmountRequestSchema, RequestIdSchema } from './mounts.ts';

test('a guest unmount refuses a bad request id with the mount rule, as a message', () => {
  const umount = { domain: 'vm', mountpoint: '/mnt/data', requestId: 'Not-OK' };
  const [v, ...more] = schemaVerdicts(GuestUmountRequestSchema, umount) ?? [];
  assert.equal(more.length, 0);
  assert.equal(v?.path, 'requestId');
  assert.deepEqual(v?.msg, { key: 'mounts.requestId' });
  assert.equal(renderMsg(v!.msg, 'zh-CN'), '请求 ID 由 6-32 个小写字母和数字组成');
  // The very same rule as the mount's.
  assert.equal(GuestUmountRequestSchema.shape.requestId, RequestIdSchema);
  const english = renderMsg({ key: 'mounts.requestId' });
  assert.equal(GuestUmountRequestSchema.safeParse(umount).error?.issues[0]?.message, english);
  assert.equal(GuestMountRequestSchema.safeParse({ domain: 'vm', target: 'vdb', mountpoint: '/mnt/data', requestId: 'Not-OK' }).error?.issues.find((i) => i.path[0] === 'requestId')?.message, english);
  for (const ok of [undefined, 'abc123', 'a'.repeat(32)]) assert.ok(GuestUmountRequestSchema.safeParse({ ...umount, requestId: ok }).success, String(ok));
  for (const bad of ['abc12', 'a'.repeat(33), 'ABC123', 'abc 123']) assert.ok(!GuestUmountRequestSchema.safeParse({ ...umount, requestId: bad }).success, bad);
});
