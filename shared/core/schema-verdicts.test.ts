// zod's verdicts as messages: the catalog (core.schema.*) says what zod's
// own English says, word for word, and what its Chinese locale says where
// that locale has a wording (a zod upgrade that changes either fails here);
// a check whose refusal is a message says that message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { msg, renderMsg } from './messages.ts';
import { schemaVerdicts } from './schema-verdicts.ts';

const CASES: Array<[string, z.ZodType, unknown]> = [
  ['invalid_type', z.object({ a: z.string() }), { a: 5 }],
  ['invalid_type (null)', z.number(), null],
  ['invalid_type (array)', z.string(), []],
  ['invalid_type (missing)', z.object({ a: z.string() }), {}],
  ['invalid_value (one)', z.literal('x'), 'y'],
  ['invalid_value (enum)', z.enum(['a', 'b']), 'c'],
  ['too_small (number, inclusive)', z.number().min(1), 0],
  ['too_small (number, exclusive)', z.number().positive(), 0],
  ['too_small (string)', z.string().min(1), ''],
  ['too_small (array)', z.array(z.string()).min(2), ['a']],
  ['too_big (number)', z.number().max(60), 61],
  ['too_big (string)', z.string().max(3), 'abcd'],
  ['too_big (number, exclusive)', z.number().lt(3), 3],
  ['invalid_format (regex)', z.string().regex(/^[a-z]+$/), 'A'],
  ['invalid_format (starts_with)', z.string().startsWith('/'), 'x'],
  ['invalid_format (ends_with)', z.string().endsWith('.iso'), 'x'],
  ['invalid_format (includes)', z.string().includes('@'), 'x'],
  ['not_multiple_of', z.number().multipleOf(512), 513],
  ['invalid_type (int)', z.number().int(), 1.5],
  ['unrecognized_keys (one)', z.object({}).strict(), { x: 1 }],
  ['unrecognized_keys (two)', z.object({}).strict(), { x: 1, y: 2 }],
  ['invalid_union', z.union([z.string(), z.number()]), true],
  ['invalid_key', z.record(z.string().min(2), z.number()), { a: 1 }],
  ['invalid_element', z.map(z.string(), z.number()), new Map([['a', 'x']])],
];

test("every verdict reads as zod's English, and as zod's Chinese", () => {
  for (const [name, schema, value] of CASES) {
    const en = schema.safeParse(value).error?.issues ?? [];
    const zh = schema.safeParse(value, { error: z.locales.zhCN().localeError }).error?.issues ?? [];
    const ours = schemaVerdicts(schema, value);
    assert.ok(ours && ours.length === en.length && en.length > 0, name);
    ours.forEach((v, i) => {
      assert.equal(v.path, (en[i]?.path ?? []).join('.'), `${name}: path`);
      assert.equal(renderMsg(v.msg, 'en'), en[i]?.message, `${name}: English`);
      assert.equal(renderMsg(v.msg, 'zh-CN'), zh[i]?.message, `${name}: Chinese`);
    });
  }
  assert.equal(schemaVerdicts(z.string(), 'ok'), null, 'a value the schema takes has no verdict');
});

// zod's Chinese has no wording of its own here (it says "无效输入"); ours names the kinds as its English does.
test('a discriminated union names the kinds it takes, in both languages', () => {
  const schema = z.discriminatedUnion('kind', [z.object({ kind: z.literal('a') }), z.object({ kind: z.literal('b') })]);
  const [v] = schemaVerdicts(schema, { kind: 'c' }) ?? [];
  assert.ok(v);
  assert.equal(renderMsg(v.msg, 'en'), schema.safeParse({ kind: 'c' }).error?.issues[0]?.message);
  assert.equal(renderMsg(v.msg, 'zh-CN'), "无效的判别值：期望 'a' | 'b' 之一");
});

test("a check that refuses with a message (params.msg) says that message", () => {
  const rule = msg('mounts.requestId');
  const schema = z.string().refine((s) => s.length > 5, { error: () => renderMsg(rule), params: { msg: rule } });
  const [v] = schemaVerdicts(schema, 'abc') ?? [];
  assert.deepEqual(v?.msg, rule);
  assert.equal(renderMsg(v!.msg, 'zh-CN'), '请求 ID 由 6-32 个小写字母和数字组成');
  // A refine without one: zod's general verdict, in both languages.
  const [plain] = schemaVerdicts(z.string().refine((s) => s.length > 5), 'abc') ?? [];
  assert.equal(renderMsg(plain!.msg, 'en'), 'Invalid input');
  assert.equal(renderMsg(plain!.msg, 'zh-CN'), '无效输入');
});
