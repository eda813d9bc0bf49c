import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './messages.en';
import { zhCN, type MessageKey } from './messages.zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const dictionaries: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

interface I18n {
  readonly language: Language;
  /** The BCP 47 locale numbers and dates are formatted in. */
  readonly locale: string;
  /** The user's time zone (the browser's), in which dates are shown. */
  readonly timeZone: string;
  setLanguage(language: Language): void;
  t(key: MessageKey): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

/** zh-CN first; English on request. Held in memory only: nothing about the user is stored. */
export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const [language, setLanguage] = useState<Language>('zh-CN');
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(
    () => ({
      language,
      locale: language === 'zh-CN' ? 'zh-CN' : 'en-GB',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      setLanguage,
      t: (key) => dictionaries[language][key],
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
