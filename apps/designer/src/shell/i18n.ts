import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';

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

/** A moment in the UI's language: "30 Nov 2026, 05:28" in English, "2026年11月30日 05:28" in Chinese. */
export function formatMoment(at: string | number | Date, language: string, withTime = true): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return new Intl.DateTimeFormat(language, withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' }).format(date);
}

/** `when(at)` formats a moment in the language the reader chose. */
export function useMoment(): (at: string | number | Date, withTime?: boolean) => string {
  const { i18n: current } = useTranslation();
  return (at, withTime = true) => formatMoment(at, current.language, withTime);
}
