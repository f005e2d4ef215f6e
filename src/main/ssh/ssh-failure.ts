/** ssh2's errors as AppFailures a DBA can act on; the host-key verdict decides a refused handshake. */
import type { HostKeyCheck } from '../../shared/connection'
import { AppFailure } from '../../shared/errors'
import { mapDriverError } from '../engines/map-error'

export const hostKeyRefusal = (where: string, check: HostKeyCheck): AppFailure =>
  check.state === 'changed'
    ? new AppFailure(
        'HOST_KEY_CHANGED',
        `${where} presented a different host key (${check.keyType} ${check.fingerprint}) than the trusted one ` +
          `(${check.trustedFingerprint ?? '?'}): the connection may be intercepted, or the host was reinstalled. ` +
          'Refused, nothing was sent; trust the new key only once its administrator confirms it.'
      )
    : new AppFailure(
        'HOST_KEY_UNKNOWN',
        `${where} presented a host key that is not trusted yet (${check.keyType} ${check.fingerprint}). ` +
          'Refused, nothing was sent; compare the fingerprint with the bastion administrator and trust it to connect.'
      )

export const mapSshError = (err: unknown, where: string, refusedKey: HostKeyCheck | null): AppFailure => {
  if (refusedKey) return hostKeyRefusal(where, refusedKey)
  if (err instanceof AppFailure) return err
  const e = (err && typeof err === 'object' ? err : {}) as { level?: unknown; message?: unknown }
  const message = typeof e.message === 'string' ? e.message : String(err)
  if (/Cannot parse privateKey/i.test(message)) {
    return new AppFailure(
      'AUTH_FAILED',
      /passphrase|decrypt|bad/i.test(message)
        ? `${where}: the SSH key file could not be decrypted: the passphrase is wrong or missing.`
        : `${where}: the SSH key file is not a private key ssh2 can read.`
    )
  }
  if (e.level === 'client-authentication')
    return new AppFailure('AUTH_FAILED', `${where}: the bastion refused the key (authentication failed).`)
  if (e.level === 'client-timeout')
    return new AppFailure('TIMEOUT', `${where}: the SSH handshake did not finish in time.`)
  return mapDriverError(err, where)
}
