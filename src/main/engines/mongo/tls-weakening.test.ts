import { describe, expect, it } from 'vitest'
import type { ConnectTarget } from '../types'
import { buildMongoOptions } from './adapter'

const target = (url: string, tlsEnabled = false): ConnectTarget => ({
  url,
  tls: { enabled: tlsEnabled },
  purpose: 'diagnostics'
})

const refusal = (t: ConnectTarget): string | null => {
  try {
    buildMongoOptions(t)
    return null
  } catch (err) {
    return err instanceof Error && 'code' in err ? `${String(err.code)}: ${err.message}` : 'not an AppFailure'
  }
}

describe('Mongo URL options that weaken TLS', () => {
  it.each([
    ['mongodb://h/?tls=true&tlsAllowInvalidHostnames=true', false, 'tlsAllowInvalidHostnames'],
    ['mongodb://h/?ssl=true&tlsInsecure=true', false, 'tlsInsecure'],
    ['mongodb://h/?TLS=TRUE&TLSALLOWINVALIDCERTIFICATES=1', false, 'TLSALLOWINVALIDCERTIFICATES'],
    ['mongodb+srv://cluster.example/?tlsallowinvalidhostnames=yes', false, 'tlsallowinvalidhostnames'],
    ['mongodb://h/?tlsInsecure=True', true, 'tlsInsecure']
  ])('refuses %s (profile TLS %s)', (url, tlsEnabled, option) => {
    expect(refusal(target(url, tlsEnabled))).toBe(
      `INVALID_INPUT: Connection URL option ${option} would turn off TLS checks on a TLS connection; remove it (a private CA goes in the profile's CA file).`
    )
  })

  it('keeps them off when set to false, and leaves plain connections alone', () => {
    expect(
      refusal(target('mongodb://h/?tls=true&tlsAllowInvalidHostnames=false&tlsInsecure=FALSE'))
    ).toBeNull()
    expect(refusal(target('mongodb://h/?tls=false&tlsAllowInvalidHostnames=true'))).toBeNull()
    expect(refusal(target('mongodb://h/?replicaSet=rs0'))).toBeNull()
    expect(buildMongoOptions(target('mongodb://h/?tls=true', true))).toMatchObject({
      tls: true,
      rejectUnauthorized: true
    })
  })
})
