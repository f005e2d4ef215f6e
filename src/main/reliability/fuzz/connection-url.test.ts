/**
 * R1 / S10: connection URLs and the profile input schema under 10,000+ generated inputs each (fixed seeds).
 * parseConnectionUrl throws nothing but AppFailure INVALID_INPUT; what it accepts survives a format/parse
 * round trip; CR/LF/NUL (any control character) in any text field of a profile is rejected by the schema.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ENGINES, saveConnectionInput, type EngineKind } from '../../../shared/connection'
import { AppFailure } from '../../../shared/errors'
import { formatConnectionUrl, parseConnectionUrl } from '../../support/connection-url'

export const RUNS = 10_000

const SCHEMES = [
  'postgres',
  'postgresql',
  'redis',
  'rediss',
  'mongodb',
  'mongodb+srv',
  'http',
  'POSTGRES',
  ''
]
const piece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom(
    '%',
    '%zz',
    '%2F',
    '%40',
    '@',
    ':',
    '/',
    '?',
    '#',
    ',',
    '[',
    ']',
    '::1',
    '\u0000',
    '\r\n',
    ' ',
    ''
  )
)
const pieces = fc.array(piece, { maxLength: 6 }).map((p) => p.join(''))

/** URL-shaped strings with hostile pieces in every position, plus plain random text. */
const urlish = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .record({
      scheme: fc.constantFrom(...SCHEMES),
      user: pieces,
      password: fc.option(pieces, { nil: undefined }),
      hosts: fc.array(
        fc.record({
          host: fc.oneof(fc.domain(), fc.ipV4(), fc.constant('[::1]'), pieces),
          port: fc.option(fc.oneof(fc.integer({ min: -5, max: 70_000 }), pieces), { nil: undefined })
        }),
        { maxLength: 3 }
      ),
      path: fc.option(pieces, { nil: undefined }),
      query: fc.option(pieces, { nil: undefined })
    })
    .map(({ scheme, user, password, hosts, path, query }) => {
      const auth =
        user || password !== undefined ? `${user}${password === undefined ? '' : `:${password}`}@` : ''
      const hostList = hosts
        .map((h) => (h.port === undefined ? h.host : `${h.host}:${String(h.port)}`))
        .join(',')
      return `${scheme}://${auth}${hostList}${path === undefined ? '' : `/${path}`}${query === undefined ? '' : `?${query}`}`
    }),
  // Well-formed URLs with arbitrary (escaped) credentials, names and params: the accepting paths.
  fc
    .record({
      scheme: fc.constantFrom('postgres', 'postgresql', 'redis', 'rediss', 'mongodb'),
      user: fc.option(fc.string({ unit: 'binary', maxLength: 12 }), { nil: undefined }),
      password: fc.option(fc.string({ unit: 'binary', maxLength: 16 }), { nil: undefined }),
      host: fc.oneof(fc.domain(), fc.ipV4(), fc.constant('[::1]')),
      port: fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
      path: fc.string({ maxLength: 10 }),
      params: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), fc.string({ maxLength: 8 }), {
        maxKeys: 3
      })
    })
    .map(({ scheme, user, password, host, port, path, params }) => {
      const e = encodeURIComponent
      const auth =
        user === undefined && password === undefined
          ? ''
          : `${e(user ?? '')}${password === undefined ? '' : `:${e(password)}`}@`
      const query = new URLSearchParams(params).toString()
      return `${scheme}://${auth}${host}${port === undefined ? '' : `:${port}`}/${e(path)}${query ? `?${query}` : ''}`
    }),
  // Long inputs: the parser's regexes must stay linear.
  fc.string({
    minLength: 1000,
    maxLength: 4096,
    unit: fc.constantFrom('a', ':', '@', '/', ',', '[', '.', '%')
  })
)

const engine = fc.constantFrom<EngineKind>(...ENGINES)

describe('fuzz: parseConnectionUrl', () => {
  it(`throws only AppFailure INVALID_INPUT, quickly, over ${RUNS} inputs`, () => {
    let accepted = 0
    let slowestMs = 0
    fc.assert(
      fc.property(engine, urlish, (e, url) => {
        const started = performance.now()
        try {
          parseConnectionUrl(e, url)
          accepted++
        } catch (err) {
          if (!(err instanceof AppFailure) || err.code !== 'INVALID_INPUT') return false
          // The message quotes at most a bounded slice of the input.
          if (err.message.length > 300) return false
        } finally {
          slowestMs = Math.max(slowestMs, performance.now() - started)
        }
        return true
      }),
      { seed: 0x5eed01, numRuns: RUNS }
    )
    expect(accepted).toBeGreaterThan(RUNS / 20) // the generator reaches the accepting paths too
    expect(slowestMs).toBeLessThan(50)
  })

  it(`what it accepts survives format -> parse unchanged, over ${RUNS} inputs`, () => {
    fc.assert(
      fc.property(engine, urlish, (e, url) => {
        let parsed
        try {
          parsed = parseConnectionUrl(e, url)
        } catch {
          return true
        }
        const again = parseConnectionUrl(e, formatConnectionUrl(parsed, parsed.password))
        expect({ ...again, params: again.params.toString() }).toEqual({
          ...parsed,
          params: parsed.params.toString()
        })
        // And the stored form (no password) never carries the password.
        const stored = parseConnectionUrl(e, formatConnectionUrl(parsed))
        expect(stored.password).toBeNull()
        return true
      }),
      { seed: 0x5eed02, numRuns: RUNS }
    )
  })
})

const CONTROL = fc
  .integer({ min: 0, max: 0x1f })
  .chain((c) => fc.constantFrom(String.fromCharCode(c), '\u007f', '\r', '\n', '\u0000'))
const insertAt = (text: string, at: number, what: string): string => {
  const i = at % (text.length + 1)
  return `${text.slice(0, i)}${what}${text.slice(i)}`
}

describe('fuzz: the profile input schema (S10)', () => {
  it(`rejects CR/LF/NUL and every control character in name, url and caFile, over ${RUNS} inputs`, () => {
    const base = {
      name: 'prod db',
      engine: 'postgres' as const,
      url: 'postgres://app@db.example:5432/shop',
      environment: 'production' as const,
      tls: { enabled: true, caFile: '/etc/ssl/ca.pem' }
    }
    expect(saveConnectionInput.safeParse(base).success).toBe(true)
    fc.assert(
      fc.property(
        fc.constantFrom('name', 'url', 'caFile'),
        fc.string({ maxLength: 40 }),
        CONTROL,
        fc.nat(),
        (field, text, ctl, at) => {
          const value = insertAt(text.length ? text : 'x', at, ctl)
          const input =
            field === 'caFile'
              ? { ...base, tls: { enabled: true, caFile: value } }
              : { ...base, [field]: value }
          return !saveConnectionInput.safeParse(input).success
        }
      ),
      { seed: 0x5eed03, numRuns: RUNS }
    )
  })

  it(`accepts no field it does not know (no command or executable fields), over ${RUNS} inputs`, () => {
    const base = { name: 'n', engine: 'redis', url: 'redis://h', environment: 'development' }
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 20 })
          .filter(
            (k) =>
              ![
                'name',
                'engine',
                'url',
                'environment',
                'id',
                'allowWrites',
                'allowCatastrophic',
                'tls',
                'keepPassword'
              ].includes(k)
          ),
        fc.jsonValue(),
        (key, value) => !saveConnectionInput.safeParse({ ...base, [key]: value }).success
      ),
      { seed: 0x5eed04, numRuns: RUNS }
    )
  })
})
