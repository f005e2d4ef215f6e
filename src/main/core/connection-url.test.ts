import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../shared/errors'
import { formatConnectionUrl, parseConnectionUrl } from './connection-url'

const code = (fn: () => unknown): string | null => {
  try {
    fn()
    return null
  } catch (err) {
    return err instanceof AppFailure ? `${err.code}: ${err.message}` : 'threw a non-AppFailure'
  }
}

describe('parseConnectionUrl', () => {
  it('splits user, escaped password, host, port, database and params', () => {
    const p = parseConnectionUrl(
      'postgres',
      'postgresql://app:p%40ss%3Aw@db.example:6432/shop?sslmode=require'
    )
    expect(p).toMatchObject({
      scheme: 'postgresql',
      user: 'app',
      password: 'p@ss:w',
      hosts: [{ host: 'db.example', port: 6432 }],
      path: 'shop'
    })
    expect(p.params.get('sslmode')).toBe('require')
  })

  it('reads Mongo host lists and IPv6 hosts', () => {
    expect(parseConnectionUrl('mongo', 'mongodb://a:1,b:2,c/?replicaSet=rs0').hosts).toEqual([
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
      { host: 'c', port: null }
    ])
    expect(parseConnectionUrl('redis', 'redis://[::1]:6380').hosts).toEqual([{ host: '[::1]', port: 6380 }])
  })

  it('refuses the wrong scheme, a missing host, a bad port and several PG hosts with clear messages', () => {
    expect(code(() => parseConnectionUrl('redis', 'postgres://h'))).toBe(
      'INVALID_INPUT: Connection URL for redis must start with redis:// or rediss://.'
    )
    expect(code(() => parseConnectionUrl('postgres', 'postgres://'))).toBe(
      'INVALID_INPUT: Connection URL has no host.'
    )
    expect(code(() => parseConnectionUrl('postgres', 'postgres://h:99999'))).toBe(
      'INVALID_INPUT: Connection URL has port 99999 out of range.'
    )
    expect(code(() => parseConnectionUrl('postgres', 'postgres://a,b/x'))).toBe(
      'INVALID_INPUT: Connection URL may name only one host for PostgreSQL.'
    )
    expect(code(() => parseConnectionUrl('postgres', 'postgres://u:%zz@h'))).toBe(
      'INVALID_INPUT: Connection URL has a badly escaped password.'
    )
  })

  it('formats without the password, or with a new one', () => {
    const p = parseConnectionUrl('redis', 'redis://default:secret@h:1/2?cluster=true')
    expect(formatConnectionUrl(p)).toBe('redis://default@h:1/2?cluster=true')
    expect(formatConnectionUrl(p, 'n w')).toBe('redis://default:n%20w@h:1/2?cluster=true')
  })
})
