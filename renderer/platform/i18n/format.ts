// Dates and times in the UI language, written once: every date or time the
// UI shows goes through these (not toLocaleString, whose default is the
// browser's locale, so a zh-CN user saw "12/1/2026, 7:18:11 AM").
// zh-CN: 2026/12/1 07:18:11; en: 12/1/2026, 7:18:11 AM.
import i18n from 'i18next';

export type DateInput = number | string | Date;

type Style = 'dateTime' | 'time' | 'clock';

/** The Intl locale of the current UI language (the i18next instance the app initialises). */
export function formatLocale(lang: string | undefined = i18n.language): 'zh-CN' | 'en' {
  return lang?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  dateTime: { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' },
  time: { hour: 'numeric', minute: '2-digit', second: '2-digit' },
  // Charts: fixed width, 24 hours. hourCycle, not hour12: false, which
  // prints midnight as "24:05:01" in English.
  clock: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
};

// Building a formatter costs far more than using one (charts format on every frame).
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(style: Style, locale: string): Intl.DateTimeFormat {
  const key = `${style}|${locale}`;
  let f = cache.get(key);
  if (!f) {
    // zh-CN's own default is the 24-hour clock with two-digit hours (07:18:11).
    const opts = locale === 'zh-CN' && style !== 'clock' ? { ...OPTIONS[style], hour: '2-digit' as const, hourCycle: 'h23' as const } : OPTIONS[style];
    f = new Intl.DateTimeFormat(locale, opts);
    cache.set(key, f);
  }
  return f;
}

function format(style: Style, value: DateInput, lang?: string): string {
  const d = value instanceof Date ? value : new Date(value);
  if (!Number.isFinite(d.getTime())) return '';
  return formatter(style, formatLocale(lang)).format(d);
}

/** Date and time: "2026/12/1 07:18:11" (zh-CN), "12/1/2026, 7:18:11 AM" (en). Empty for an invalid date. */
export function formatDateTime(value: DateInput, lang?: string): string {
  return format('dateTime', value, lang);
}

/** Time of day: "07:18:11" (zh-CN), "7:18:11 AM" (en). */
export function formatTime(value: DateInput, lang?: string): string {
  return format('time', value, lang);
}

/** A chart's clock, 24 hours and fixed width in every language: "07:18:11", "00:05:01". */
export function formatClock(value: DateInput, lang?: string): string {
  return format('clock', value, lang);
}
