import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

/** The labels live in locales/; the language choice is kept in localStorage. */
export const resources = {
  en: { translation: en },
  'zh-CN': { translation: zhCN },
};

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;

const STORAGE_KEY = 'baton.language';

function savedLanguage(): string {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'en';
  } catch {
    return 'en';
  }
}

void i18n.use(initReactI18next).init({
  resources,
  lng: savedLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

/** Whether the person chose a language on this device (the organisation's own language applies until they do). */
export function languageChosen(): boolean {
  try {
    return (globalThis.localStorage?.getItem(STORAGE_KEY) ?? null) !== null;
  } catch {
    return false;
  }
}

/** The organisation's language for its sign-in page, unless the person chose one. */
export function speakOrganisationLanguage(locale: string): void {
  if (!languageChosen() && i18n.language !== locale && locale in resources) void i18n.changeLanguage(locale);
}

export function changeLanguage(code: string): void {
  void i18n.changeLanguage(code);
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export default i18n;
