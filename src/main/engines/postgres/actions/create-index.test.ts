import { describe, expect, it } from 'vitest'
import { createIndexAction } from './create-index'

const notSent = () => Promise.reject(new Error('nothing is sent in these tests'))
const [action, bind] = createIndexAction(notSent)

describe('postgres.createIndex', () => {
  it('builds one CONCURRENTLY statement with every identifier quoted', () => {
    const bound = bind({ schema: 'Sales', table: 'we"ird', columns: ['a b', 'c'], index: 'we"ird_a_idx' })
    expect(action).toBe('postgres.createIndex')
    expect(bound.targetName).toBe('we"ird_a_idx')
    expect(bound.statement).toBe(
      'CREATE INDEX CONCURRENTLY "we""ird_a_idx" ON "Sales"."we""ird" ("a b", "c")'
    )
  })

  it('refuses targets without columns, with control characters or with names over 63 bytes', () => {
    expect(() => bind({ table: 't', columns: [], index: 'i' })).toThrow(/columns/)
    expect(() => bind({ table: 't', columns: ['a\nb'], index: 'i' })).toThrow(/control characters/)
    expect(() => bind({ table: 't', columns: ['a'], index: 'é'.repeat(32) })).toThrow(/63 bytes/)
  })

  it('defaults the schema to public', () => {
    expect(bind({ table: 't', columns: ['a'], index: 't_a_idx' }).statement).toBe(
      'CREATE INDEX CONCURRENTLY "t_a_idx" ON "public"."t" ("a")'
    )
  })
})
