/**
 * The app's secret store: remote engines' API keys sealed with Electron's safeStorage (the macOS Keychain, Windows
 * DPAPI, the Secret Service or KWallet on Linux), in the same 0600 file the CLI uses (engine-keys.json).
 */
import { AppError } from '../shared/errors'
import { FileSecretStore, type SecretSealer } from '../backend/services/remote/secret-store'

/** The part of Electron's `safeStorage` this needs; passing it in keeps this testable without Electron. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
}

export function safeStorageSealer(safeStorage: SafeStorageLike): SecretSealer {
  return {
    name: 'electron-safe-storage',
    seal(secret) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new AppError({
          code: 'io',
          message: 'The system keychain is not available, so the API key cannot be stored safely.',
          hint: 'On Linux, start a keyring (GNOME Keyring or KWallet) and try again; the engine works without a saved key meanwhile.'
        })
      }
      return safeStorage.encryptString(secret).toString('base64')
    },
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64'))
  }
}

export function safeStorageSecrets(path: string, safeStorage: SafeStorageLike): FileSecretStore {
  return new FileSecretStore(path, safeStorageSealer(safeStorage))
}
