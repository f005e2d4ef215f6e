/**
 * Whether passwords may be written to disk, decided once at startup. On Linux, Electron's safeStorage
 * falls back to `basic_text` (a key hard-coded in Chromium) when no keyring answers: "encrypted" there is
 * readable by anyone who copies the file, so such secrets stay in memory for the session instead.
 */
import type { SecretPersistence } from '../../shared/contract'

/** The part of Electron's safeStorage this decision reads; injected so the core never imports electron. */
export interface StorageProbe {
  isEncryptionAvailable(): boolean
  /** Linux only (Electron throws elsewhere). */
  getSelectedStorageBackend(): string
}

export const PERSISTENT: SecretPersistence = { persistent: true }

export const MEMORY_ONLY: SecretPersistence = {
  persistent: false,
  reason: 'Passwords are kept in memory only: they are asked again after a restart.'
}

export const NO_KEYCHAIN: SecretPersistence = {
  persistent: false,
  reason: 'No system keychain is available: passwords are kept for this session only.'
}

const KEYRING_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])

export const decideSecretPersistence = (
  platform: NodeJS.Platform,
  probe: StorageProbe
): SecretPersistence => {
  if (!probe.isEncryptionAvailable()) return NO_KEYCHAIN
  if (platform !== 'linux') return PERSISTENT
  const backend = probe.getSelectedStorageBackend()
  if (KEYRING_BACKENDS.has(backend)) return PERSISTENT
  return {
    persistent: false,
    reason:
      `No keyring (GNOME Keyring or KWallet) answered, storage backend "${backend}": ` +
      'passwords are kept for this session only, not written to disk.'
  }
}
