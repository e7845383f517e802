/** Context lengths the way model cards write them: 8K, 128K, 27.5K (K = 1024 tokens). */
export function formatContext(tokens: number): string {
  if (tokens < 1024) return String(tokens)
  const thousands = Math.floor((tokens / 1024) * 10) / 10
  return `${Number.isInteger(thousands) ? thousands : thousands.toFixed(1)}K`
}
