import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { columnTerm, conjuncts, indexesUsed, planCandidates, planCost } from './plan-candidates'

const fixture = (scenario: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', `explain-generic--${scenario}--pg15.json`), 'utf8'))

const shapes = (scenario: string) =>
  planCandidates(fixture(scenario)).map((c) => ({
    table: `${c.schema}.${c.table}`,
    columns: c.columns,
    reasons: c.reasons
  }))

describe('index candidates from recorded generic plans', () => {
  it('takes the filter column of a sequential scan', () => {
    expect(shapes('seq-filter')).toEqual([
      { table: 'advisor.orders', columns: ['customer_id'], reasons: ['filter'] }
    ])
  })

  it('puts the equality column before the range column', () => {
    expect(shapes('equality-and-range')).toEqual([
      { table: 'advisor.orders', columns: ['status', 'created_at'], reasons: ['filter'] }
    ])
  })

  it('takes the sort key above a sequential scan', () => {
    expect(shapes('sort-limit')).toEqual([
      { table: 'advisor.events', columns: ['created_at'], reasons: ['sort'] }
    ])
  })

  it('takes the join key on the sequentially scanned side and the filter of the other side', () => {
    expect(shapes('hash-join')).toEqual(
      expect.arrayContaining([
        { table: 'advisor.tickets', columns: ['customer_id'], reasons: ['join'] },
        { table: 'advisor.customers', columns: ['region'], reasons: ['filter'] },
        // The scanned customers side seeks by its filter first; overlapping candidates are judged later.
        { table: 'advisor.customers', columns: ['region', 'id'], reasons: ['join'] }
      ])
    )
    expect(shapes('hash-join')).toHaveLength(3)
  })

  it('proposes nothing for a primary-key lookup', () => {
    expect(shapes('primary-key')).toEqual([])
  })

  it('still proposes the filter of a tiny table (hypopg or the size gate decides)', () => {
    expect(shapes('tiny-table')).toEqual([
      { table: 'advisor.settings', columns: ['key'], reasons: ['filter'] }
    ])
  })

  it('reads the cost and the hypothetical index a plan uses', () => {
    expect(planCost(fixture('seq-filter'))).toBeGreaterThan(
      planCost(fixture('hypothetical-index')) ?? Infinity
    )
    expect(indexesUsed(fixture('hypothetical-index'))).toEqual([expect.stringMatching(/^<\d+>btree_/)])
    expect(indexesUsed(fixture('seq-filter'))).toEqual([])
  })
})

describe('condition terms', () => {
  it('splits top-level ANDs only, keeping quoted text and ORs whole', () => {
    expect(conjuncts("((t.a = 'x AND y'::text) AND ((t.b = 1) OR (t.c = 2)) AND (t.d > $1))")).toEqual([
      "t.a = 'x AND y'::text",
      '(t.b = 1) OR (t.c = 2)',
      't.d > $1'
    ])
  })

  it('reads casts, commuted comparisons, ANY and IS NULL; refuses operators a B-tree cannot seek on', () => {
    expect(columnTerm("(t.status)::text = 'x'::text")).toMatchObject({
      alias: 't',
      column: 'status',
      kind: 'equality'
    })
    expect(columnTerm('$1 < "T"."Total"')).toMatchObject({ alias: 'T', column: 'Total', kind: 'range' })
    expect(columnTerm("t.kind = ANY ('{1,2}'::integer[])")).toMatchObject({
      column: 'kind',
      kind: 'equality'
    })
    expect(columnTerm('t.deleted_at IS NULL')).toMatchObject({ column: 'deleted_at', kind: 'equality' })
    expect(columnTerm("t.name ~~ '%x%'::text")).toBeNull()
    expect(columnTerm('t.a <> 1')).toBeNull()
    expect(columnTerm('lower(t.email) = $1')).toBeNull()
  })
})
