import { fillPlaceholders } from '../../../shared/format'
import { catalogs, type MessageKey } from './messages'

export type Locale = keyof typeof catalogs
export type { MessageKey }

/** "system" follows the OS (navigator.languages in the window): Korean when any preferred language is Korean. */
export function resolveLocale(preference: 'system' | Locale, languages: readonly string[]): Locale {
  if (preference !== 'system') return preference
  return languages.some((language) => language.toLowerCase().startsWith('ko')) ? 'ko' : 'en'
}

export function translate(locale: Locale, key: MessageKey, values?: Record<string, string | number>): string {
  const template = catalogs[locale][key]
  if (!values) return template
  return fillPlaceholders(template, (name) => (name in values ? String(values[name]) : undefined))
}
