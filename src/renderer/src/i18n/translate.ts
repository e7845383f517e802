import { fillPlaceholders } from '../../../shared/format'
import type { Locale } from './locale'
import { catalogs, type MessageKey } from './messages'

export type { Locale, MessageKey }

/**
 * `{count, plural, one {# line} other {# lines}}` (ICU's form, the one/other cases only) picks its case by the
 * language's plural rule for the number, and writes it for `#` in that language's digits. English needs it; Korean
 * counts with 개 and writes plain `{count}`.
 */
export const pluralPlaceholder = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g

export function translate(locale: Locale, key: MessageKey, values?: Record<string, string | number>): string {
  const template = catalogs[locale][key]
  if (!values) return template
  const counted = template.replace(pluralPlaceholder, (whole, name: string, one: string, other: string) => {
    const count = values[name]
    if (typeof count !== 'number') return whole
    return (new Intl.PluralRules(locale).select(count) === 'one' ? one : other).replaceAll('#', count.toLocaleString(locale))
  })
  return fillPlaceholders(counted, (name) => (name in values ? String(values[name]) : undefined))
}
