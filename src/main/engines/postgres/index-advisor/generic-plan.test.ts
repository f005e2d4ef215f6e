/**
 * The order of what the planner sends, with a scripted transaction: the session state it creates
 * (prepared statements) must be gone whatever fails, and the PG 16 path (no such server here) must fall
 * back to the PREPARE path that the integration test proves on PG 15.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { PgReadTransaction } from '../../types'
import { ensureParser } from '../sql-safety'
import { genericPlanner } from './generic-plan'
import { TransactionUnusable } from './savepoint'

const PLAN = [{ Plan: { 'Node Type': 'Seq Scan', 'Total Cost': 10 } }]

/** Records every statement; `fail` says which ones the "server" refuses. */
const scripted = (fail: (sql: string) => boolean) => {
  const sent: { sql: string; values: unknown[] }[] = []
  const tx: PgReadTransaction = {
    query: async <R extends Record<string, unknown>>(sql: string, values: unknown[]): Promise<R[]> => {
      sent.push({ sql, values })
      if (fail(sql)) throw new Error(`refused: ${sql}`)
      if (sql.startsWith('EXPLAIN')) return [{ 'QUERY PLAN': PLAN }] as unknown as R[]
      if (sql.includes('pg_prepared_statements')) return [{ n: 2 }] as unknown as R[]
      return []
    },
    rows: () => Promise.reject(new Error('not used'))
  }
  return { tx, sent: () => sent.map((s) => s.sql.split(' (')[0]?.split(' AS ')[0] ?? s.sql), raw: sent }
}

const BODY = 'select * from t where a = $1 and b = $2'

beforeAll(() => ensureParser())

describe('generic plans', () => {
  it('PG 15: prepares, explains with a NULL per parameter, deallocates', async () => {
    const s = scripted(() => false)
    expect(await genericPlanner(s.tx, 150000).explain(BODY)).toEqual(PLAN)
    expect(s.sent()).toEqual([
      'SAVEPOINT dbconsole_plan',
      'SET LOCAL plan_cache_mode = force_generic_plan',
      'PREPARE dbconsole_advisor_1',
      'select pg_catalog.cardinality(parameter_types) as n\n  from pg_catalog.pg_prepared_statements where name operator(pg_catalog.=) $1',
      'EXPLAIN',
      'RELEASE SAVEPOINT dbconsole_plan',
      'DEALLOCATE dbconsole_advisor_1'
    ])
    expect(s.raw.find((q) => q.sql.startsWith('EXPLAIN'))?.sql).toMatch(
      /EXECUTE dbconsole_advisor_1\(NULL, NULL\)$/
    )
  })

  it('a failed EXPLAIN rolls back to the savepoint first, then still deallocates', async () => {
    const s = scripted((sql) => sql.startsWith('EXPLAIN'))
    await expect(genericPlanner(s.tx, 150000).explain(BODY)).rejects.toThrow(/refused/)
    expect(s.sent().slice(-2)).toEqual([
      'ROLLBACK TO SAVEPOINT dbconsole_plan',
      'DEALLOCATE dbconsole_advisor_1'
    ])
  })

  it('a DEALLOCATE that fails makes the transaction unusable', async () => {
    const s = scripted((sql) => sql.startsWith('DEALLOCATE'))
    await expect(genericPlanner(s.tx, 150000).explain(BODY)).rejects.toBeInstanceOf(TransactionUnusable)
  })

  it('PG 16+: EXPLAIN (GENERIC_PLAN) with the parameters bound to NULL, else the PREPARE path', async () => {
    const ok = scripted(() => false)
    await genericPlanner(ok.tx, 160000).explain(BODY)
    expect(ok.raw.map((q) => q.sql)).toContain(`EXPLAIN (GENERIC_PLAN, FORMAT JSON, VERBOSE) ${BODY}`)
    expect(ok.raw.find((q) => q.sql.includes('GENERIC_PLAN'))?.values).toEqual([null, null])
    expect(ok.sent()).not.toContain('PREPARE dbconsole_advisor_1')
    const refused = scripted((sql) => sql.includes('GENERIC_PLAN'))
    expect(await genericPlanner(refused.tx, 170000).explain(BODY)).toEqual(PLAN)
    expect(refused.sent()).toContain('PREPARE dbconsole_advisor_1')
  })

  it('a statement without parameters is explained as it is', async () => {
    const s = scripted(() => false)
    await genericPlanner(s.tx, 150000).explain("select * from t where a = '$1'")
    expect(s.raw.map((q) => q.sql)).toContain(`EXPLAIN (FORMAT JSON, VERBOSE) select * from t where a = '$1'`)
  })
})
