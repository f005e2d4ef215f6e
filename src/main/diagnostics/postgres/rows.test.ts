import { describe, expect, it } from 'vitest'
import { parseProbe } from './records'
import { parseRows } from './rows'

describe('parseRows', () => {
  const spec = { a: 'num', b: 'text?', c: 'ints' } as const
  it('accepts int8 as string (pg) or number (JSON), nulls where allowed', () => {
    expect(parseRows('p', spec, [{ a: '9007199254740', b: null, c: [1, '2'] }])).toEqual({
      ok: true,
      value: [{ a: 9007199254740, b: null, c: [1, 2] }]
    })
  })
  it('names probe, row and column of a bad cell', () => {
    expect(
      parseRows('p', spec, [
        { a: 1, b: 'x', c: [] },
        { a: 'NaN?', b: 'x', c: [] }
      ])
    ).toEqual({
      ok: false,
      code: 'MALFORMED',
      message: 'p: row 2, column a: expected num, got "NaN?".',
      line: null
    })
  })
  it('a missing column is a failure, not undefined', () => {
    const r = parseRows('p', spec, [{ a: 1, c: [] }])
    expect(r.ok).toBe(true) // b is nullable: missing reads as null
    const s = parseRows('p', spec, [{ b: 'x', c: [] }])
    expect(s.ok ? null : s.message).toBe('p: row 1, column a: expected num, got undefined.')
  })
  it('a one-row probe with no row is TRUNCATED', () => {
    const r = parseProbe('checkpoints', [])
    expect(r.ok ? null : r.code).toBe('TRUNCATED')
  })
  it('not an array is MALFORMED', () => {
    expect(parseProbe('pg_database', { rows: [] }).ok).toBe(false)
  })
})
