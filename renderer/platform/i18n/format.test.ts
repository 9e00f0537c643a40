// Dates and times follow the UI language, not the browser's locale.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import i18n from 'i18next';
import { formatClock, formatDateTime, formatLocale, formatTime } from './format.ts';

// Local time: the test's expectations do not depend on the machine's time zone.
const at = new Date(2026, 11, 1, 7, 18, 11);
const midnight = new Date(2026, 11, 1, 0, 5, 1);
const afternoon = new Date(2026, 11, 1, 19, 2, 3);

test('zh-CN: year/month/day and a 24-hour clock', () => {
  assert.equal(formatDateTime(at, 'zh-CN'), '2026/12/1 07:18:11');
  assert.equal(formatDateTime(afternoon, 'zh-CN'), '2026/12/1 19:02:03');
  assert.equal(formatTime(at, 'zh-CN'), '07:18:11');
  assert.equal(formatTime(midnight, 'zh-CN'), '00:05:01');
});

test('en: the US form, as before', () => {
  assert.equal(formatDateTime(at, 'en'), '12/1/2026, 7:18:11 AM');
  assert.equal(formatTime(afternoon, 'en'), '7:02:03 PM');
});

test('chart clock: fixed width, 24 hours, midnight is 00 in every language', () => {
  for (const lang of ['en', 'zh-CN']) {
    assert.equal(formatClock(midnight, lang), '00:05:01', lang);
    assert.equal(formatClock(afternoon, lang), '19:02:03', lang);
  }
});

test('numbers, ISO strings and dates alike; an invalid date is empty, not "Invalid Date"', () => {
  assert.equal(formatDateTime(at.getTime(), 'zh-CN'), '2026/12/1 07:18:11');
  assert.equal(formatDateTime(at.toISOString(), 'zh-CN'), '2026/12/1 07:18:11');
  assert.equal(formatDateTime('not a date', 'zh-CN'), '');
  assert.equal(formatTime(Number.NaN, 'en'), '');
});

test('without a language argument the current UI language decides', async () => {
  await i18n.init({ lng: 'zh-CN', resources: {}, initAsync: false });
  assert.equal(formatLocale(), 'zh-CN');
  assert.equal(formatDateTime(at), '2026/12/1 07:18:11');
  await i18n.changeLanguage('en');
  assert.equal(formatDateTime(at), '12/1/2026, 7:18:11 AM');
  assert.equal(formatLocale('zh'), 'zh-CN');
  assert.equal(formatLocale(undefined), 'en');
});
