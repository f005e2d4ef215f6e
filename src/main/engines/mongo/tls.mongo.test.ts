/**
 * The real mongodb driver with the profile's TLS, against the wire-protocol fake behind a TLS terminator
 * of our own (Node's tls server, on 59520, requiring a client certificate signed by the test CA): no
 * mongod exists here, so this checks that the driver really presents the certificate and checks the
 * server's, not Mongo's own TLS code. Certificates from scripts/tls/make-certs.sh.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createServer, type Server, type TLSSocket } from 'node:tls'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMongoFake, type MongoFakeHandle } from '../../../../scripts/mongo-fake/server'
import type { TlsOptions } from '../types'
import { openMongo } from './adapter'

const PROXY_PORT = 59520
const PASSPHRASE = 'mongo-tls-key-passphrase'
const script = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../scripts/tls/make-certs.sh')
const certs = mkdtempSync(join(tmpdir(), 'dbconsole-mongo-tls-'))
const file = (name: string) => join(certs, name)

let fake: MongoFakeHandle
let proxy: Server
/** The client certificate subject of every TLS connection the terminator accepted. */
const clientSubjects: string[] = []
const sockets = new Set<Socket>()

beforeAll(async () => {
  execFileSync('bash', [script, certs], { env: { ...process.env, TLS_KEY_PASSPHRASE: PASSPHRASE } })
  fake = await startMongoFake({ port: 0, scenario: 'standalone' })
  proxy = createServer(
    {
      key: readFileSync(file('server.key')),
      cert: readFileSync(file('server.crt')),
      ca: readFileSync(file('ca.crt')),
      requestCert: true,
      rejectUnauthorized: true
    },
    (client: TLSSocket) => {
      clientSubjects.push(String(client.getPeerCertificate().subject?.CN))
      const upstream = connect(fake.ports[0] ?? 0, '127.0.0.1')
      for (const s of [client, upstream]) {
        sockets.add(s)
        s.on('error', () => s.destroy())
        s.on('close', () => sockets.delete(s))
      }
      client.pipe(upstream).pipe(client)
    }
  )
  proxy.on('tlsClientError', () => undefined) // the refusals below are what is tested
  await new Promise<void>((done) => proxy.listen(PROXY_PORT, '127.0.0.1', done))
})

afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise((done) => proxy?.close(done))
  await fake?.close()
  rmSync(certs, { recursive: true, force: true })
})

const target = (tls: TlsOptions) => ({
  url: `mongodb://127.0.0.1:${PROXY_PORT}/?directConnection=true`,
  tls,
  purpose: 'diagnostics' as const
})
const clientTls: TlsOptions = {
  enabled: true,
  caFile: file('ca.crt'),
  certFile: file('client.crt'),
  keyFile: file('client-encrypted.key'),
  keyPassphrase: PASSPHRASE
}

const failure = async (tls: TlsOptions): Promise<{ code: string; message: string }> => {
  try {
    const session = await openMongo(target(tls))
    await session.close()
  } catch (err) {
    return err as { code: string; message: string }
  }
  throw new Error('expected the connection to be refused')
}

describe('openMongo over TLS with a client certificate', () => {
  it('connects with the encrypted key and its passphrase; the terminator saw the client certificate', async () => {
    const before = clientSubjects.length
    const session = await openMongo(target(clientTls))
    try {
      expect((await session.describe()).role).toBe('standalone')
    } finally {
      await session.close()
    }
    expect(clientSubjects.slice(before)).toContain('postgres')
  })

  it('without a client certificate: TLS_FAILED saying the server requires one', async () => {
    const err = await failure({ enabled: true, caFile: file('ca.crt') })
    expect(err.code).toBe('TLS_FAILED')
    expect(err.message).toMatch(/requires a client certificate/)
  })

  it('with the wrong CA for the server: TLS_FAILED naming the unknown CA', async () => {
    const err = await failure({ ...clientTls, caFile: file('other-ca.crt') })
    expect(err.code).toBe('TLS_FAILED')
    expect(err.message).toMatch(/unknown CA/)
  })

  it('with a server name the certificate does not carry: TLS_FAILED naming it', async () => {
    const err = await failure({ ...clientTls, serverName: 'wrong.example' })
    expect(err.code).toBe('TLS_FAILED')
    expect(err.message).toMatch(/does not name wrong\.example/)
  })
})
