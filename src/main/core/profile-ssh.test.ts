import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SaveConnectionInput } from '../../shared/connection'
import { saveConnectionInput } from '../../shared/connection'
import { ProfileStore } from './profiles'
import { MemorySecretStore } from './secrets'

const PASSPHRASE = 'Key-Passphrase-Sentinel-9'
const freshStore = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dbconsole-profile-ssh-'))
  return { dir, store: new ProfileStore(dir, new MemorySecretStore()) }
}

const tunnel = {
  host: 'bastion.example.com',
  user: 'dba',
  keyFile: '/home/dba/.ssh/id_ed25519',
  passphrase: PASSPHRASE
}

const base: SaveConnectionInput = {
  name: 'pg behind bastion',
  engine: 'postgres',
  url: 'postgres://app@10.0.0.5:5432/shop',
  environment: 'production',
  ssh: tunnel
}

describe('a profile with an SSH tunnel', () => {
  it('stores the tunnel without its passphrase, which goes to the secret store', async () => {
    const { dir, store } = freshStore()
    const { id } = await store.save(base)
    const [listed] = await store.list()
    expect(listed?.ssh).toEqual({
      host: 'bastion.example.com',
      port: 22,
      user: 'dba',
      keyFile: '/home/dba/.ssh/id_ed25519',
      hasPassphrase: true
    })
    expect(await store.sshPassphrase(id)).toBe(PASSPHRASE)
    expect(JSON.stringify(listed)).not.toContain(PASSPHRASE)
    for (const file of readdirSync(dir))
      expect(readFileSync(join(dir, file), 'utf8')).not.toContain(PASSPHRASE)
  })

  it('keeps the tunnel and passphrase when ssh is omitted or the passphrase is kept, and drops both on null', async () => {
    const { store } = freshStore()
    const { id } = await store.save(base)
    await store.save({ ...base, id, ssh: undefined })
    expect((await store.get(id)).ssh?.host).toBe('bastion.example.com')
    expect(await store.sshPassphrase(id)).toBe(PASSPHRASE)
    await store.save({ ...base, id, ssh: { ...tunnel, passphrase: undefined, keepPassphrase: true } })
    expect(await store.sshPassphrase(id)).toBe(PASSPHRASE)
    await store.save({ ...base, id, ssh: { ...tunnel, passphrase: undefined } })
    expect(await store.sshPassphrase(id)).toBeNull()
    await store.save({ ...base, id, ssh: { ...tunnel, passphrase: PASSPHRASE } })
    await store.save({ ...base, id, ssh: null })
    expect((await store.get(id)).ssh).toBeUndefined()
    expect(await store.sshPassphrase(id)).toBeNull()
  })

  it('forgets the passphrase with the profile', async () => {
    const { store } = freshStore()
    const { id } = await store.save(base)
    await store.remove(id)
    expect(await store.sshPassphrase(id)).toBeNull()
  })

  it('refuses what one local forward cannot reach', async () => {
    const { store } = freshStore()
    await expect(
      store.save({ ...base, engine: 'redis', url: 'redis://10.0.0.5:6379?cluster=true' })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('Cluster') })
    await expect(
      store.save({ ...base, engine: 'mongo', url: 'mongodb://10.0.0.5:27017/app' })
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('MongoDB') })
    expect(await store.list()).toEqual([])
  })

  it('takes a key file or an agent socket, never both or neither', () => {
    const ssh = { host: 'b', user: 'u' }
    expect(saveConnectionInput.safeParse({ ...base, ssh }).success).toBe(false)
    expect(
      saveConnectionInput.safeParse({ ...base, ssh: { ...ssh, keyFile: '/k', agentSocket: '/s' } }).success
    ).toBe(false)
    expect(
      saveConnectionInput.safeParse({ ...base, ssh: { ...ssh, agentSocket: '/run/agent' } }).success
    ).toBe(true)
    expect(
      saveConnectionInput.safeParse({ ...base, ssh: { ...ssh, host: 'b\nevil', keyFile: '/k' } }).success
    ).toBe(false)
  })
})
