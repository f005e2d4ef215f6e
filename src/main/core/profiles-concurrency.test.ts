/**
 * Issue 15 item 1: concurrent connections.save / connections.remove through the core, as a renderer or
 * scripts would send them. Every acknowledged change must be on disk: nothing lost, nothing resurrected.
 */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ConnectionProfile } from '../../shared/connection'
import { createCore, type Core } from './create-core'
import { EncryptedFileSecretStore, type Encryptor } from './secrets'

const encryptor: Encryptor = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(`enc:${plain}`),
  decryptString: (cipher) => cipher.toString().slice(4)
}

const dataDir = mkdtempSync(join(tmpdir(), 'dbconsole-concurrency-'))
const cores: Core[] = []
const startCore = (): Core => {
  const core = createCore({
    dataDir,
    secrets: new EncryptedFileSecretStore(dataDir, encryptor),
    host: 'serve',
    pollMs: 60_000
  })
  cores.push(core)
  return core
}
afterAll(() => Promise.all(cores.map((c) => c.close())))

const call = async <T>(core: Core, method: string, input: unknown): Promise<T> => {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

const profileInput = (name: string, id?: string) => ({
  ...(id === undefined ? {} : { id }),
  name,
  engine: 'postgres',
  url: `postgres://app:pw-${name}@db:5432/${name}`,
  environment: 'staging'
})

describe('100 concurrent saves and removes through the core', () => {
  it('loses none: the file holds exactly the acknowledged history, and a restart reads it back', async () => {
    const core = startCore()
    const seeded: string[] = []
    for (let i = 0; i < 40; i++)
      seeded.push((await call<{ id: string }>(core, 'connections.save', profileInput(`seed-${i}`))).id)

    // 60 new profiles, 20 removes and 20 renames of seeded ones, all at once.
    const created = Array.from({ length: 60 }, (_, i) =>
      call<{ id: string }>(core, 'connections.save', profileInput(`new-${i}`))
    )
    const removed = seeded.slice(0, 20)
    const renamed = seeded.slice(20)
    const changes = [
      ...removed.map((id) => call(core, 'connections.remove', { id })),
      ...renamed.map((id, i) => call(core, 'connections.save', profileInput(`renamed-${i}`, id)))
    ]
    const createdIds = (await Promise.all(created)).map((r) => r.id)
    await Promise.all(changes)

    const expected = new Map<string, string>([
      ...renamed.map((id, i): [string, string] => [id, `renamed-${i}`]),
      ...createdIds.map((id, i): [string, string] => [id, `new-${i}`])
    ])
    const file = JSON.parse(readFileSync(join(dataDir, 'profiles.json'), 'utf8')) as {
      profiles: { id: string; name: string }[]
    }
    expect(new Map(file.profiles.map((p) => [p.id, p.name]))).toEqual(expected)
    const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>
    expect(new Set(Object.keys(secrets))).toEqual(new Set(expected.keys()))
    expect(secrets[createdIds[7] ?? '']).toBe(encryptor.encryptString('pw-new-7').toString('base64'))

    // A restart (a new core on the same data dir) sees the same profiles, with their passwords.
    const restarted = startCore()
    const listed = await call<ConnectionProfile[]>(restarted, 'connections.list', {})
    expect(new Map(listed.map((p) => [p.id, p.name]))).toEqual(expected)
    expect(listed.every((p) => p.hasPassword)).toBe(true)
  })
})
