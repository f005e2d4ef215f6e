import { AppFailure, type ErrorCode } from '../../shared/errors'
import { redact } from '../../shared/redact'
import { tlsFailureText } from './tls-failure'

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO'
])

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
  'EAI_AGAIN'
])

interface DriverErrorLike {
  code?: unknown
  errno?: unknown
  name?: unknown
  message?: unknown
  cause?: unknown
  reason?: unknown
}

const findCode = (err: DriverErrorLike, depth = 0): string | null => {
  if (
    typeof err.code === 'string' &&
    (TLS_CODES.has(err.code) || NETWORK_CODES.has(err.code) || err.code === 'ETIMEDOUT')
  ) {
    return err.code
  }
  if (depth > 4) return null
  for (const next of [err.cause, err.reason]) {
    if (next && typeof next === 'object') {
      const found = findCode(next as DriverErrorLike, depth + 1)
      if (found) return found
    }
  }
  return null
}

/** Turn any driver error into a coded, redacted AppFailure with a message a DBA can act on. */
export const mapDriverError = (error: unknown, where: string): AppFailure => {
  if (error instanceof AppFailure) return error
  const err = (error && typeof error === 'object' ? error : { message: String(error) }) as DriverErrorLike
  const message = redact(typeof err.message === 'string' ? err.message : String(error))
  const sqlState = typeof err.code === 'string' ? err.code : null
  const nested = findCode(err)
  const make = (code: ErrorCode, text: string) => new AppFailure(code, `${where}: ${text}`)

  const tlsText = tlsFailureText(error)
  if (tlsText) return make('TLS_FAILED', `TLS check failed: ${redact(tlsText)}.`)
  if (nested && TLS_CODES.has(nested)) return make('TLS_FAILED', `TLS check failed: ${nested}: ${message}`)
  if (/does not support SSL/i.test(message)) {
    // TLS was required and the server offers none: fail closed, never fall back to plain text.
    return make(
      'TLS_FAILED',
      'TLS check failed: the server does not support SSL/TLS connections; nothing was sent in clear.'
    )
  }
  if (/certificate|self[- ]signed|ssl|tls/i.test(message)) {
    return make('TLS_FAILED', `TLS check failed: ${message}`)
  }
  if (
    sqlState === '28P01' ||
    sqlState === '28000' ||
    /WRONGPASS|NOAUTH|Authentication failed|password authentication/i.test(message)
  ) {
    return make('AUTH_FAILED', 'authentication failed: check the user name and password.')
  }
  if (
    sqlState === '57014' ||
    sqlState === '55P03' ||
    err.code === 50 ||
    nested === 'ETIMEDOUT' ||
    /timed? ?out|timeout/i.test(message)
  ) {
    return make('TIMEOUT', `the server did not answer in time (${message}).`)
  }
  // admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping or starting, not answering.
  if (sqlState === '57P01' || sqlState === '57P02' || sqlState === '57P03')
    return make('UNREACHABLE', `the server is shutting down or starting up (${message}).`)
  if (nested && NETWORK_CODES.has(nested)) return make('UNREACHABLE', `cannot reach the server (${nested}).`)
  if (
    // ioredis rejects queued commands with MaxRetriesPerRequestError while it cannot reconnect.
    /ECONNREFUSED|ENOTFOUND|Connection is closed|connection terminated|Server selection|getaddrinfo|max retries per request/i.test(
      message
    ) ||
    err.name === 'MaxRetriesPerRequestError'
  ) {
    return make('UNREACHABLE', `cannot reach the server (${message}).`)
  }
  return make('SERVER_ERROR', message)
}
