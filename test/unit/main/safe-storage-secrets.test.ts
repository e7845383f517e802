/** The app's key store over Electron's safeStorage, with a faked safeStorage object (no Electron binary here). */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { safeStorageSecrets, type SafeStorageLike } from '../../../src/main/safe-storage-secrets'
import { failure } from '../../helpers/failure'

let folder: string
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'exaone-safe-storage-'))
})
afterEach(() => rm(folder, { recursive: true, force: true }))

/** A faked safeStorage: XOR with a fixed byte, so the file never holds the key's text. */
function fakedSafeStorage(available = true): SafeStorageLike & { sealed: number } {
  const fake = {
    sealed: 0,
    isEncryptionAvailable: () => available,
    encryptString: (text: string) => {
      fake.sealed++
      return Buffer.from([...Buffer.from(text, 'utf8')].map((byte) => byte ^ 0x5a))
    },
    decryptString: (data: Buffer) => Buffer.from([...data].map((byte) => byte ^ 0x5a)).toString('utf8')
  }
  return fake
}

describe('safeStorageSecrets (faked safeStorage)', () => {
  it('seals keys with safeStorage, so the file has no key text, and opens them again', async () => {
    const safeStorage = fakedSafeStorage()
    const path = join(folder, 'engine-keys.json')
    await safeStorageSecrets(path, safeStorage).set('gpu-box', 'sk-키-secret')
    expect(safeStorage.sealed).toBe(1)
    expect(await readFile(path, 'utf8')).not.toContain('sk-')
    expect(await safeStorageSecrets(path, safeStorage).get('gpu-box')).toBe('sk-키-secret')
  })

  it('refuses to save a key when the keychain is unavailable, saying what to do', async () => {
    const error = await failure(safeStorageSecrets(join(folder, 'k.json'), fakedSafeStorage(false)).set('a', 'sk'))
    expect(error.message).toMatch(/keychain is not available/)
  })
})
