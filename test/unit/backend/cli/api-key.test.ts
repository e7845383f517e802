/** --api-key-stdin: the CLI's key from standard input's first line, so that it never shows in the process list. */
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { apiKeyFrom } from '../../../../src/backend/cli/command'
import { AppError } from '../../../../src/shared/errors'

const input = (...chunks: string[]): Readable => Readable.from(chunks.map((chunk) => Buffer.from(chunk)))

describe('the CLI reads an API key', () => {
  it('from --api-key as given, and nothing without either option', async () => {
    expect(await apiKeyFrom({ 'api-key': 'sk-given' }, input('sk-ignored\n'))).toBe('sk-given')
    expect(await apiKeyFrom({}, input('sk-ignored\n'))).toBeUndefined()
  })

  it('from the first line of standard input, in pieces, with Windows line ends and without a last newline', async () => {
    expect(await apiKeyFrom({ 'api-key-stdin': true }, input('sk-to', 'ken\r\n', 'second line\n'))).toBe('sk-token')
    expect(await apiKeyFrom({ 'api-key-stdin': true }, input('  sk-file  '))).toBe('sk-file')
  })

  it('refuses an empty first line and both options at once, in words', async () => {
    await expect(apiKeyFrom({ 'api-key-stdin': true }, input('\nsk-late\n'))).rejects.toThrow(/No key came on standard input/)
    await expect(apiKeyFrom({ 'api-key-stdin': true }, input())).rejects.toBeInstanceOf(AppError)
    await expect(apiKeyFrom({ 'api-key-stdin': true, 'api-key': 'sk' }, input('sk\n'))).rejects.toThrow(/not both/)
  })
})
