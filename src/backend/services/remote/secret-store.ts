/**
 * Where remote engines' API keys live: never in engines.json, never sent to the window. The store is an interface
 * so that each host keeps keys its own way (BackendOptions.secrets): the app seals them with Electron's safeStorage
 * (the OS keychain; src/main/safe-storage-secrets.ts), plain Node keeps them in a file only the user can read.
 * Both write the same file, engine-keys.json, each entry tagged with how it was sealed, so the CLI and the app
 * share one list of engines.
 */
import { z } from 'zod'
import { AppError } from '../../../shared/errors'
import { readJsonFile, writeFileAtomic } from '../../json-file'

export interface SecretStore {
  get(id: string): Promise<string | undefined>
  has(id: string): Promise<boolean>
  set(id: string, secret: string): Promise<void>
  delete(id: string): Promise<void>
}

/** How a secret is turned into what the file holds, and back. */
export interface SecretSealer {
  /** Stored with each entry, so a reader knows whether it can open it. */
  name: string
  seal(secret: string): string
  open(sealed: string): string
}

/** Plain text: what Node has; the file's mode (0600) is the protection, as with ~/.ssh keys. */
export const plainSealer: SecretSealer = { name: 'plain', seal: (secret) => secret, open: (sealed) => sealed }

const KeyFile = z.object({ version: z.literal(1), keys: z.record(z.string(), z.object({ sealer: z.string(), value: z.string() })) })
type KeyFile = z.infer<typeof KeyFile>

/**
 * Readable and writable by the user only. Windows ignores the mode: there the file inherits the ACL of the user's
 * profile folder (%APPDATA%), which only the user, SYSTEM and Administrators can read.
 */
const ownerOnly = 0o600

/** Read afresh every time, so the app and the CLI never overwrite each other's keys. */
export class FileSecretStore implements SecretStore {
  private writes: Promise<void> = Promise.resolve()

  constructor(
    private readonly path: string,
    private readonly sealer: SecretSealer = plainSealer
  ) {}

  async get(id: string): Promise<string | undefined> {
    const entry = (await this.read()).keys[id]
    if (!entry) return undefined
    if (entry.sealer === this.sealer.name) return this.sealer.open(entry.value)
    // The app can read what the CLI saved (and seals it on the next save); the CLI cannot open the keychain.
    if (entry.sealer === plainSealer.name) return entry.value
    throw new AppError({
      code: 'remote-unauthorized',
      message: 'This engine\'s API key was saved by the EXAONE Desktop app in the system keychain, which this program cannot open.',
      hint: 'Pass the key with --api-key, or use the engine from the app.'
    })
  }

  async has(id: string): Promise<boolean> {
    return Object.hasOwn((await this.read()).keys, id)
  }

  async set(id: string, secret: string): Promise<void> {
    const value = this.sealer.seal(secret)
    await this.change((keys) => ({ ...keys, [id]: { sealer: this.sealer.name, value } }))
  }

  async delete(id: string): Promise<void> {
    if (await this.has(id)) await this.change(({ [id]: _removed, ...rest }) => rest)
  }

  private read(): Promise<KeyFile> {
    return readJsonFile(this.path, KeyFile, { version: 1, keys: {} })
  }

  /** One change after another, each on what the file holds then, so an older one never lands after a newer one. */
  private async change(edit: (keys: KeyFile['keys']) => KeyFile['keys']): Promise<void> {
    this.writes = this.writes
      .catch(() => undefined)
      .then(async () => {
        const next: KeyFile = { version: 1, keys: edit((await this.read()).keys) }
        await writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n', ownerOnly)
      })
    await this.writes
  }
}
