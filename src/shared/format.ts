/** Fills each `{name}` in a text with `valueOf(name)`, leaving those it has no value for as they are. */
export function fillPlaceholders(template: string, valueOf: (name: string) => string | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => valueOf(name) ?? whole)
}

/** Sizes the way people read them: decimal GB with one decimal, as Hugging Face and disk tools show. */
export function formatBytes(bytes: number, locale = 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  const digits = unit === 0 ? 0 : value >= 100 ? 0 : 1
  return `${formatDecimal(value, digits, locale)} ${units[unit]}`
}

/**
 * English and Korean, the window's languages, write numbers alike ("1,234.5"), so this writes them itself, not
 * through Intl: a window's first Intl number costs 15-50 ms of ICU loading, and the status bar's meter is the first
 * thing the window formats (docs/performance.md). It rounds as Intl does: the shortest decimal that reads back as the
 * value ("0.95", not the binary 0.9499...), half away from zero. Other locales, and numbers JavaScript writes with an
 * exponent, go to Intl. test/unit/shared/errors-format.test.ts checks the two agree.
 */
export function formatDecimal(value: number, digits: number, locale: string): string {
  const shortest = String(Math.abs(value))
  if ((locale !== 'en' && locale !== 'ko') || shortest.includes('e')) {
    return value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })
  }
  const [whole = '', fraction = ''] = shortest.split('.')
  const kept = whole + fraction.slice(0, digits).padEnd(digits, '0')
  const rounded = (fraction[digits] ?? '0') >= '5' ? String(BigInt(kept) + 1n).padStart(kept.length, '0') : kept
  const wholeDigits = rounded.slice(0, rounded.length - digits)
  const grouped = wholeDigits.replace(/\B(?=(\d{3})+$)/g, ',')
  const sign = value < 0 || Object.is(value, -0) ? '-' : ''
  return sign + (digits > 0 ? `${grouped}.${rounded.slice(-digits)}` : grouped)
}

/**
 * How long a download has left, as the window and the CLI both say it ("about 45 s", "about 3 min", "about 1.5 h"):
 * seconds in fives and minutes rounded up, so the number does not flicker and never promises less than measured.
 */
export function roundTimeLeft(seconds: number): { unit: 'seconds' | 'minutes' | 'hours'; n: number } {
  if (seconds < 60) return { unit: 'seconds', n: Math.max(5, Math.ceil(seconds / 5) * 5) }
  if (seconds < 3600) return { unit: 'minutes', n: Math.ceil(seconds / 60) }
  return { unit: 'hours', n: Math.round(seconds / 360) / 10 }
}
