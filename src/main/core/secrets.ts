import { join } from 'node:path'
import { rename } from 'node:fs/promises'
import { z } from 'zod'
import { readFileIfExists, SerialFile } from '../support/atomic-file'
import { tryParseJson } from '../support/json'
import type { SecretPersistence } from '../../shared/contract'
import { forgetSecret, registerSecret } from '../../shared/redact'
import { MEMORY_ONLY, NO_KEYCHAIN, PERSISTENT } from './secret-persistence'

/** Where passwords live. The serve host keeps them in memory only; the desktop host encrypts with safeStorage. */
export interface SecretStore {
  /** Reported to the renderer (app.info) so the user knows when passwords last this session only. */
  readonly persistence: SecretPersistence
  get(profileId: string): Promise<SecretLookup>
  set(profileId: string, secret: string): Promise<void>
  delete(profileId: string): Promise<void>
}

export type SecretLookup =
  { state: 'present'; secret: string } | { state: 'absent' } | { state: 'undecryptable' }

export class MemorySecretStore implements SecretStore {
  readonly persistence = MEMORY_ONLY
  private readonly secrets = new Map<string, string>()

  async get(profileId: string): Promise<SecretLookup> {
    const secret = this.secrets.get(profileId)
    return secret === undefined ? { state: 'absent' } : { state: 'present', secret }
  }

  async set(profileId: string, secret: string): Promise<void> {
    registerSecret(secret)
    this.secrets.set(profileId, secret)
  }

  async delete(profileId: string): Promise<void> {
    const old = this.secrets.get(profileId)
    if (old !== undefined) forgetSecret(old)
    this.secrets.delete(profileId)
  }
}

/** The subset of Electron's safeStorage we use; injected so the core never imports electron. */
export interface Encryptor {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(cipher: Buffer): string
}

const secretsFileSchema = z.record(z.string(), z.string())

/**
 * Ciphertexts in `secrets.json`, base64. When persistence is off (no keyring, or Linux's basic_text
 * fallback) nothing is written or read back: secrets stay in memory for the session, as the user is told.
 * Every access is a step of one serial writer, so concurrent sets and deletes never drop each other.
 */
export class EncryptedFileSecretStore implements SecretStore {
  private readonly path: string
  private readonly file: SerialFile
  private readonly memory = new MemorySecretStore()

  constructor(
    dataDir: string,
    private readonly encryptor: Encryptor,
    /** The desktop host decides from the storage backend (secret-persistence.ts). */
    readonly persistence: SecretPersistence = encryptor.isEncryptionAvailable() ? PERSISTENT : NO_KEYCHAIN
  ) {
    this.path = join(dataDir, 'secrets.json')
    this.file = new SerialFile(this.path)
  }

  private async readAll(): Promise<Record<string, string>> {
    const raw = await readFileIfExists(this.path)
    if (raw === null) return {}
    const parsed = secretsFileSchema.safeParse(tryParseJson(raw))
    if (parsed.success) return parsed.data
    // Keep the unreadable file aside rather than overwrite it: it may be recoverable.
    await rename(this.path, `${this.path}.corrupt-${Date.now()}`)
    return {}
  }

  async get(profileId: string): Promise<SecretLookup> {
    const inMemory = await this.memory.get(profileId)
    if (inMemory.state === 'present') return inMemory
    const cipher = (await this.file.run(() => this.readAll()))[profileId]
    if (cipher === undefined) return { state: 'absent' }
    if (!this.persistence.persistent || !this.encryptor.isEncryptionAvailable())
      return { state: 'undecryptable' }
    try {
      const secret = this.encryptor.decryptString(Buffer.from(cipher, 'base64'))
      await this.memory.set(profileId, secret)
      return { state: 'present', secret }
    } catch {
      return { state: 'undecryptable' }
    }
  }

  async set(profileId: string, secret: string): Promise<void> {
    await this.memory.set(profileId, secret)
    if (!this.persistence.persistent) return
    await this.file.run(async () => {
      const all = await this.readAll()
      all[profileId] = this.encryptor.encryptString(secret).toString('base64')
      await this.file.write(JSON.stringify(all))
    })
  }

  async delete(profileId: string): Promise<void> {
    await this.memory.delete(profileId)
    await this.file.run(async () => {
      const all = await this.readAll()
      if (!(profileId in all)) return
      await this.file.write(
        JSON.stringify(Object.fromEntries(Object.entries(all).filter(([id]) => id !== profileId)))
      )
    })
  }
}
