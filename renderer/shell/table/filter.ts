// The table filter: every whitespace-separated term must appear in some cell's
// text (case-insensitive). Row texts are cached per row object and language,
// so typing into the box over 10,000 rows does not rebuild them.
import type { TableSpec } from './specs.tsx';

type T = (key: string) => string;
const caches = new Map<string, WeakMap<object, string>>();

function rowText<R extends object>(spec: TableSpec<R>, row: R, t: T, lang: string): string {
  const cacheKey = `${spec.id}|${lang}`;
  let cache = caches.get(cacheKey);
  if (!cache) {
    cache = new WeakMap();
    caches.set(cacheKey, cache);
  }
  let text = cache.get(row);
  if (text === undefined) {
    text = spec.columns
      .map((c) => c.meta?.text(row, t) ?? '')
      .join('\u0000')
      .toLocaleLowerCase();
    cache.set(row, text);
  }
  return text;
}

export function filterRows<R extends object>(spec: TableSpec<R>, rows: R[], query: string, t: T, lang: string): R[] {
  const terms = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return rows;
  return rows.filter((r) => {
    const text = rowText(spec, r, t, lang);
    return terms.every((term) => text.includes(term));
  });
}
