import { describe, expect, it } from 'vitest'
import { decideSecretPersistence, NO_KEYCHAIN, PERSISTENT, type StorageProbe } from './secret-persistence'

const probe = (available: boolean, backend: string): StorageProbe => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend
})

describe('decideSecretPersistence', () => {
  it('persists on Linux behind a real keyring', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])
      expect(decideSecretPersistence('linux', probe(true, backend))).toEqual(PERSISTENT)
  })

  it('keeps secrets for the session on Linux with basic_text or an unknown backend, saying why', () => {
    for (const backend of ['basic_text', 'unknown']) {
      const decision = decideSecretPersistence('linux', probe(true, backend))
      expect(decision.persistent).toBe(false)
      expect(decision.persistent === false && decision.reason).toContain(`"${backend}"`)
      expect(decision.persistent === false && decision.reason).toMatch(/this session only/)
    }
  })

  it('keeps secrets for the session anywhere encryption is unavailable', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      expect(decideSecretPersistence(platform, probe(false, 'gnome_libsecret'))).toEqual(NO_KEYCHAIN)
  })

  it('persists on macOS and Windows without asking for a backend (Electron has none there)', () => {
    const noBackend: StorageProbe = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => {
        throw new Error('Linux only')
      }
    }
    expect(decideSecretPersistence('darwin', noBackend)).toEqual(PERSISTENT)
    expect(decideSecretPersistence('win32', noBackend)).toEqual(PERSISTENT)
  })
})
