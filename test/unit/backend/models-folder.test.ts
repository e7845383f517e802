import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isPlainFileName, ModelsFolder } from '../../../src/backend/services/library/models-folder'
import { parseRetryAfter, retryDelayMs } from '../../../src/backend/services/downloads/retry-policy'
import { trustedLength, type ResumeState } from '../../../src/backend/services/downloads/resume-state'

describe('models folder', () => {
  const folder = new ModelsFolder('/data/models')

  it.each(['../escape.gguf', '..', '.', '/etc/passwd', 'sub/file.gguf', 'sub\\file.gguf', 'C:evil.gguf', 'nul\0.gguf', ''])('refuses %j', (name) => {
    expect(isPlainFileName(name)).toBe(false)
    expect(() => folder.file(name)).toThrow(/outside the models folder/)
    expect(() => folder.part(name)).toThrow(/outside the models folder/)
  })

  it('accepts plain names, and keeps a download of one beside it until it is verified', () => {
    expect(folder.file('EXAONE-4.0-1.2B-Q4_K_M.gguf')).toBe(join('/data/models', 'EXAONE-4.0-1.2B-Q4_K_M.gguf'))
    expect(folder.part('EXAONE-4.0-1.2B-Q4_K_M.gguf')).toBe(join('/data/models', 'EXAONE-4.0-1.2B-Q4_K_M.gguf.part'))
  })
})

describe('retry policy', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 8 }

  it('doubles the wait with half of it random, up to the ceiling', () => {
    expect(retryDelayMs(policy, 1, undefined, () => 0)).toBe(500)
    expect(retryDelayMs(policy, 1, undefined, () => 1)).toBe(1000)
    expect(retryDelayMs(policy, 4, undefined, () => 0.5)).toBe(6000)
    expect(retryDelayMs(policy, 20, undefined, () => 1)).toBe(60_000)
  })

  it('honours Retry-After, as seconds or as a date', () => {
    expect(retryDelayMs(policy, 1, parseRetryAfter('7'))).toBe(7000)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000)
    expect(parseRetryAfter('soon')).toBeUndefined()
  })
})

describe('resume after a restart', () => {
  const state = { savedAt: '2030-01-01T00:00:10.000Z', durable: { name: 'a.gguf', bytes: 1000 } } as ResumeState

  it('trusts every byte after a crash of the app, only fsync\'d bytes after a crash of the machine', () => {
    expect(trustedLength(state, 'a.gguf', 5000, Date.parse('2030-01-01T00:00:00Z'))).toBe(5000)
    expect(trustedLength(state, 'a.gguf', 5000, Date.parse('2030-01-01T00:01:00Z'))).toBe(1000)
    expect(trustedLength(state, 'b.gguf', 5000, Date.parse('2030-01-01T00:01:00Z'))).toBe(0)
  })
})
