import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import de from './de.json';
import en from './en.json';
import nl from './nl.json';

export const LANGUAGES = ['nl', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
/** Only an explicit choice in the header is stored here; otherwise the browser (or the user's profile) decides. */
export const LANGUAGE_STORAGE_KEY = 'koppel.lang';

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { nl: { translation: nl }, de: { translation: de }, en: { translation: en } },
    supportedLngs: [...LANGUAGES],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
    detection: {
      order: ['querystring', 'localStorage', 'navigator'],
      lookupQuerystring: 'lang',
      lookupLocalStorage: LANGUAGE_STORAGE_KEY,
      caches: [],
    },
  });

const syncHtmlLang = (lng: string) => {
  document.documentElement.lang = lng.slice(0, 2);
};
syncHtmlLang(i18n.resolvedLanguage ?? 'en');
i18n.on('languageChanged', syncHtmlLang);

export function currentLanguage(): Language {
  const l = (i18n.resolvedLanguage ?? i18n.language ?? 'en').slice(0, 2);
  return (LANGUAGES as readonly string[]).includes(l) ? (l as Language) : 'en';
}

export function hasExplicitLanguage(): boolean {
  try {
    return !!localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return false;
  }
}

export function rememberLanguage(lng: Language) {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

export default i18n;
