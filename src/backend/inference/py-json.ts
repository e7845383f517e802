/**
 * JSON as Python's `json.dumps(value, ensure_ascii=False)` writes it, which is what the `tojson` filter in LG's
 * Hugging Face templates produces: `", "` between items, `": "` after keys, keys in their given order, non-ASCII
 * text as is. JavaScript cannot tell `1.0` from `1` once parsed, so an integral float prints as an integer.
 */
export function pyJson(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number') return pyNumber(value)
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined)
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${pyJson(item)}`).join(', ')}}`
  }
  throw new TypeError(`${typeof value} cannot be written as JSON`)
}

/** Python's float repr: fixed notation for exponents from -4 to 15, otherwise `1.5e-05` style. */
function pyNumber(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : value < 0 ? '-Infinity' : 'NaN'
  if (Number.isInteger(value)) return Math.abs(value) < 1e16 ? String(value) : BigInt(value).toString()
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e')
  const power = Number(exponent)
  if (power >= -4 && power < 16) return String(value)
  return `${mantissa}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`
}
