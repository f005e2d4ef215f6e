/**
 * parseInspection on rows recorded from the PG 15 primary (scripts/record-fixtures/postgres.ts inspect):
 * percentages become fractions, bigint text becomes numbers, and a row of neither function is refused.
 */
import { describe, expect, it } from 'vitest'
import { parseInspection } from './inspect-relation'
import approxChurn from './fixtures/pgstattuple_approx--churn--pg15.json'
import approxPartial from './fixtures/pgstattuple_approx--vacuumed-then-updated--pg15.json'
import indexChurn from './fixtures/pgstatindex--churn--pg15.json'

describe('parseInspection', () => {
  it('reads pgstattuple_approx of a table no vacuum touched: every page read', () => {
    const row = approxChurn[0]
    const r = parseInspection('"public"."churn"', 1, approxChurn)
    if (!r.ok || r.value.kind !== 'table' || !row) throw new Error(JSON.stringify(r))
    expect(r.value.bytes).toBe(Number(row.table_len))
    expect(r.value.scannedPercent).toBe(100)
    expect(r.value.deadTuples).toBe(Number(row.dead_tuple_count))
    expect(r.value.deadTupleRatio).toBeCloseTo(row.dead_tuple_percent / 100, 10)
    expect(r.value.freeRatio).toBeCloseTo(row.approx_free_percent / 100, 10)
    expect(r.value.wastedRatio).toBeCloseTo((row.dead_tuple_percent + row.approx_free_percent) / 100, 10)
  })

  it('reads a partial scan of a vacuumed table as such', () => {
    const r = parseInspection('"public"."settled"', 1, approxPartial)
    if (!r.ok || r.value.kind !== 'table') throw new Error(JSON.stringify(r))
    expect(r.value.scannedPercent).toBe(approxPartial[0]?.scanned_percent)
    expect(r.value.scannedPercent).toBeLessThan(100)
    expect(r.value.liveTuples).toBe(Number(approxPartial[0]?.approx_tuple_count))
  })

  it('reads pgstatindex of a B-tree', () => {
    const row = indexChurn[0]
    const r = parseInspection('"public"."churn_pkey"', 1, indexChurn)
    if (!r.ok || r.value.kind !== 'btree' || !row) throw new Error(JSON.stringify(r))
    expect(r.value.bytes).toBe(Number(row.index_size))
    expect(r.value.leafPages).toBe(Number(row.leaf_pages))
    expect(r.value.avgLeafDensity).toBeCloseTo(row.avg_leaf_density / 100, 10)
    expect(r.value.leafFragmentation).toBeCloseTo(row.leaf_fragmentation / 100, 10)
  })

  it('refuses rows of neither function, and a row missing a column, saying which', () => {
    expect(parseInspection('x', 1, [])).toMatchObject({ ok: false, code: 'UNRECOGNIZED' })
    const { dead_tuple_percent: _dropped, ...partial } = approxChurn[0] ?? {}
    const r = parseInspection('x', 1, [partial])
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toContain('dead_tuple_percent')
  })
})
