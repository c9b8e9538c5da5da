import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { translator, type Language, type Translate } from './i18n';

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const I18nContext = createContext<I18n | undefined>(undefined);
const KEY = 'crossclaim.language';

/** Chinese unless the person switched to English; the choice is remembered in this browser. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(() =>
    localStorage.getItem(KEY) === 'en' ? 'en' : 'zh',
  );
  useEffect(() => {
    localStorage.setItem(KEY, language);
    // Screen readers pronounce the page in its language.
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage, t: translator(language) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
