/**
 * Every driver gets the profile's TLS the same way: the files read in main, the key decrypted before a
 * socket opens, SNI and the certificate check on the server's own name (or the profile's override), the
 * minimum version. Certificates from scripts/tls/make-certs.sh.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import type { PeerCertificate } from 'node:tls'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildMongoOptions } from './mongo/adapter'
import { buildPoolConfig } from './postgres/adapter'
import { buildRedisOptions } from './redis/adapter'
import { nodeTlsOptions, type NodeTlsOptions } from './tls-options'
import type { ConnectTarget, TlsOptions } from './types'

const script = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts/tls/make-certs.sh')
const certs = mkdtempSync(join(tmpdir(), 'dbconsole-tls-options-'))
const PASSPHRASE = 'unit-tls-key-passphrase'
const file = (name: string) => join(certs, name)
const pem = (name: string) => readFileSync(file(name), 'utf8')

beforeAll(() => {
  execFileSync('bash', [script, certs], { env: { ...process.env, TLS_KEY_PASSPHRASE: PASSPHRASE } })
})
afterAll(() => rmSync(certs, { recursive: true, force: true }))

const clientTls = (): TlsOptions => ({
  enabled: true,
  caFile: file('ca.crt'),
  certFile: file('client.crt'),
  keyFile: file('client-encrypted.key'),
  keyPassphrase: PASSPHRASE
})

/** The part of a certificate that Node's host name check reads. */
const certNaming = (altNames: string): PeerCertificate =>
  ({ subject: { CN: 'x' }, subjectaltname: altNames }) as unknown as PeerCertificate

const failure = (run: () => unknown): { code: string; message: string } => {
  try {
    run()
  } catch (err) {
    return err as { code: string; message: string }
  }
  throw new Error('expected a failure')
}

describe('nodeTlsOptions', () => {
  it('reads the CA, certificate and key, keeps the passphrase for the driver and checks verify-full', () => {
    const options = nodeTlsOptions({ ...clientTls(), minVersion: 'TLSv1.3' }, 'db.example')
    expect(options).toMatchObject({
      rejectUnauthorized: true,
      ca: pem('ca.crt'),
      cert: pem('client.crt'),
      key: pem('client-encrypted.key'),
      passphrase: PASSPHRASE,
      servername: 'db.example',
      minVersion: 'TLSv1.3'
    })
  })

  it("checks the certificate against the server's name even when the socket goes to a tunnel", () => {
    const { checkServerIdentity } = nodeTlsOptions({ enabled: true }, 'db.example')
    // The socket's host is the tunnel's local forward; the certificate must name db.example.
    expect(checkServerIdentity?.('127.0.0.1', certNaming('DNS:db.example'))).toBeUndefined()
    expect(checkServerIdentity?.('127.0.0.1', certNaming('DNS:other.example'))?.message).toMatch(
      /db\.example/
    )
  })

  it('the server name override is what SNI sends and what the certificate must name', () => {
    const options = nodeTlsOptions({ enabled: true, serverName: 'replica.internal' }, '10.0.0.5')
    expect(options.servername).toBe('replica.internal')
    expect(options.checkServerIdentity?.('10.0.0.5', certNaming('DNS:replica.internal'))).toBeUndefined()
    expect(options.checkServerIdentity?.('10.0.0.5', certNaming('IP Address:10.0.0.5'))).toBeInstanceOf(Error)
  })

  it('sends no SNI for an address (RFC 6066) but still checks the address', () => {
    const options = nodeTlsOptions({ enabled: true }, '10.0.0.5')
    expect(options).not.toHaveProperty('servername')
    expect(options.checkServerIdentity?.('127.0.0.1', certNaming('IP Address:10.0.0.5'))).toBeUndefined()
  })

  it('with no name (each node of a cluster) leaves the check to the socket host', () => {
    const options = nodeTlsOptions({ enabled: true }, undefined)
    expect(options).toEqual({ rejectUnauthorized: true })
  })

  it('the insecure mode is only ever an explicit rejectUnauthorized: false', () => {
    expect(nodeTlsOptions({ enabled: true, rejectUnauthorized: false }, 'h').rejectUnauthorized).toBe(false)
    expect(nodeTlsOptions({ enabled: true }, 'h').rejectUnauthorized).toBe(true)
  })

  it.each<[string, Partial<TlsOptions>, RegExp]>([
    ['a wrong passphrase', { keyPassphrase: 'wrong-passphrase' }, /the key passphrase is wrong/],
    ['no passphrase for an encrypted key', { keyPassphrase: undefined }, /is encrypted: give its passphrase/],
    [
      'a key that is not the certificate’s',
      { keyFile: 'server.key', keyPassphrase: undefined },
      /does not belong to the client certificate/
    ],
    ['a file that is not PEM', { certFile: 'ca-db/index.txt' }, /is not PEM/]
  ])('%s: TLS_FAILED saying so, before any socket opens', (_name, change, says) => {
    const tls: TlsOptions = {
      ...clientTls(),
      ...change,
      ...(change.keyFile ? { keyFile: file(change.keyFile) } : {}),
      ...(change.certFile ? { certFile: file(change.certFile) } : {})
    }
    const err = failure(() => nodeTlsOptions(tls, 'h'))
    expect(err.code).toBe('TLS_FAILED')
    expect(err.message).toMatch(says)
    expect(err.message).not.toContain(PASSPHRASE)
  })

  it('a file that cannot be read: INVALID_INPUT naming which file', () => {
    const err = failure(() => nodeTlsOptions({ ...clientTls(), caFile: file('missing-ca.pem') }, 'h'))
    expect(err).toMatchObject({ code: 'INVALID_INPUT' })
    expect(err.message).toContain(`TLS CA file ${file('missing-ca.pem')} cannot be read (ENOENT)`)
  })
})

