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
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${units[unit]}`
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
