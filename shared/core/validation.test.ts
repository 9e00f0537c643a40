import assert from 'node:assert/strict';
import { test } from 'node:test';
import { charMsg, describeChar, quoteText } from './characters.ts';
import { SpindleError } from './errors.ts';
import { renderMsg, type Msg } from './messages.ts';
import { nameCharMsg, nameIssue, nameProblem, nameProblemCode, nameProblemMsg, validateName } from './validation.ts';

test('characters are named by code point and Unicode name', () => {
  assert.equal(describeChar('\u0085'), 'U+0085 (NEXT LINE)');
  assert.equal(describeChar('\t'), 'U+0009 (CHARACTER TABULATION)');
  assert.equal(describeChar('\u2028'), 'U+2028 (LINE SEPARATOR)');
  assert.equal(describeChar('\u202e'), 'U+202E (RIGHT-TO-LEFT OVERRIDE)');
  assert.equal(describeChar('\ud7ff'), 'U+D7FF (unassigned)');
  assert.equal(describeChar('\u{10ffff}'), 'U+10FFFF (unassigned)');
  assert.equal(describeChar('\ud800'), 'U+D800 (lone surrogate)');
  assert.equal(describeChar('\ue000'), 'U+E000');
  assert.equal(quoteText('a\u0085b\u{e0001}c d'), '"a\\u0085b\\u{E0001}c d"');
});

test('control and line-separator characters are refused, naming the character (C0, DEL, C1, U+2028, U+2029)', () => {
  for (let cp = 0; cp <= 0x9f; cp++) {
    if (cp >= 0x20 && cp < 0x7f) continue;
    const c = String.fromCodePoint(cp);
    assert.equal(nameProblemCode(`a${c}b`), 'control', `U+${cp.toString(16)}`);
  }
  for (const c of ['\u2028', '\u2029']) assert.equal(nameProblemCode(`a${c}b`), 'control');
  assert.deepEqual(nameIssue('vol\u0085x'), { code: 'control', char: 'U+0085 (NEXT LINE)' });
  assert.match(nameProblem('vol\u0085x') ?? '', /U\+0085 \(NEXT LINE\)/);
});

test('unassigned code points and lone surrogates are refused', () => {
  for (const c of ['\ud7ff', '\ufffe', '\uffff', '\u{10ffff}', '\ud800', '\udfff']) assert.equal(nameProblemCode(`a${c}b`), 'unassigned', c);
});

test('text-direction controls are refused (Trojan Source)', () => {
  for (const c of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
    assert.equal(nameIssue(`a${c}b`)?.code, 'bidi', describeChar(c));
  }
});

test('what round-trips through virsh is kept', () => {
  for (const n of ['a\u00a0b', 'a\u3000b', 'zwj\u200d👩‍💻', 'zwnj\u200cx', 'zwsp\u200bx', 'wj\u2060x', 'bom\ufeffx', 'shy\u00adx', '❤\ufe0f', 'pua\ue000', 'tag\u{e0001}', 'e\u0301', 'wireless\u{1f6dc}', '数据盘', 'עברית']) {
    assert.equal(nameProblem(n), null, JSON.stringify(n));
  }
});

test('surrounding spaces name the space at fault', () => {
  assert.deepEqual(nameIssue(' a'), { code: 'spaces', char: 'U+0020 (SPACE)' });
  assert.deepEqual(nameIssue('a\u00a0'), { code: 'spaces', char: 'U+00A0 (NO-BREAK SPACE)' });
  assert.deepEqual(nameIssue('\ufeffa'), { code: 'spaces', char: 'U+FEFF (ZERO WIDTH NO-BREAK SPACE)' });
  assert.equal(nameProblem(' a'), 'it starts or ends with a space');
  assert.match(nameProblem('a\u3000') ?? '', /U\+3000 \(IDEOGRAPHIC SPACE\)/);
});

test('validateName: INVALID_NAME with the name escaped and the field', () => {
  assert.throws(
    () => validateName('volume', 'v\u2029x', { field: 'name' }),
    (e: unknown) => e instanceof SpindleError && e.code === 'INVALID_NAME' && e.message.includes('"v\\u2029x"') && e.message.includes('U+2029 (PARAGRAPH SEPARATOR)') && e.details?.field === 'name',
  );
  assert.equal(validateName('host', 'web "prod" $(x)'), 'web "prod" $(x)');
});

test('a refused name is a message: the kind, the reason and Spindle\'s own words about the character translate', () => {
  let e: unknown;
  try {
    validateName('pool', 'x\ud7ffy', { field: 'name' });
  } catch (err) {
    e = err;
  }
  assert.ok(e instanceof SpindleError && e.msg, String(e));
  assert.equal(e.msg.key, 'core.invalidName');
  assert.equal(e.message, 'The pool name "x\\uD7FFy" cannot be used: it contains U+D7FF (unassigned), a code point with no character assigned, which libvirt cannot store or list back.');
  assert.equal(renderMsg(e.msg, 'zh-CN'), '存储池名称 "x\\uD7FFy" 不能使用：它包含 U+D7FF (未分配的码位)，这是尚未分配字符的码位，libvirt 无法保存或列回。');
  assert.deepEqual(e.details, { field: 'name' });
  // Unicode's names are names: they stay as they are in every language.
  assert.equal(renderMsg(charMsg('\u0085') as Msg, 'zh-CN'), 'U+0085 (NEXT LINE)');
  assert.equal(charMsg('\ue000'), 'U+E000');
  assert.equal(renderMsg(nameProblemMsg(' a') as Msg, 'zh-CN'), '它以空格开头或结尾');
  assert.equal(renderMsg(nameCharMsg('a\u3000') as Msg, 'en'), 'U+3000 (IDEOGRAPHIC SPACE)');
  assert.equal(nameCharMsg('fine'), undefined);
  for (const n of ['', '.', 'a/b', 'x'.repeat(256), 'a\u202eb']) assert.equal(nameProblem(n), renderMsg(nameProblemMsg(n) as Msg, 'en'), n);
});
