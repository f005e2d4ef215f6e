/**
 * R6, issue 21: TLS client certificates, custom CA, server name (SNI) and minimum version against our own
 * PostgreSQL (ssl=on, ssl_ca_file, `hostssl ... clientcert=verify-full` and no plain-text line) and our own
 * Redis (`--tls-auth-clients yes`), ports 59500-59599. Certificates from scripts/tls/make-certs.sh, the
 * client key also encrypted with a passphrase made for this run. A good certificate connects; no
 * certificate, one from another CA, a wrong server CA, a wrong server name and a minimum version above the
 * server's maximum each fail with TLS_FAILED and words that say which. The passphrase and the key material
 * appear in no log line, error or payload of the core.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ConnectionSummary, ConnectionStatus } from '../../../shared/connection'
import { createCore, type Core } from '../../core/create-core'
import { MemorySecretStore } from '../../core/secrets'
import { openPostgres } from '../../engines/postgres/adapter'
import { openRedis } from '../../engines/redis/adapter'
import type { ConnectTarget, TlsOptions } from '../../engines/types'
import { sleep, startOwnPg, startOwnRedis, type OwnPg, type OwnRedis } from '../../testing/own-servers'
import { openOutcome } from '../../testing/open-outcome'

const script = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../scripts/tls/make-certs.sh')
const certs = mkdtempSync(join(tmpdir(), 'dbconsole-tls-client-'))
const PASSPHRASE = `tls-key-Sentinel-${randomBytes(8).toString('hex')}`
const file = (name: string) => join(certs, name)

/** Good client TLS: the test CA, the client certificate and its key. */
const goodTls = (): TlsOptions => ({
  enabled: true,
  caFile: file('ca.crt'),
  certFile: file('client.crt'),
  keyFile: file('client.key')
})

let pgServer: OwnPg
let redis: OwnRedis
/** Serves the certificate that names only wrong.example, for the server-name override. */
let redisWrongHost: OwnRedis
let core: Core
const coreDir = mkdtempSync(join(tmpdir(), 'dbconsole-tls-client-core-'))
const logged: string[] = []

const redisTlsArgs = (port: number, cert: string, more: string[] = []): string[] => [
  '--tls-port',
  String(port),
  '--tls-cert-file',
  file(`${cert}.crt`),
  '--tls-key-file',
  file(`${cert}.key`),
  '--tls-ca-cert-file',
  file('ca.crt'),
  '--tls-auth-clients',
  'yes',
  ...more
]

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '))
    })
  }
  execFileSync('bash', [script, certs], { env: { ...process.env, TLS_KEY_PASSPHRASE: PASSPHRASE } })
  const [pgStarted, redisStarted, wrongHostStarted] = await Promise.all([
    startOwnPg('tls-client', 59500, 59501),
    startOwnRedis('tls-client', 59510, redisTlsArgs(59510, 'server')),
    startOwnRedis('tls-client-wrong-host', 59511, redisTlsArgs(59511, 'wrong-host'))
  ])
  pgServer = pgStarted
  redis = redisStarted
  redisWrongHost = wrongHostStarted
  const installed = (name: string) => pgServer.installFile(file(name), name)
  await pgServer.configure([
    'ssl = on',
    `ssl_cert_file = '${installed('server.crt')}'`,
    `ssl_key_file = '${installed('server.key')}'`,
    `ssl_ca_file = '${installed('ca.crt')}'`
  ])
  // TLS with a client certificate the CA signed and whose CN is the user, or nothing.
  await pgServer.setHba(['hostssl all postgres 127.0.0.1/32 trust clientcert=verify-full'])
  await sleep(400) // the postmaster reloads the SSL context on SIGHUP, asynchronously
  core = createCore({
    dataDir: coreDir,
    secrets: new MemorySecretStore(),
    host: 'serve',
    pollMs: 60_000
  })
}, 120_000)

afterAll(async () => {
  vi.restoreAllMocks()
  await core?.close()
  redis?.down()
  redisWrongHost?.down()
  await pgServer?.down()
  rmSync(certs, { recursive: true, force: true })
  rmSync(coreDir, { recursive: true, force: true })
})

const pgTarget = (tls: TlsOptions): ConnectTarget => ({
  url: `postgres://postgres@127.0.0.1:${pgServer.primaryPort}/postgres`,
  tls,
  purpose: 'diagnostics'
})
const redisTarget = (tls: TlsOptions, server: OwnRedis = redis): ConnectTarget => ({
  url: `redis://127.0.0.1:${server.port}`,
  tls,
  purpose: 'diagnostics'
})

