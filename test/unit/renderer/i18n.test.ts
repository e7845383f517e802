import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { catalogs } from '../../../src/renderer/src/i18n/messages'
import { resolveLocale } from '../../../src/renderer/src/i18n/locale'
import { pluralPlaceholder, translate } from '../../../src/renderer/src/i18n/translate'
import { errorCodes } from '../../../src/shared/errors'
import { cloudNoteTemplates } from '../../../src/shared/cloud-notes'
import { reasonTemplates } from '../../../src/shared/fit/reasons'

/**
 * A Korean particle depends on the word before it (RTX 3060는 / RTX 3060은), which a placeholder does not know:
 * the texts are written so that none follows one directly.
 */
const particleAfterPlaceholder = /\}(은|는|이|가|을|를|와|과|으로|로)/

function particlesAfterPlaceholders(texts: Record<string, string>): string[] {
  return Object.entries(texts).filter(([, text]) => particleAfterPlaceholder.test(text)).map(([key, text]) => `${key}: ${text}`)
}

describe('texts in English and Korean', () => {
  it('have the same keys, none empty, and the same placeholders in both languages', () => {
    expect(Object.keys(catalogs.ko).sort()).toEqual(Object.keys(catalogs.en).sort())
    for (const [key, english] of Object.entries(catalogs.en)) {
      const korean = catalogs.ko[key as keyof typeof catalogs.ko]
      expect(english.trim(), key).not.toBe('')
      expect(korean.trim(), key).not.toBe('')
      // A name with its braces, or with a plural's cases: `{count}` and `{count, plural, …}` are both `count`.
      const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)[},]/g)].map((match) => match[1]!).sort()
      expect(placeholders(korean), key).toEqual(placeholders(english))
    }
  })

  it('Korean texts are in Hangul, not copies of the English', () => {
    const same = Object.entries(catalogs.en).filter(([key, english]) => catalogs.ko[key as keyof typeof catalogs.ko] === english && /[a-z]{4}/.test(english))
    expect(same.map(([key]) => key)).toEqual(['app.name'])
  })

  it('are each used by the renderer', () => {
    const folder = join(import.meta.dirname, '../../../src/renderer/src')
    const code = readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !/(^|[\\/])messages\.ts$|^i18n[\\/]common\.ts$/.test(file))
      .map((file) => readFileSync(join(folder, file), 'utf8'))
      .join('\n')
    // A key is used where it is written out, or where a template such as `downloads.state.${state}` builds it
    // (the compiler checks that such a template yields only keys).
    const built = [...code.matchAll(/`([\w.-]+\.)\$\{/g)].map((match) => match[1]!)
    const unused = Object.keys(catalogs.en).filter(
      (key) => !['\'', '"', '`'].some((quote) => code.includes(quote + key + quote)) && !built.some((prefix) => key.startsWith(prefix))
    )
    expect(unused).toEqual([])
  })

  it('put no Korean particle directly after a placeholder', () => {
    expect(particlesAfterPlaceholders(catalogs.ko)).toEqual([])
    expect(particlesAfterPlaceholders(Object.fromEntries(reasonTemplates('ko').entries()))).toEqual([])
    expect(particlesAfterPlaceholders(Object.fromEntries(cloudNoteTemplates('ko').entries()))).toEqual([])
    // The check itself: it finds the mistake the issue reported, and leaves words that only start like a particle.
    expect(particlesAfterPlaceholders({ bad: '{gpu}는 사용하지 않습니다', fine: '{gpu}(사용 안 함)', word: '{count}개 레이어' })).toEqual(['bad: {gpu}는 사용하지 않습니다'])
  })

  it('say every error code in both languages, with a hint', () => {
    for (const code of errorCodes) {
      for (const language of ['en', 'ko'] as const) {
        const texts: Record<string, string> = catalogs[language]
        expect(texts[`error.${code}`], `${language} error.${code}`).toBeTruthy()
        expect(texts[`error.${code}.hint`], `${language} error.${code}.hint`).toBeTruthy()
      }
    }
  })

  it('follow the OS language when set to system', () => {
    expect(resolveLocale('system', ['ko-KR', 'en-US'])).toBe('ko')
    expect(resolveLocale('system', ['en-GB', 'ko'])).toBe('ko')
    expect(resolveLocale('system', ['de-DE'])).toBe('en')
    expect(resolveLocale('en', ['ko-KR'])).toBe('en')
  })

  it('fill placeholders', () => {
    expect(translate('ko', 'hardware.cpuDetail', { cores: 8, threads: 16 })).toBe('8코어 · 16스레드')
  })

  it('count in English by its plural rule, with the number in its digits, and leave Korean counting with 개', () => {
    expect(translate('en', 'chat.stats.tokens', { count: 1 })).toBe('1 token')
    expect(translate('en', 'chat.stats.tokens', { count: 0 })).toBe('0 tokens')
    expect(translate('en', 'chat.stats.tokens', { count: 12345 })).toBe('12,345 tokens')
    expect(translate('en', 'hardware.cpuDetail', { cores: 1, threads: 2 })).toBe('1 core · 2 threads')
    expect(translate('en', 'chat.dropped', { count: 1 })).toMatch(/^The oldest message was left out/)
    expect(translate('en', 'chat.dropped', { count: 3 })).toMatch(/^The 3 oldest messages were left out/)
    expect(translate('en', 'chat.editConfirm', { count: 1 })).toMatch(/^Sending this edit removes the message after this one\./)
    expect(translate('en', 'status.requests', { running: 1, queued: 2 })).toBe('1 answer, 2 waiting')
    expect(translate('ko', 'chat.stats.tokens', { count: 1 })).toBe('토큰 1개')
  })

  it('write every plural in the one form translate reads, so none reaches the window as braces', () => {
    for (const [locale, texts] of Object.entries(catalogs)) {
      for (const [key, text] of Object.entries(texts)) expect(text.replace(pluralPlaceholder, '').includes(', plural'), `${locale} ${key}`).toBe(false)
    }
  })
})
