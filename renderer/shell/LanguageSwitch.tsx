// Language picker; the choice is kept in localStorage.
import { useTranslation } from 'react-i18next';
import { Icon } from '../platform/components/Icon.tsx';
import { LANGUAGES, setLanguage, type Language } from '../platform/i18n/index.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch" title={t('toolbar.language')}>
      <Icon name="globe" />
      <select aria-label={t('toolbar.language')} value={i18n.language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
