import { describe, expect, it } from 'vitest'
import type { ConnectionProfile } from '../../../../shared/connection'
import { emptyForm, fromProfile, toSaveInput, validate } from './connection-form-model'
import { redactSecret, urlProblem } from './connection-url'

describe('connection form model', () => {
  it('builds a Redis Cluster URL from fields with the password only inside the url', () => {
    const state = {
      ...emptyForm('redis'),
      name: 'c',
      host: '127.0.0.1',
      port: '47001',
      password: 'p@ss',
      cluster: true
    }
    const input = toSaveInput(state)
    expect(input.url).toBe('redis://:p%40ss@127.0.0.1:47001?cluster=true')
    expect(input.keepPassword).toBeUndefined()
  })

  it("keeps a PostgreSQL profile's PgBouncer admin address through the fields, and drops it for other engines", () => {
    const state = {
      ...emptyForm('postgres'),
      name: 'pg',
      host: 'db',
      port: '6432',
      database: 'app',
      pgbouncer: ' db:6432 '
    }
    expect(toSaveInput(state).url).toBe('postgres://db:6432/app?pgbouncer=db%3A6432')
    expect(toSaveInput({ ...state, engine: 'redis', port: '6379', database: '0' }).url).not.toContain(
      'pgbouncer'
    )
  })

  it('keeps a saved password when editing without typing one, and never loads it back', () => {
    const profile: ConnectionProfile = {
      id: 'p1',
      name: 'pg',
      engine: 'postgres',
      environment: 'production',
      allowWrites: false,
      allowCatastrophic: false,
      url: 'postgres://app@db:5432/app',
      host: 'db',
      port: 5432,
      tls: { enabled: false, hasKeyPassphrase: false },
      hasPassword: true,
      needsPassword: false
    }
    const state = fromProfile(profile)
    expect(state.password).toBe('')
    expect(state.hasSavedPassword).toBe(true)
    expect(toSaveInput(state)).toMatchObject({
      id: 'p1',
      url: 'postgres://app@db:5432/app',
      keepPassword: true,
      environment: 'production'
    })
  })

  it('validates inline', () => {
    expect(validate({ ...emptyForm(), name: '', port: '70000' })).toMatchObject({
      name: expect.any(String),
      port: expect.any(String)
    })
    expect(urlProblem('redis', 'postgres://x')).toMatch(/redis:\/\//)
    expect(urlProblem('mongo', 'mongodb://a:1,b:2/db?replicaSet=rs0')).toBeNull()
  })

  it('sends the tunnel with a typed passphrase, keeps a saved one, and null without a tunnel', () => {
    const state = { ...emptyForm('redis'), name: 'r', host: '10.0.0.7', port: '6379' }
    expect(toSaveInput(state).ssh).toBeNull()
    const ssh = {
      ...state.ssh,
      enabled: true,
      host: 'bastion',
      port: '2222',
      user: 'dba',
      keyFile: '/home/dba/.ssh/id_ed25519',
      passphrase: 'pp-typed'
    }
    expect(toSaveInput({ ...state, ssh }).ssh).toEqual({
      host: 'bastion',
      port: 2222,
      user: 'dba',
      keyFile: '/home/dba/.ssh/id_ed25519',
      passphrase: 'pp-typed'
    })
    expect(toSaveInput({ ...state, ssh: { ...ssh, passphrase: '', hasSavedPassphrase: true } }).ssh).toEqual({
      host: 'bastion',
      port: 2222,
      user: 'dba',
      keyFile: '/home/dba/.ssh/id_ed25519',
      keepPassphrase: true
    })
    expect(toSaveInput({ ...state, ssh: { ...ssh, auth: 'agent', agentSocket: '/run/a.sock' } }).ssh).toEqual(
      {
        host: 'bastion',
        port: 2222,
        user: 'dba',
        agentSocket: '/run/a.sock'
      }
    )
    expect(toSaveInput({ ...state, ssh: { ...ssh, jumps: 'me@jump1:2200, ops@[::1]' } }).ssh?.jumps).toEqual([
      { user: 'me', host: 'jump1', port: 2200 },
      { user: 'ops', host: '::1', port: 22 }
    ])
    expect(validate({ ...state, ssh: { ...ssh, jumps: 'jump1:22' } }).sshJumps).toEqual(expect.any(String))
    expect(validate({ ...state, ssh: { ...ssh, keyFile: 'id_ed25519', user: '', port: '0' } })).toMatchObject(
      {
        sshKeyFile: expect.any(String),
        sshUser: expect.any(String),
        sshPort: expect.any(String)
      }
    )
  })

  it('sends the TLS fields given, the key passphrase only when typed, and the insecure mode only when ticked', () => {
    const state = { ...emptyForm('postgres'), name: 'p', host: 'db', port: '5432' }
    expect(toSaveInput(state).tls).toEqual({ enabled: false })
    const tls = {
      ...state.tls,
      enabled: true,
      caFile: ' /etc/db/ca.pem ',
      certFile: '/etc/db/client.crt',
      keyFile: '/etc/db/client.key',
      keyPassphrase: 'kp-typed',
      serverName: 'db.internal',
      minVersion: 'TLSv1.3' as const
    }
    expect(toSaveInput({ ...state, tls }).tls).toEqual({
      enabled: true,
      caFile: '/etc/db/ca.pem',
      certFile: '/etc/db/client.crt',
      keyFile: '/etc/db/client.key',
      keyPassphrase: 'kp-typed',
      serverName: 'db.internal',
      minVersion: 'TLSv1.3'
    })
    const kept = toSaveInput({
      ...state,
      tls: { ...tls, keyPassphrase: '', hasSavedKeyPassphrase: true }
    }).tls
    expect(kept).toMatchObject({ keepKeyPassphrase: true })
    expect(kept).not.toHaveProperty('keyPassphrase')
    expect(toSaveInput({ ...state, tls: { ...tls, insecure: true } }).tls).toMatchObject({
      rejectUnauthorized: false
    })
    expect(validate({ ...state, tls: { ...tls, keyFile: '' } }).tlsKeyFile).toBe(
      'A client certificate needs its key.'
    )
    expect(validate({ ...state, tls: { ...tls, certFile: 'client.crt', serverName: 'a b' } })).toMatchObject({
      tlsCertFile: 'Give the client certificate file as an absolute path.',
      tlsServerName: expect.any(String)
    })
  })

  it('loads a saved profile’s TLS back, without its passphrase, keeping the insecure mode', () => {
    const profile: ConnectionProfile = {
      id: 'p2',
      name: 'r',
      engine: 'redis',
      environment: 'staging',
      allowWrites: false,
      allowCatastrophic: false,
      url: 'redis://cache:6379',
      host: 'cache',
      port: 6379,
      tls: {
        enabled: true,
        certFile: '/c.crt',
        keyFile: '/c.key',
        minVersion: 'TLSv1.3',
        rejectUnauthorized: false,
        hasKeyPassphrase: true
      },
      hasPassword: false,
      needsPassword: false
    }
    const state = fromProfile(profile)
    expect(state.tls).toMatchObject({ keyPassphrase: '', hasSavedKeyPassphrase: true, insecure: true })
    expect(toSaveInput(state).tls).toEqual({
      enabled: true,
      certFile: '/c.crt',
      keyFile: '/c.key',
      keepKeyPassphrase: true,
      minVersion: 'TLSv1.3',
      rejectUnauthorized: false
    })
  })

  it('scrubs a typed password out of messages', () => {
    expect(redactSecret('bad password s3cret for user', 's3cret')).toBe('bad password •••••• for user')
  })
})
