/**
 * One profile's TLS as Node TLS options, for every driver (pg `ssl`, ioredis `tls`, the mongodb driver's
 * TLS options). Files are read and the client key decrypted here, in main, so a missing file, a wrong
 * passphrase or a key that is not the certificate's fails before any socket opens, saying which; the key
 * material and the passphrase go to the driver only.
 */
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { checkServerIdentity, createSecureContext, type PeerCertificate } from 'node:tls'
import type { TlsMinVersion } from '../../shared/connection'
import { AppFailure } from '../../shared/errors'
import { registerSecret } from '../../shared/redact'
import type { TlsOptions } from './types'

export interface NodeTlsOptions {
  rejectUnauthorized: boolean
  ca?: string
  cert?: string
  key?: string
  passphrase?: string
  /** SNI: a host name only (RFC 6066 forbids an address). */
  servername?: string
  /** Checks the certificate against the server's own name, also when the socket goes to a tunnel. */
  checkServerIdentity?: (host: string, cert: PeerCertificate) => Error | undefined
  minVersion?: TlsMinVersion
}

const readPem = (path: string, what: string): string => {
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    const code = (err as { code?: unknown }).code
    throw new AppFailure(
      'INVALID_INPUT',
      `The TLS ${what} file ${path} cannot be read (${typeof code === 'string' ? code : String(err)}).`
    )
  }
}

/** What OpenSSL's refusal of the client certificate, key or passphrase means, in the profile's terms. */
const clientKeyProblem = (err: unknown, hasPassphrase: boolean): string => {
  const code = String((err as { code?: unknown }).code ?? '')
  const message = String((err as { message?: unknown }).message ?? err)
  if (/BAD_DECRYPT|bad decrypt|interrupted or cancelled|bad password/i.test(`${code} ${message}`))
    return hasPassphrase
      ? 'the client key cannot be decrypted: the key passphrase is wrong'
      : 'the client key is encrypted: give its passphrase'
  if (/KEY_VALUES_MISMATCH|key values mismatch/i.test(`${code} ${message}`))
    return 'the client key does not belong to the client certificate'
  if (/NO_START_LINE|PEM|ASN1|DECODER/i.test(`${code} ${message}`))
    return 'the client certificate or key file is not PEM (-----BEGIN ...-----)'
  return `the client certificate or key was refused (${code || message})`
}

/**
 * `serverHost` is the server as the URL names it; the certificate must name it (or the profile's server
 * name override), also when the socket goes to a tunnel's local forward. Undefined leaves the check to
 * the socket's own host (each node of a Redis Cluster, reached at the address it announces).
 */
export const nodeTlsOptions = (tls: TlsOptions, serverHost: string | undefined): NodeTlsOptions => {
  const checkedName = tls.serverName ?? serverHost
  const options: NodeTlsOptions = {
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
    ...(tls.caFile !== undefined ? { ca: readPem(tls.caFile, 'CA') } : {}),
    ...(tls.certFile !== undefined ? { cert: readPem(tls.certFile, 'client certificate') } : {}),
    ...(tls.keyFile !== undefined ? { key: readPem(tls.keyFile, 'client key') } : {}),
    ...(tls.keyPassphrase !== undefined ? { passphrase: tls.keyPassphrase } : {}),
    ...(checkedName !== undefined && isIP(checkedName) === 0 ? { servername: checkedName } : {}),
    ...(checkedName !== undefined
      ? { checkServerIdentity: (_socketHost, cert) => checkServerIdentity(checkedName, cert) }
      : {}),
    ...(tls.minVersion !== undefined ? { minVersion: tls.minVersion } : {})
  }
  if (options.passphrase !== undefined) registerSecret(options.passphrase)
  if (options.cert !== undefined || options.key !== undefined) {
    try {
      createSecureContext({ cert: options.cert, key: options.key, passphrase: options.passphrase })
    } catch (err) {
      throw new AppFailure(
        'TLS_FAILED',
        `TLS client certificate ${tls.certFile ?? ''}: ${clientKeyProblem(err, options.passphrase !== undefined)}.`
      )
    }
  }
  return options
}
