import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProfileStore } from './profiles'
import { EncryptedFileSecretStore, MemorySecretStore, type Encryptor } from './secrets'

const SENTINEL = 'Sentinel-Password-42'
const freshDir = () => mkdtempSync(join(tmpdir(), 'dbconsole-profiles-'))

/** Stands in for Electron's safeStorage: reversible, but never the plaintext. */
const fakeEncryptor = (available = true): Encryptor => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decryptString: (cipher) => Buffer.from([...cipher].map((b) => b ^ 0x5a)).toString()
})

const allFilesText = (dir: string): string =>
  readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n')

describe('ProfileStore', () => {
  it('keeps an edited profile in its place; a new one goes last', async () => {
    const store = new ProfileStore(freshDir(), new MemorySecretStore())
    const save = (name: string, id?: string) =>
      store.save({
        ...(id ? { id } : {}),
        name,
        engine: 'redis',
        url: 'redis://127.0.0.1:6379',
        environment: 'development'
      })
    const a = await save('a')
    await save('b')
    await save('a, renamed', a.id)
    await save('c')
    expect((await store.list()).map((p) => p.name)).toEqual(['a, renamed', 'b', 'c'])
  })

  it('saves atomically, lists without secrets, and keeps the password only in the secret store', async () => {
    const dir = freshDir()
    const store = new ProfileStore(dir, new MemorySecretStore())
    const { id } = await store.save({
      name: 'prod pg',
      engine: 'postgres',
      url: `postgres://app:${SENTINEL}@db:5432/shop`,
      environment: 'production'
    })
    const [listed] = await store.list()
    expect(listed).toMatchObject({
      id,
      url: 'postgres://app@db:5432/shop',
      host: 'db',
      port: 5432,
      hasPassword: true,
      allowWrites: false
    })
    expect(JSON.stringify(await store.list())).not.toContain(SENTINEL)
    expect(allFilesText(dir)).not.toContain(SENTINEL)
    expect(await store.connectUrl(id)).toBe(`postgres://app:${SENTINEL}@db:5432/shop`)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('reloads what it wrote', async () => {
    const dir = freshDir()
    await new ProfileStore(dir, new MemorySecretStore()).save({
      name: 'r',
      engine: 'redis',
      url: 'redis://h:7000?cluster=true',
      environment: 'staging'
    })
    const [again] = await new ProfileStore(dir, new MemorySecretStore()).list()
    expect(again).toMatchObject({
      name: 'r',
      engine: 'redis',
      environment: 'staging',
      url: 'redis://h:7000/?cluster=true',
      hasPassword: false
    })
  })

  it('moves a corrupt file aside, reports it, and does not overwrite it', async () => {
    const dir = freshDir()
    writeFileSync(join(dir, 'profiles.json'), '{"version":1,"profiles":[{"id":')
    const store = new ProfileStore(dir, new MemorySecretStore())
    expect(await store.list()).toEqual([])
    expect(store.problems).toHaveLength(1)
    const aside = readdirSync(dir).find((f) => f.startsWith('profiles.json.corrupt-'))
    expect(aside).toBeDefined()
    expect(readFileSync(join(dir, aside ?? ''), 'utf8')).toBe('{"version":1,"profiles":[{"id":')
    expect(store.problems[0]?.message).toContain('kept as')
  })

  it('persists secrets encrypted, never in plaintext, and marks undecryptable ones for re-entry', async () => {
    const dir = freshDir()
    const store = new ProfileStore(dir, new EncryptedFileSecretStore(dir, fakeEncryptor()))
    const { id } = await store.save({
      name: 'm',
      engine: 'mongo',
      url: `mongodb://u:${SENTINEL}@h1,h2/?replicaSet=rs0`,
      environment: 'development'
    })
    expect(allFilesText(dir)).not.toContain(SENTINEL)
    const reopened = new ProfileStore(dir, new EncryptedFileSecretStore(dir, fakeEncryptor()))
    expect(await reopened.connectUrl(id)).toBe(`mongodb://u:${SENTINEL}@h1,h2/?replicaSet=rs0`)
    const locked = new ProfileStore(dir, new EncryptedFileSecretStore(dir, fakeEncryptor(false)))
    const [profile] = await locked.list()
    expect(profile).toMatchObject({ id, needsPassword: true })
    await expect(locked.connectUrl(id)).rejects.toMatchObject({ code: 'SECRET_UNAVAILABLE' })
  })

  it('stores nothing on disk when encryption is unavailable', async () => {
    const dir = freshDir()
    const secrets = new EncryptedFileSecretStore(dir, fakeEncryptor(false))
    const store = new ProfileStore(dir, secrets)
    const { id } = await store.save({
      name: 'x',
      engine: 'redis',
      url: `redis://:${SENTINEL}@h`,
      environment: 'development'
    })
    expect(secrets.persistence.persistent).toBe(false)
    expect(readdirSync(dir)).toEqual(['profiles.json'])
    expect(await store.connectUrl(id)).toBe(`redis://:${SENTINEL}@h`)
  })

  it('moves a ?password= query option (any case) to the secret store and back into the connect URL', async () => {
    const dir = freshDir()
    const store = new ProfileStore(dir, new MemorySecretStore())
    const { id } = await store.save({
      name: 'q',
      engine: 'postgres',
      url: `postgres://app@db/shop?sslmode=require&PassWord=${SENTINEL}&application_name=x`,
      environment: 'production'
    })
    const [listed] = await store.list()
    expect(listed).toMatchObject({
      url: 'postgres://app@db/shop?sslmode=require&application_name=x',
      hasPassword: true
    })
    expect(JSON.stringify(await store.list())).not.toContain(SENTINEL)
    expect(allFilesText(dir)).not.toContain(SENTINEL)
    expect(await store.connectUrl(id)).toBe(
      `postgres://app:${SENTINEL}@db/shop?sslmode=require&application_name=x`
    )
  })

  it('refuses a URL with two different passwords, and takes one given twice', async () => {
    const store = new ProfileStore(freshDir(), new MemorySecretStore())
    const save = (url: string) => store.save({ name: 'q', engine: 'redis', url, environment: 'development' })
    await expect(save(`redis://:one@h?password=${SENTINEL}`)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Connection URL gives two different passwords (in the user part and in ?password=).'
    })
    const { id } = await save(`redis://:${SENTINEL}@h?password=${SENTINEL}`)
    expect(await store.connectUrl(id)).toBe(`redis://:${SENTINEL}@h`)
  })

  it('keeps secrets for the session only when persistence was decided off (basic_text)', async () => {
    const dir = freshDir()
    const sessionOnly = { persistent: false as const, reason: 'basic_text' }
    const store = new ProfileStore(dir, new EncryptedFileSecretStore(dir, fakeEncryptor(), sessionOnly))
    const { id } = await store.save({
      name: 'x',
      engine: 'redis',
      url: `redis://:${SENTINEL}@h`,
      environment: 'development'
    })
    expect(readdirSync(dir)).toEqual(['profiles.json'])
    expect(await store.connectUrl(id)).toBe(`redis://:${SENTINEL}@h`)
  })

  it('does not read back secrets written earlier once persistence is decided off', async () => {
    const dir = freshDir()
    const { id } = await new ProfileStore(dir, new EncryptedFileSecretStore(dir, fakeEncryptor())).save({
      name: 'x',
      engine: 'redis',
      url: `redis://:${SENTINEL}@h`,
      environment: 'development'
    })
    const sessionOnly = { persistent: false as const, reason: 'basic_text' }
    const later = new ProfileStore(dir, new EncryptedFileSecretStore(dir, fakeEncryptor(), sessionOnly))
    await expect(later.connectUrl(id)).rejects.toMatchObject({ code: 'SECRET_UNAVAILABLE' })
  })

  it('removes a profile and its secret; unknown ids are NOT_FOUND', async () => {
    const dir = freshDir()
    const secrets = new MemorySecretStore()
    const store = new ProfileStore(dir, secrets)
    const { id } = await store.save({
      name: 'x',
      engine: 'redis',
      url: 'redis://:pw12345@h',
      environment: 'development'
    })
    await store.remove(id)
    expect(await store.list()).toEqual([])
    expect(await secrets.get(id)).toEqual({ state: 'absent' })
    await expect(store.remove(id)).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(
      store.save({ id: 'nope', name: 'x', engine: 'redis', url: 'redis://h', environment: 'development' })
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
