import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tlsInput, type SaveConnectionInput } from '../../shared/connection'
import { ProfileStore, tlsPassphraseKey } from './profiles'
import { EncryptedFileSecretStore, MemorySecretStore, type Encryptor } from './secrets'

const PASSPHRASE = 'tls-key-Sentinel-Passphrase-7'
const freshDir = () => mkdtempSync(join(tmpdir(), 'dbconsole-profiles-tls-'))

/** Stands in for Electron's safeStorage: reversible, but never the plaintext. */
const xorEncryptor: Encryptor = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decryptString: (cipher) => Buffer.from([...cipher].map((b) => b ^ 0x5a)).toString()
}

const CLIENT_TLS = {
  enabled: true,
  caFile: '/etc/db/ca.pem',
  certFile: '/etc/db/client.pem',
  keyFile: '/etc/db/client.key',
  serverName: 'db.internal',
  minVersion: 'TLSv1.3'
} as const

const input = (tls: SaveConnectionInput['tls'], id?: string): SaveConnectionInput => ({
  ...(id ? { id } : {}),
  name: 'pg with client cert',
  engine: 'postgres',
  url: 'postgres://app@db:5432/shop',
  environment: 'production',
  tls
})

describe('ProfileStore: the TLS key passphrase', () => {
  it('goes to the secret store, encrypted; the profile shows only that one is stored', async () => {
    const dir = freshDir()
    const store = new ProfileStore(dir, new EncryptedFileSecretStore(dir, xorEncryptor))
    const { id } = await store.save(input({ ...CLIENT_TLS, keyPassphrase: PASSPHRASE }))
    const [listed] = await store.list()
    expect(listed?.tls).toEqual({ ...CLIENT_TLS, hasKeyPassphrase: true })
    expect(JSON.stringify(await store.list())).not.toContain(PASSPHRASE)
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'))
    expect(files.length).toBeGreaterThanOrEqual(2) // profiles.json and the secrets file
    for (const text of files) expect(text).not.toContain(PASSPHRASE)
    expect(await store.connectTls(id)).toEqual({ ...CLIENT_TLS, keyPassphrase: PASSPHRASE })
    // A second store on the same files decrypts it: it was persisted, not only held in memory.
    const reopened = new ProfileStore(dir, new EncryptedFileSecretStore(dir, xorEncryptor))
    expect((await reopened.connectTls(id)).keyPassphrase).toBe(PASSPHRASE)
  })

  it('is kept when an edit keeps it, dropped when an edit does not, and removed with the profile', async () => {
    const secrets = new MemorySecretStore()
    const store = new ProfileStore(freshDir(), secrets)
    const { id } = await store.save(input({ ...CLIENT_TLS, keyPassphrase: PASSPHRASE }))
    await store.save(input({ ...CLIENT_TLS, keepKeyPassphrase: true }, id))
    expect((await store.connectTls(id)).keyPassphrase).toBe(PASSPHRASE)
    await store.save(input(CLIENT_TLS, id))
    expect(await store.connectTls(id)).not.toHaveProperty('keyPassphrase')
    expect((await store.get(id)).tls.hasKeyPassphrase).toBe(false)

    const other = await store.save(input({ ...CLIENT_TLS, keyPassphrase: PASSPHRASE }))
    await store.remove(other.id)
    expect(await secrets.get(tlsPassphraseKey(other.id))).toEqual({ state: 'absent' })
  })

  it('an undecryptable passphrase asks for re-entry instead of connecting without it', async () => {
    const dir = freshDir()
    const store = new ProfileStore(dir, new EncryptedFileSecretStore(dir, xorEncryptor))
    const { id } = await store.save(input({ ...CLIENT_TLS, keyPassphrase: PASSPHRASE }))
    const locked = new ProfileStore(
      dir,
      new EncryptedFileSecretStore(dir, { ...xorEncryptor, isEncryptionAvailable: () => false })
    )
    await expect(locked.connectTls(id)).rejects.toMatchObject({
      code: 'SECRET_UNAVAILABLE',
      message: expect.stringContaining('TLS key passphrase') as string
    })
  })
})

describe('the TLS input contract', () => {
  const problems = (tls: unknown): string[] => {
    const parsed = tlsInput.safeParse(tls)
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
  }

  it('takes a full client-certificate profile', () => {
    expect(problems({ ...CLIENT_TLS, keyPassphrase: PASSPHRASE, rejectUnauthorized: true })).toEqual([])
  })

  it.each([
    [
      'a certificate without its key',
      { enabled: true, certFile: '/c.pem' },
      'certFile: a client certificate needs its key file'
    ],
    [
      'a key without its certificate',
      { enabled: true, keyFile: '/k.pem' },
      'certFile: a client certificate needs its key file'
    ],
    [
      'a passphrase without a key',
      { enabled: true, keyPassphrase: 'x' },
      'keyPassphrase: a key passphrase needs a key file'
    ],
    ['TLS 1.0 as the minimum', { enabled: true, minVersion: 'TLSv1' }, 'minVersion: '],
    [
      'a server name with a space',
      { enabled: true, serverName: 'db example' },
      'serverName: must be a host name'
    ],
    [
      'a control character in a path',
      { enabled: true, caFile: '/ca\n.pem' },
      'caFile: must not contain control characters'
    ],
    ['an unknown option', { enabled: true, ciphers: 'NULL' }, 'Unrecognized key']
  ])('refuses %s, saying where', (_name, tls, says) => {
    expect(problems(tls).join('; ')).toContain(says)
  })
})
