/**
 * R6: TLS fails closed. Certificates from scripts/tls/make-certs.sh; our own PostgreSQL with ssl=on and
 * our own Redis servers with --tls-port (Debian's redis-server 7.0 links libssl). The adapters, with
 * `tls: { enabled: true, caFile }`, accept only the CA-signed certificate for 127.0.0.1 and refuse a
 * self-signed, wrong-host, expired and unknown-CA certificate, and a server without TLS, each with
 * TLS_FAILED and a message that says which.
 */
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres } from '../../engines/postgres/adapter'
import { openRedis } from '../../engines/redis/adapter'
import type { ConnectTarget } from '../../engines/types'
import { sleep, startOwnPg, startOwnRedis, type OwnPg, type OwnRedis } from '../../testing/own-servers'
import { openOutcome } from '../../testing/open-outcome'

const certs = '/tmp/rel-tls-certs'
const script = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../scripts/tls/make-certs.sh')
const CERTS = ['server', 'self-signed', 'wrong-host', 'expired', 'unknown-ca'] as const
type CertName = (typeof CERTS)[number]

/** What each bad certificate must be refused with: the code and the words that say why. */
const REFUSALS: Record<Exclude<CertName, 'server'>, RegExp> = {
  'self-signed': /self-signed/i,
  'wrong-host': /does not name this host|altname|hostname/i,
  expired: /expired/i,
  'unknown-ca': /unknown CA|not trusted|unable to verify|issuer/i
}

let pgServers: OwnPg
const redisByCert = new Map<CertName, OwnRedis>()
let plainRedis: OwnRedis

const target = (url: string): ConnectTarget => ({
  url,
  tls: { enabled: true, caFile: join(certs, 'ca.crt') },
  purpose: 'diagnostics'
})

beforeAll(async () => {
  rmSync(certs, { recursive: true, force: true })
  execFileSync('bash', [script, certs])
  const redisPorts: Record<CertName, number> = {
    server: 46520,
    'self-signed': 46521,
    'wrong-host': 46522,
    expired: 46523,
    'unknown-ca': 46524
  }
  const [pgStarted] = await Promise.all([
    startOwnPg('tls', 55720, 55721),
    ...CERTS.map(async (name) => {
      const port = redisPorts[name]
      redisByCert.set(
        name,
        await startOwnRedis(`tls-${name}`, port, [
          '--tls-port',
          String(port),
          '--tls-cert-file',
          join(certs, `${name}.crt`),
          '--tls-key-file',
          join(certs, `${name}.key`),
          '--tls-ca-cert-file',
          join(certs, 'ca.crt'),
          '--tls-auth-clients',
          'no'
        ])
      )
    })
  ])
  pgServers = pgStarted
  for (const name of CERTS) {
    pgServers.installFile(join(certs, `${name}.crt`), `${name}.crt`)
    pgServers.installFile(join(certs, `${name}.key`), `${name}.key`)
  }
  plainRedis = await startOwnRedis('tls-plain', 46525)
})

afterAll(async () => {
  for (const r of redisByCert.values()) r.down()
  plainRedis?.down()
  await pgServers?.down()
  rmSync(certs, { recursive: true, force: true })
})

const usePgCert = async (name: CertName): Promise<void> => {
  await pgServers.configure([
    'ssl = on',
    `ssl_cert_file = '${join(pgServers.base, `${name}.crt`)}'`,
    `ssl_key_file = '${join(pgServers.base, `${name}.key`)}'`
  ])
  await sleep(400) // the postmaster reloads the SSL context on SIGHUP, asynchronously
}

describe('TLS fails closed: PostgreSQL (own server, ssl=on)', () => {
  const url = () => `postgres://postgres@127.0.0.1:${pgServers.primaryPort}/postgres`

  it('the CA-signed certificate for 127.0.0.1 is accepted, and the session really is encrypted', async () => {
    await usePgCert('server')
    const session = await openPostgres(target(url()))
    try {
      const [row] = await session.query<{ ssl: boolean }>(
        'select ssl from pg_stat_ssl where pid = pg_backend_pid()'
      )
      expect(row?.ssl).toBe(true)
    } finally {
      await session.close()
    }
  })

  for (const name of Object.keys(REFUSALS) as (keyof typeof REFUSALS)[]) {
    it(`${name}: refused with TLS_FAILED`, async () => {
      await usePgCert(name)
      const result = await openOutcome(() => openPostgres(target(url())))
      expect(result.code).toBe('TLS_FAILED')
      expect(result.message).toMatch(REFUSALS[name])
    })
  }

  it('a server without TLS while TLS is required: refused with TLS_FAILED (no silent downgrade)', async () => {
    await pgServers.configure(['ssl = off'])
    await sleep(400)
    const result = await openOutcome(() => openPostgres(target(url())))
    expect(result.code).toBe('TLS_FAILED')
    expect(result.message).toMatch(/does not support SSL|TLS/i)
  })
})

describe('TLS fails closed: Redis (own servers, --tls-port)', () => {
  const url = (name: CertName) => `redis://127.0.0.1:${redisByCert.get(name)?.port ?? 0}`

  it('the CA-signed certificate for 127.0.0.1 is accepted', async () => {
    const session = await openRedis(target(url('server')))
    try {
      const [node] = await session.nodes()
      expect(await node?.call('PING')).toBe('PONG')
    } finally {
      await session.close()
    }
  })

  for (const name of Object.keys(REFUSALS) as (keyof typeof REFUSALS)[]) {
    it(`${name}: refused with TLS_FAILED`, async () => {
      const result = await openOutcome(() => openRedis(target(url(name))))
      expect(result.code).toBe('TLS_FAILED')
      expect(result.message).toMatch(REFUSALS[name])
    })
  }

  it('a server without TLS while TLS is required: refused with TLS_FAILED (no silent downgrade)', async () => {
    const result = await openOutcome(() => openRedis(target(`redis://127.0.0.1:${plainRedis.port}`)))
    // A plain Redis never answers a ClientHello, so the handshake can only time out (connectTimeout 5 s):
    // fail closed, but the code cannot tell this from a slow network. Known gap, see the issue-10 report.
    expect(['TLS_FAILED', 'TIMEOUT']).toContain(result.code)
    expect(result.code).not.toBe('OK')
  })
})
