/** One measured figure; a ratio names the figure of the same run it was measured against. */
export interface Figure {
  name: string
  value: number
  unit: string
  baseline?: string
}

/** The middle value, or the mean of the two middle ones: with an even count, not the higher one. NaN when empty. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length / 2
  if (sorted.length === 0) return Number.NaN
  return Number.isInteger(middle) ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[Math.floor(middle)] ?? 0)
}

/**
 * The mean of the middle half (the lowest and highest quarter left out): as robust to a stray round as the median,
 * but not stuck on a grid where the values are, as first paints are on frame boundaries.
 */
export function interquartileMean(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const cut = Math.floor(sorted.length / 4)
  const middle = sorted.slice(cut, sorted.length - cut)
  return middle.length === 0 ? Number.NaN : middle.reduce((total, value) => total + value, 0) / middle.length
}
