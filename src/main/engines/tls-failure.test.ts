/**
 * The error texts are as Node 20 (OpenSSL 3.0) and PostgreSQL 15 / Redis 7.0 gave them to the drivers in
 * src/main/reliability/tls/client-certs.int.test.ts; the shapes (code, host, reason) are Node's.
 */
import { describe, expect, it } from 'vitest'
import { mapDriverError } from './map-error'
import { tlsFailureText } from './tls-failure'

const opensslAlert = (words: string, code: string, alert: number) =>
  Object.assign(
    new Error(
      `804C4A31447F0000:error:${code}:SSL routines:ssl3_read_bytes:${words}:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number ${alert}`
    ),
    { code: 'EPROTO' }
  )

describe('tlsFailureText', () => {
  it.each([
    [
      'Redis without a client certificate (TLS 1.3 alert)',
      opensslAlert('tlsv13 alert certificate required', '0A00045C', 116),
      "the server requires a client certificate: set the profile's client certificate and key"
    ],
    [
      'PostgreSQL without a client certificate (its FATAL)',
      Object.assign(new Error('connection requires a valid client certificate'), { code: '28000' }),
      "the server requires a client certificate: set the profile's client certificate and key"
    ],
    [
      'a client certificate from a CA the server does not trust',
      opensslAlert('tlsv1 alert unknown ca', '0A000418', 48),
      'the server refused the client certificate: it is not signed by a CA the server trusts'
    ],
    [
      'a minimum version above the server maximum',
      opensslAlert('tlsv1 alert protocol version', '0A00042E', 70),
      "no TLS version in common with the server: the profile's minimum TLS version is above what the server offers, or the server speaks no TLS here"
    ],
    [
      "a client certificate whose CN is not the user (PostgreSQL's FATAL)",
      Object.assign(new Error('certificate authentication failed for user "app"'), { code: '28000' }),
      "the server refused the client certificate: its CN is not the connection's user name"
    ]
  ])('%s', (_name, err, text) => {
    expect(tlsFailureText(err)).toBe(text)
  })

  it('names the host that was checked, and the names the certificate carries', () => {
    const err = Object.assign(new Error("Hostname/IP does not match certificate's altnames"), {
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      host: 'wrong.example',
      reason: "Host: wrong.example. is not in the cert's altnames: IP Address:127.0.0.1, DNS:localhost"
    })
    expect(tlsFailureText(err)).toBe(
      "the certificate does not name wrong.example: Host: wrong.example. is not in the cert's altnames: IP Address:127.0.0.1, DNS:localhost (ERR_TLS_CERT_ALTNAME_INVALID)"
    )
  })

  it('finds the code on a wrapped cause, and says nothing of errors that are not TLS', () => {
    const inner = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN'
    })
    expect(tlsFailureText(new Error('connection failed', { cause: inner }))).toMatch(
      /unknown CA.*\(SELF_SIGNED_CERT_IN_CHAIN\)$/
    )
    expect(
      tlsFailureText(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
    ).toBeNull()
  })

  it('mapDriverError makes them TLS_FAILED (not AUTH_FAILED, though PostgreSQL says 28000)', () => {
    const failure = mapDriverError(
      Object.assign(new Error('connection requires a valid client certificate'), { code: '28000' }),
      'PostgreSQL db:5432'
    )
    expect(failure).toMatchObject({
      code: 'TLS_FAILED',
      message:
        "PostgreSQL db:5432: TLS check failed: the server requires a client certificate: set the profile's client certificate and key."
    })
  })
})
