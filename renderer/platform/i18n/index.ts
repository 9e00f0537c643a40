// Message catalogs and the language choice (kept in localStorage). Every
// user-visible string of the UI comes from the catalogs: en.json / zh-CN.json
// here (platform and shell), each feature's i18n/ fragment, and the
// backend's messages (shared/i18n, namespace "msg").
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };
import { CATALOGS } from '../../../shared/i18n/catalog.ts';
import { FEATURE_CATALOGS } from '../../features/catalogs.ts';
import { hostNameFormatter, INTERPOLATION } from './host-label.ts';
import { mergeCatalogs } from './merge.ts';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'spindle.language';

function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function initialLanguage(): Language {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage disabled: fall back to the browser's language */
  }
  if (isLanguage(saved)) return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function setLanguage(lang: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not persisted, still switched */
  }
  void i18n.changeLanguage(lang);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

const lng = initialLanguage();
void i18n.use(initReactI18next).use(hostNameFormatter(i18n)).init({
  // "msg": the backend's messages (shared/i18n), translated from their keys.
  resources: {
    en: { translation: mergeCatalogs([en, ...FEATURE_CATALOGS.en]), msg: CATALOGS.en },
    'zh-CN': { translation: mergeCatalogs([zhCN, ...FEATURE_CATALOGS['zh-CN']]), msg: CATALOGS['zh-CN'] },
  },
  lng,
  fallbackLng: 'en',
  initAsync: false,
  interpolation: INTERPOLATION,
  returnNull: false,
});

const syncDocument = (l: string) => {
  document.documentElement.lang = l;
  document.title = i18n.t('app.title');
};
syncDocument(lng);
i18n.on('languageChanged', syncDocument);

export default i18n;
