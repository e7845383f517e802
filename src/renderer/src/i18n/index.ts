import { useCallback } from 'react'
import { useSettings } from '../stores/settings'
import { resolveLocale } from './locale'
import { translate, type Locale, type MessageKey } from './translate'

export type { Locale, MessageKey }

export function useLocale(): Locale {
  return resolveLocale(useSettings((state) => state.settings.locale), navigator.languages)
}

export function useT(): (key: MessageKey, values?: Record<string, string | number>) => string {
  const locale = useLocale()
  return useCallback((key, values) => translate(locale, key, values), [locale])
}
