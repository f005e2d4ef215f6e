import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { analyzeText } from '../analyze'
import { mongoKinds } from './kinds'
import { parseMongoText } from './parse-input'

describe('parseMongoText input forms', () => {
  it('reads canonical Extended JSON', () => {
    const r = parseMongoText(
      '{"n":{"$numberLong":"9000000000"},"d":{"$date":{"$numberLong":"1748779200000"}},"ts":{"$timestamp":{"t":17,"i":2}},"id":{"$oid":"5f1d7f3e9d1b2c3a4b5c6d7e"}}'
    )
    expect(r).toEqual({
      ok: true,
      value: {
        n: 9000000000,
        d: new Date('2025-06-01T12:00:00Z'),
        ts: { t: 17, i: 2 },
        id: '5f1d7f3e9d1b2c3a4b5c6d7e'
      }
    })
  })

  it('reads relaxed Extended JSON', () => {
    expect(parseMongoText('{"d":{"$date":"2025-06-01T12:00:00Z"},"x":1.5}')).toEqual({
      ok: true,
      value: { d: new Date('2025-06-01T12:00:00Z'), x: 1.5 }
    })
  })

  it('reads legacy and mongosh shell constructors, unquoted keys and single quotes', () => {
    const r = parseMongoText(
      "{ a: ISODate('2025-06-01T12:00:00Z'), b: NumberLong(5), c: NumberLong(\"7\"), d: Timestamp(1700000000, 3), e: Timestamp({ t: 17, i: 2 }), f: ObjectId('5f1d7f3e9d1b2c3a4b5c6d7e'), g: BinData(0, 'AAAA'), h: NumberDecimal('1.5'), i: NumberInt(3), j: Long('8'), k: Int32(4) }"
    )
    expect(r).toEqual({
      ok: true,
      value: {
        a: new Date('2025-06-01T12:00:00Z'),
        b: 5,
        c: 7,
        d: { t: 1700000000, i: 3 },
        e: { t: 17, i: 2 },
        f: '5f1d7f3e9d1b2c3a4b5c6d7e',
        g: 'AAAA',
        h: 1.5,
        i: 3,
        j: 8,
        k: 4
      }
    })
  })

  it('drops a prompt line and reads legacy find() output one document per line', () => {
    expect(
      parseMongoText(
        'shop> db.system.profile.find()\n{ "op" : "query", "millis" : 5 }\n{ "op" : "update", "millis" : NumberLong(7) }\n'
      )
    ).toEqual({
      ok: true,
      value: [
        { op: 'query', millis: 5 },
        { op: 'update', millis: 7 }
      ]
    })
  })

  it('reports the line of a syntax error, counting dropped prompt lines', () => {
    expect(parseMongoText('rs0:PRIMARY> rs.status()\n{\n  a: 1,\n  b: ]\n}')).toMatchObject({
      ok: false,
      code: 'MALFORMED',
      line: 4
    })
  })

  it('says TRUNCATED when a copy stops half-way', () => {
    expect(parseMongoText('{\n  "a": {\n    "b": [1, 2')).toMatchObject({
      ok: false,
      code: 'TRUNCATED',
      line: 3
    })
    expect(parseMongoText("{ a: 'unterminated")).toMatchObject({ ok: false, code: 'TRUNCATED' })
  })

  it('does not evaluate code', () => {
    const r = parseMongoText('{ a: process.exit(1) }')
    expect(r.ok).toBe(false)
  })
})

describe('never throws (property, fixed seed)', () => {
  const kindsRun = (text: string) => {
    for (const k of mongoKinds) {
      k.detect(text)
      const r = k.analyze(text)
      if (!r.ok)
        expect(['MALFORMED', 'TRUNCATED', 'UNRECOGNIZED', 'SERVER_ERROR', 'TOO_LARGE']).toContain(r.code)
    }
  }

  it('arbitrary strings through every mongo kind (4,000 runs)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => kindsRun(s)),
      { seed: 20250601, numRuns: 4_000 }
    )
  })

  it('arbitrary JSON values and mutilated explain documents (6,000 runs)', () => {
    const base =
      '{"queryPlanner":{"namespace":"a.b","winningPlan":{"stage":"FETCH","inputStage":{"stage":"IXSCAN"}}},"executionStats":{"nReturned":1,"totalDocsExamined":9,"executionStages":{"stage":"FETCH","filter":{},"docsExamined":9,"nReturned":1,"inputStage":{"stage":"IXSCAN","nReturned":9}}},"ok":1}'
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json({ maxDepth: 6 }),
          fc
            .tuple(fc.nat(base.length), fc.nat(base.length), fc.string({ maxLength: 8 }))
            .map(([a, b, s]) => base.slice(0, Math.min(a, b)) + s + base.slice(Math.max(a, b)))
        ),
        (text) => {
          kindsRun(text)
          const report = analyzeText(text, { input: '-', engine: 'mongo' })
          expect(typeof report.ok).toBe('boolean')
        }
      ),
      { seed: 42, numRuns: 6_000 }
    )
  })

  it('a 100,000-deep nesting fails cleanly', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const r = parseMongoText(deep)
    expect(r.ok).toBe(false)
  })
})
