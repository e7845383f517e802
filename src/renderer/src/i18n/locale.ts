import type { catalogs } from './messages'

export type Locale = keyof typeof catalogs

/**
 * "system" follows the OS (navigator.languages in the window): Korean when any preferred language is Korean. Apart
 * from the catalogues (only their type is imported), so that the crash page can pick its language without them.
 */
export function resolveLocale(preference: 'system' | Locale, languages: readonly string[]): Locale {
  if (preference !== 'system') return preference
  return languages.some((language) => language.toLowerCase().startsWith('ko')) ? 'ko' : 'en'
}
