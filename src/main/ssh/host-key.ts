/** OpenSSH's names for a host key: its type and its SHA256 fingerprint, as `ssh-keygen -lf` prints them. */
import { createHash } from 'node:crypto'

/** `SHA256:` + the unpadded base64 of the SHA-256 of the key blob. */
export const fingerprintOf = (keyBlob: Buffer): string =>
  `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`

/** The key type is the blob's first SSH string (uint32 length + name), e.g. `ssh-ed25519`. */
export const keyTypeOf = (keyBlob: Buffer): string => {
  if (keyBlob.length < 4) return 'unknown'
  const length = keyBlob.readUInt32BE(0)
  if (length === 0 || length > 64 || keyBlob.length < 4 + length) return 'unknown'
  return keyBlob.subarray(4, 4 + length).toString('latin1')
}

/** How OpenSSH's known_hosts names a host on a non-default port. */
export const hostKeyName = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`)