/** Each refusal, once per engine: the TLS settings and the words that must say what failed. */
const REFUSALS: { name: string; tls: () => TlsOptions; says: RegExp }[] = [
  {
    name: 'no client certificate',
    tls: () => ({ enabled: true, caFile: file('ca.crt') }),
    says: /requires a client certificate/i
  },
  {
    name: 'a client certificate from another CA',
    tls: () => ({
      ...goodTls(),
      certFile: file('client-other-ca.crt'),
      keyFile: file('client-other-ca.key')
    }),
    says: /server refused the client certificate\W+(it is )?not signed by a CA (the server|it) trusts/i
  },
  {
    name: 'the wrong CA for the server',
    tls: () => ({ ...goodTls(), caFile: file('other-ca.crt') }),
    says: /signed by an unknown CA|not trusted \(an unknown CA\)/i
  },
  {
    name: 'a server name the certificate does not name',
    tls: () => ({ ...goodTls(), serverName: 'wrong.example' }),
    says: /does not name wrong\.example/i
  },
  {
    name: 'the wrong key passphrase',
    tls: () => ({ ...goodTls(), keyFile: file('client-encrypted.key'), keyPassphrase: 'not-the-passphrase' }),
    says: /key passphrase is wrong/i
  },
  {
    name: 'an encrypted key without its passphrase',
    tls: () => ({ ...goodTls(), keyFile: file('client-encrypted.key') }),
    says: /client key is encrypted: give its passphrase/i
  }
]

describe('PostgreSQL with clientcert=verify-full', () => {
  it('a good client certificate connects, encrypted, and the server sees the certificate', async () => {
    const session = await openPostgres(pgTarget(goodTls()))
    try {
      const [row] = await session.query<{ ssl: boolean; client_dn: string | null }>(
        'select ssl, client_dn from pg_stat_ssl where pid = pg_backend_pid()'
      )
      expect(row).toEqual({ ssl: true, client_dn: expect.stringContaining('CN=postgres') as string })
    } finally {
      await session.close()
    }
  })

  it('the encrypted key with its passphrase, and a server name the certificate names, connect', async () => {
    const result = await openOutcome(() =>
      openPostgres(
        pgTarget({
          ...goodTls(),
          keyFile: file('client-encrypted.key'),
          keyPassphrase: PASSPHRASE,
          serverName: 'localhost'
        })
      )
    )
    expect(result).toEqual({ code: 'OK', message: '' })
  })

  for (const refusal of REFUSALS) {
    it(`${refusal.name}: TLS_FAILED saying so`, async () => {
      const result = await openOutcome(() => openPostgres(pgTarget(refusal.tls())))
      expect(result.code).toBe('TLS_FAILED')
      expect(result.message).toMatch(refusal.says)
    })
  }

  it('a minimum of TLS 1.3 against a server that stops at TLS 1.2: TLS_FAILED naming the version', async () => {
    await pgServer.configure([`ssl_max_protocol_version = 'TLSv1.2'`])
    await sleep(400)
    try {
      const result = await openOutcome(() => openPostgres(pgTarget({ ...goodTls(), minVersion: 'TLSv1.3' })))
      expect(result.code).toBe('TLS_FAILED')
      expect(result.message).toMatch(
        /no TLS version in common with the server: the profile.s minimum TLS version/i
      )
      // The same server with the minimum left at TLS 1.2 still connects: the version was the cause.
      expect((await openOutcome(() => openPostgres(pgTarget(goodTls())))).code).toBe('OK')
    } finally {
      await pgServer.configure([`ssl_max_protocol_version = ''`])
      await sleep(400)
    }
  })
})

