// The built-in host's name is an identifier ("This computer": settings, API,
// CLI --host); the UI shows it in the user's language. Everywhere a host name
// reaches a catalog sentence as {{host}} it is shown so (the interpolation
// hook in index.ts); where a name is shown bare (tree, status bar, headings)
// the view calls hostLabel().
import type { FormatterModule, i18n as I18n, InterpolationOptions } from 'i18next';
import { BUILTIN_LOCAL_HOST_NAME } from '../../../shared/contract/models.ts';

type T = (key: string) => string;

export function hostLabel(name: string, t: T): string {
  return name === BUILTIN_LOCAL_HOST_NAME ? t('host.thisComputer') : name;
}

/** The interpolation keys that carry a host's name in the catalogs (the UI's and the backend's). */
const HOST_KEYS: ReadonlySet<string> = new Set(['host']);

/** i18next's interpolation hook: a host name under a host key, shown in the language. */
export function interpolateHostNames(value: unknown, key: string | undefined, t: T): unknown {
  return typeof value === 'string' && key !== undefined && HOST_KEYS.has(key) ? hostLabel(value, t) : value;
}

/**
 * i18next's formatter module for every i18next instance of the UI (the app's
 * and the tests'): with alwaysFormat every interpolated value passes here (no
 * catalog uses i18next's own formats), and a host name is shown in the language.
 */
export function hostNameFormatter(i18n: I18n): FormatterModule {
  return {
    type: 'formatter',
    init: () => undefined,
    add: () => undefined,
    addCached: () => undefined,
    // Called with the interpolation key among the options; the value is returned as it came unless it is a host name.
    format: (value, _format, _lng, options) => interpolateHostNames(value, typeof options?.['interpolationkey'] === 'string' ? options['interpolationkey'] : undefined, (k) => i18n.t(k)) as string,
  };
}

/** React escapes text itself; every value goes through the formatter above. */
export const INTERPOLATION: InterpolationOptions = { escapeValue: false, alwaysFormat: true };
