import { beforeAll, describe, expect, it } from 'vitest'
import { ensureParser } from '../sql-safety'
import { parameterCount } from './generic-plan'
import { createIndexText } from './hypothetical'
import { candidateFromDdl } from './qualstats'

beforeAll(() => ensureParser())

describe('pg_qualstats index advice texts', () => {
  // The shapes pg_qualstats 2.0.4 formats: 'CREATE INDEX ON %s USING %I (%s)'.
  it('reads B-tree indexes on plain columns', () => {
    expect(candidateFromDdl('CREATE INDEX ON advisor.orders USING btree (status, created_at)')).toEqual({
      schema: 'advisor',
      table: 'orders',
      columns: ['status', 'created_at'],
      reasons: ['pg_qualstats'],
      keptRows: null
    })
    expect(candidateFromDdl('CREATE INDEX ON "Sales"."Weird" USING btree ("Col")')).toMatchObject({
      schema: 'Sales',
      table: 'Weird',
      columns: ['Col']
    })
  })

  it('leaves other access methods, operator classes, expressions and non-DDL to the DBA', () => {
    expect(candidateFromDdl('CREATE INDEX ON t USING hash (a)')).toBeNull()
    expect(candidateFromDdl('CREATE INDEX ON t USING btree (a text_pattern_ops)')).toBeNull()
    expect(candidateFromDdl('CREATE INDEX ON t USING btree (lower(a))')).toBeNull()
    expect(candidateFromDdl('DROP TABLE t')).toBeNull()
    expect(candidateFromDdl('CREATE INDEX ON t (a); DROP TABLE t')).toBeNull()
    expect(candidateFromDdl('not sql')).toBeNull()
  })
})

describe('statement texts', () => {
  it('finds parameters with the real scanner, not inside strings or comments', () => {
    expect(parameterCount('select * from t where a = $2 and b = $1 limit $3')).toBe(3)
    expect(parameterCount("select '$1' from t -- $2")).toBe(0)
  })

  it('quotes every identifier of the hypothetical index', () => {
    expect(createIndexText({ schema: 'a"b', table: 'T', columns: ['x', 'y z'] })).toBe(
      'CREATE INDEX ON "a""b"."T" ("x", "y z")'
    )
  })
})
