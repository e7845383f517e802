import { describe, expect, it } from 'vitest'
import { AppError, toErrorData } from '../../../src/shared/errors'
import { fillPlaceholders, formatBytes, formatDecimal, roundTimeLeft } from '../../../src/shared/format'
import { timeLeft } from '../../../src/backend/cli/model-files-option'
import type { DownloadItem } from '../../../src/shared/downloads'
import { percentDone } from '../../../src/shared/downloads-plain'
import { describeState } from '../../../src/renderer/src/features/downloads/describe'
import { translate } from '../../../src/renderer/src/i18n/translate'

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

  it('writes English and Korean numbers as Intl does, without it', () => {
    const values = [0, 0.04, 0.05, 0.95, 1.25, 1.35, 2.5, 9.95, 99.95, 999.5, 1_000, 1_234.56, 12_345.65, 999_999.95, 1_234_567.8, -0, -0.04, -0.4, -1_234.55, 1e-7, 0.000001]
    for (let i = 0; i < 2_000; i++) values.push(Math.random() * 10 ** Math.floor(Math.random() * 8))
    for (const locale of ['en', 'ko']) {
      for (const value of values) {
        for (const digits of [0, 1]) {
          expect(formatDecimal(value, digits, locale), `${value} in ${locale}`).toBe(value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }))
        }
      }
    }
  })
})

describe('placeholders', () => {
  it('fills each {name} it has a value for and leaves the others', () => {
    expect(fillPlaceholders('{a} of {b}, {a} again, {missing}', (name) => ({ a: '1', b: '2' })[name])).toBe('1 of 2, 1 again, {missing}')
  })
})

describe('download progress', () => {
  it('is in whole percent rounded down, so it reads 100% only when done, and 0 until the size is known', () => {
    expect(percentDone({ receivedBytes: 999, totalBytes: 1000 })).toBe(99)
    expect(percentDone({ receivedBytes: 1000, totalBytes: 1000 })).toBe(100)
    expect(percentDone({ receivedBytes: 1200, totalBytes: 1000 })).toBe(100)
    expect(percentDone({ receivedBytes: 5, totalBytes: null })).toBe(0)
    expect(percentDone({ receivedBytes: 0, totalBytes: 0 })).toBe(0)
  })
})

describe('time left', () => {
  it.each([
    [0.4, 'seconds', 5],
    [12, 'seconds', 15],
    [45, 'seconds', 45],
    [59.5, 'seconds', 60],
    [60, 'minutes', 1],
    [61, 'minutes', 2],
    [179, 'minutes', 3],
    [3599, 'minutes', 60],
    [3600, 'hours', 1],
    [5400, 'hours', 1.5],
    [5579, 'hours', 1.5],
    [5581, 'hours', 1.6]
  ])('%d s rounds to %s %d: seconds in fives and minutes upwards, hours to a tenth', (seconds, unit, n) => {
    expect(roundTimeLeft(seconds)).toEqual({ unit, n })
  })

  it('reads the same in the CLI as in the window', () => {
    const item = { state: 'downloading', totalBytes: null, bytesPerSecond: null } as DownloadItem
    const inWindow = (secondsLeft: number, locale: 'en' | 'ko' = 'en'): string =>
      describeState((key, values) => translate(locale, key, values), { ...item, secondsLeft }, locale)
    const seconds = [12, 179, 5400, 7200]
    expect(seconds.map(timeLeft)).toEqual(['about 15 s left', 'about 3 min left', 'about 1.5 h left', 'about 2 h left'])
    expect(seconds.map((n) => inWindow(n))).toEqual(seconds.map(timeLeft))
    expect(inWindow(5400, 'ko')).toBe('약 1.5시간 남음')
  })
})