describe('Redis with --tls-auth-clients yes', () => {
  it('a good client certificate connects', async () => {
    const session = await openRedis(redisTarget(goodTls()))
    try {
      const [node] = await session.nodes()
      expect(await node?.call('PING')).toBe('PONG')
    } finally {
      await session.close()
    }
  })

  it('the server name override checks the certificate against that name', async () => {
    // The certificate names wrong.example only: refused by the URL's 127.0.0.1, accepted by the override.
    expect((await openOutcome(() => openRedis(redisTarget(goodTls(), redisWrongHost)))).code).toBe(
      'TLS_FAILED'
    )
    const named = await openOutcome(() =>
      openRedis(redisTarget({ ...goodTls(), serverName: 'wrong.example' }, redisWrongHost))
    )
    expect(named).toEqual({ code: 'OK', message: '' })
  })

  for (const refusal of REFUSALS) {
    it(`${refusal.name}: TLS_FAILED saying so`, async () => {
      const started = Date.now()
      const result = await openOutcome(() => openRedis(redisTarget(refusal.tls())))
      expect(result.code).toBe('TLS_FAILED')
      expect(result.message).toMatch(refusal.says)
      expect(Date.now() - started).toBeLessThan(4_000) // refused, not a connect timeout (5 s)
    })
  }

  it('a minimum of TLS 1.3 against a server that stops at TLS 1.2: TLS_FAILED naming the version', async () => {
    const tls12 = await startOwnRedis(
      'tls-client-12',
      59512,
      redisTlsArgs(59512, 'server', ['--tls-protocols', 'TLSv1.2'])
    )
    try {
      const result = await openOutcome(() =>
        openRedis(redisTarget({ ...goodTls(), minVersion: 'TLSv1.3' }, tls12))
      )
      expect(result.code).toBe('TLS_FAILED')
      expect(result.message).toMatch(
        /no TLS version in common with the server: the profile.s minimum TLS version/i
      )
      expect((await openOutcome(() => openRedis(redisTarget(goodTls(), tls12)))).code).toBe('OK')
    } finally {
      tls12.down()
    }
  })
})

describe('through the core: the key passphrase is a secret', () => {
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const result = await core.dispatch(method, input)
    payloads.push(JSON.stringify(result))
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
    return result.value as T
  }
  const payloads: string[] = []

  it('saved with the passphrase, the profile connects; list and status carry only that one is stored', async () => {
    const { id } = await call<{ id: string }>('connections.save', {
      name: 'pg with client certificate',
      engine: 'postgres',
      url: `postgres://postgres@127.0.0.1:${pgServer.primaryPort}/postgres`,
      environment: 'production',
      tls: { ...goodTls(), keyFile: file('client-encrypted.key'), keyPassphrase: PASSPHRASE }
    })
    const status = await call<ConnectionStatus>('connections.connect', { id })
    expect(status.state).toBe('connected')
    const [listed] = await call<ConnectionSummary[]>('connections.list', {})
    expect(listed?.tls).toEqual({
      enabled: true,
      caFile: file('ca.crt'),
      certFile: file('client.crt'),
      keyFile: file('client-encrypted.key'),
      hasKeyPassphrase: true
    })
    // A test of the edited profile that keeps the stored passphrase reaches the server with it.
    const described = await call<{ engine: string }>('connections.test', {
      id,
      name: 'pg with client certificate',
      engine: 'postgres',
      url: `postgres://postgres@127.0.0.1:${pgServer.primaryPort}/postgres`,
      environment: 'production',
      tls: { ...goodTls(), keyFile: file('client-encrypted.key'), keepKeyPassphrase: true }
    })
    expect(described.engine).toBe('postgres')
  })

  it('a failed test with a wrong passphrase says so without echoing it', async () => {
    const wrong = `wrong-Sentinel-${randomBytes(6).toString('hex')}`
    const result = await core.dispatch('connections.test', {
      name: 'pg wrong passphrase',
      engine: 'postgres',
      url: `postgres://postgres@127.0.0.1:${pgServer.primaryPort}/postgres`,
      environment: 'production',
      tls: { ...goodTls(), keyFile: file('client-encrypted.key'), keyPassphrase: wrong }
    })
    payloads.push(JSON.stringify(result))
    expect(result).toMatchObject({ ok: false, error: { code: 'TLS_FAILED' } })
    expect(JSON.stringify(result)).toMatch(/passphrase is wrong/)
    expect(JSON.stringify(result)).not.toContain(wrong)
  })

  it('no payload and no log line holds the passphrase or key material', () => {
    const keyBody = readFileSync(file('client.key'), 'utf8').split('\n')[1] ?? 'missing'
    const encryptedBody = readFileSync(file('client-encrypted.key'), 'utf8').split('\n')[1] ?? 'missing'
    expect(payloads.length).toBeGreaterThanOrEqual(4)
    for (const text of [...payloads, ...logged]) {
      expect(text).not.toContain(PASSPHRASE)
      expect(text).not.toContain(keyBody)
      expect(text).not.toContain(encryptedBody)
      expect(text).not.toMatch(/PRIVATE KEY/)
    }
  })
})
