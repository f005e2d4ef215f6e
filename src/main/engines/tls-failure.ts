/**
 * What failed in a TLS handshake, in the profile's terms: the server's certificate (checked by us), the
 * client certificate (refused by the server, which says so in a TLS alert or a PostgreSQL error), or the
 * versions. Node puts the verify code on the error (`code`), the server's alerts only in OpenSSL's text.
 */

/** Our check of the server's certificate failed: Node's verify codes. */
const SERVER_CERT_HINTS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'the server presented a self-signed certificate; add its CA file to the profile',
  SELF_SIGNED_CERT_IN_CHAIN:
    "the server's certificate chain ends in a CA that is not trusted (an unknown CA): check the profile's CA file",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "the server's certificate was signed by an unknown CA: check the profile's CA file",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    "the server's certificate was signed by an unknown CA: check the profile's CA file",
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet'
}

/** What the server (or OpenSSL on our side) said, by the words of OpenSSL's message or the server's error. */
const MESSAGE_HINTS: [RegExp, string][] = [
  [
    /alert certificate required|requires a valid client certificate/i,
    "the server requires a client certificate: set the profile's client certificate and key"
  ],
  [
    /alert unknown ca/i,
    'the server refused the client certificate: it is not signed by a CA the server trusts'
  ],
  [/alert certificate expired/i, 'the server refused the client certificate: it has expired'],
  [/alert bad certificate|alert certificate unknown/i, 'the server refused the client certificate'],
  [
    /certificate authentication failed for user/i,
    "the server refused the client certificate: its CN is not the connection's user name"
  ],
  [
    /alert protocol version|unsupported protocol|wrong version number|no protocols available/i,
    "no TLS version in common with the server: the profile's minimum TLS version is above what the server offers, or the server speaks no TLS here"
  ],
  [/alert handshake failure/i, 'the server ended the TLS handshake: no cipher or version in common']
]

interface ErrorLike {
  code?: unknown
  message?: unknown
  host?: unknown
  reason?: unknown
  cause?: unknown
}

/** The error and its causes, outermost first (drivers wrap the socket's error once or twice). */
const chain = (err: unknown): ErrorLike[] => {
  const out: ErrorLike[] = []
  let next: unknown = err
  while (next && typeof next === 'object' && out.length < 5) {
    out.push(next as ErrorLike)
    next = (next as ErrorLike).cause
  }
  return out
}

/** The hint (with Node's code when there is one), or null when the error is not a TLS failure we can name. */
export const tlsFailureText = (err: unknown): string | null => {
  const errors = chain(err)
  for (const e of errors) {
    const code = typeof e.code === 'string' ? e.code : ''
    const hint = SERVER_CERT_HINTS[code]
    if (hint) return `${hint} (${code})`
    if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
      // Node's reason lists the names the certificate does carry.
      const host = typeof e.host === 'string' ? e.host : 'this host'
      const reason = typeof e.reason === 'string' ? `: ${e.reason}` : ''
      return `the certificate does not name ${host}${reason} (${code})`
    }
  }
  for (const e of errors) {
    const message = typeof e.message === 'string' ? e.message : ''
    const found = MESSAGE_HINTS.find(([words]) => words.test(message))
    if (found) return found[1]
  }
  return null
}