describe('the drivers get those options', () => {
  const target = (url: string, tls: TlsOptions = clientTls()): ConnectTarget => ({
    url,
    tls,
    purpose: 'diagnostics'
  })
  const tlsOf = (options: unknown): NodeTlsOptions => options as NodeTlsOptions

  it('pg: ssl carries the client certificate, key, passphrase and the server name', () => {
    const ssl = tlsOf(buildPoolConfig(target('postgres://app@db.example:5432/shop')).ssl)
    expect(ssl).toMatchObject({ cert: pem('client.crt'), passphrase: PASSPHRASE, servername: 'db.example' })
    expect(buildPoolConfig(target('postgres://app@db:5432/shop', { enabled: false })).ssl).toBe(false)
  })

  it('ioredis: tls likewise; through sentinels the master is checked by its own address', () => {
    const tls = tlsOf(buildRedisOptions(target('redis://cache.example:6379')).tls)
    expect(tls).toMatchObject({
      cert: pem('client.crt'),
      passphrase: PASSPHRASE,
      servername: 'cache.example'
    })
    const viaSentinels = tlsOf(
      buildRedisOptions(target('redis://s1:26379,s2:26379/0?sentinelMasterName=mymaster')).tls
    )
    expect(viaSentinels.cert).toBe(pem('client.crt'))
    expect(viaSentinels).not.toHaveProperty('servername')
    expect(viaSentinels).not.toHaveProperty('checkServerIdentity')
  })

  it('mongodb: the driver’s TLS options, TLS 1.3 as the minimum is TLS 1.3 only', () => {
    const options = buildMongoOptions(
      target('mongodb://m1:27017,m2:27017/?replicaSet=rs0', { ...clientTls(), minVersion: 'TLSv1.3' })
    )
    expect(options).toMatchObject({
      tls: true,
      rejectUnauthorized: true,
      ca: pem('ca.crt'),
      cert: pem('client.crt'),
      key: pem('client-encrypted.key'),
      passphrase: PASSPHRASE,
      secureProtocol: 'TLSv1_3_method'
    })
    // Each member is checked by the name it is reached by: no name pinned to the first seed.
    expect(options).not.toHaveProperty('servername')
    expect(options).not.toHaveProperty('minVersion')
    const named = buildMongoOptions(target('mongodb://m1/', { enabled: true, serverName: 'rs.internal' }))
    expect(named).toMatchObject({ servername: 'rs.internal' })
    expect(named).not.toHaveProperty('secureProtocol')
  })
})
