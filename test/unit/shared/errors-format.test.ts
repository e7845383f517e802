import { describe, expect, it } from 'vitest'
import { AppError, toErrorData } from '../../../src/shared/errors'
import { formatBytes } from '../../../src/shared/format'

describe('errors as values', () => {
  it('keeps an AppError as it is and hides an unexpected one behind a clear message with details', () => {
    const known = new AppError({ code: 'not-found', message: 'No such model.', hint: 'Check the name.' })
    expect(toErrorData(known)).toEqual({ code: 'not-found', message: 'No such model.', hint: 'Check the name.' })
    const unexpected = toErrorData(new TypeError('x is undefined'))
    expect(unexpected.code).toBe('internal')
    expect(unexpected.message).not.toMatch(/undefined/)
    expect(unexpected.details).toMatch(/TypeError: x is undefined/)
  })
})

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [812_437_792, '812 MB'],
    [1_363_939_616, '1.4 GB'],
    [19_300_000_000, '19.3 GB'],
    [64_000_000_000, '64.0 GB'],
    [2_400_000_000_000, '2.4 TB']
  ])('%d bytes reads as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })

  it('uses the locale for the decimal mark', () => {
    expect(formatBytes(1_500_000_000, 'de')).toBe('1,5 GB')
  })
})
