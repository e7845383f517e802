/** Keys in engine-keys.json: readable by the user only, sealed as the host seals them, never mixed up. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FileSecretStore, type SecretSealer } from '../../../../src/backend/services/remote/secret-store'
import { failure } from '../../../helpers/failure'

let folder: string
let path: string
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'exaone-secrets-'))
  path = join(folder, 'engine-keys.json')
})
afterEach(() => rm(folder, { recursive: true, force: true }))

/** Stands in for a keychain: reversible, and visibly not the plain text. */
const reversing: SecretSealer = { name: 'reversing', seal: (secret) => [...secret].reverse().join(''), open: (sealed) => [...sealed].reverse().join('') }

describe('FileSecretStore', () => {
  it.skipIf(process.platform === 'win32')('writes a 0600 file, and reads back, replaces and deletes keys (the mode is POSIX; Windows relies on the profile ACL)', async () => {
    const store = new FileSecretStore(path)
    await store.set('a', 'sk-one')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    await store.set('a', 'sk-two')
    await store.set('b', 'sk-b')
    expect(await new FileSecretStore(path).get('a')).toBe('sk-two')
    await store.delete('a')
    expect(await store.has('a')).toBe(false)
    expect(await new FileSecretStore(path).get('b')).toBe('sk-b')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('seals with its sealer; reads plain keys another program saved; refuses, in words, keys it cannot open', async () => {
    await new FileSecretStore(path).set('cli', 'sk-plain')
    const app = new FileSecretStore(path, reversing)
    await app.set('app', 'sk-sealed')
    expect(await readFile(path, 'utf8')).not.toContain('sk-sealed')
    expect(await app.get('cli')).toBe('sk-plain')
    expect(await app.get('app')).toBe('sk-sealed')
    const error = await failure(new FileSecretStore(path).get('app'))
    expect(error.code).toBe('remote-unauthorized')
    expect(error.hint).toMatch(/--api-key/)
  })
})
