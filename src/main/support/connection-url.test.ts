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

  it('refuses a control character in every decoded part, naming the part and never its value', () => {
    const refused = (engine: 'postgres' | 'redis' | 'mongo', url: string): string | null =>
      code(() => parseConnectionUrl(engine, url))
    const says = (what: string): string =>
      `INVALID_INPUT: Connection URL has a control character in the ${what}.`
    expect(refused('postgres', 'postgres://app%00default_transaction_read_only%00off@h/db')).toBe(
      says('user name')
    )
    expect(refused('postgres', 'postgres://app:s3cret%0A@h/db')).toBe(says('password'))
    expect(refused('postgres', 'postgres://app@h/db%00options%00-c')).toBe(says('database name'))
    expect(refused('redis', 'redis://h/0%7F')).toBe(says('database index'))
    expect(refused('postgres', 'postgres://h\u0000x/db')).toBe(says('host'))
    expect(refused('postgres', 'postgres://h/db?sslmode=require%1F')).toBe(says('query option sslmode'))
    expect(refused('postgres', 'postgres://h/db?ssl%00mode=require')).toBe(says('name of a query option'))
    expect(refused('mongo', 'mongodb://h/?appName=a%C2%85b')).toBe(says('query option appName'))
    expect(refused('postgres', 'postgres://h/db?application_name=a+b%09')).toBe(
      says('query option application_name')
    )
  })

  it('refuses C0, DEL and C1 but keeps printable text beyond them', () => {
    for (const escaped of ['%00', '%1F', '%7F', '%C2%80', '%C2%9F']) {
      expect(code(() => parseConnectionUrl('postgres', `postgres://u${escaped}@h/db`))).toMatch(/user name/)
    }
    const kept = parseConnectionUrl('postgres', 'postgres://%C2%A0u%C3%A9:p%20w@h/caf%C3%A9?x=%C2%A0%7E')
    expect([kept.user, kept.password, kept.path, kept.params.get('x')]).toEqual([
      '\u00a0ué',
      'p w',
      'café',
      '\u00a0~'
    ])
  })

  it('never echoes the password it refuses', () => {
    expect(code(() => parseConnectionUrl('postgres', 'postgres://u:hunter2%00@h/db'))).not.toMatch(/hunter2/)
  })

  it('formats without the password, or with a new one', () => {
    const p = parseConnectionUrl('redis', 'redis://default:secret@h:1/2?cluster=true')
    expect(formatConnectionUrl(p)).toBe('redis://default@h:1/2?cluster=true')
    expect(formatConnectionUrl(p, 'n w')).toBe('redis://default:n%20w@h:1/2?cluster=true')
  })
})
