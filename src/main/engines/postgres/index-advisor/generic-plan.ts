/**
 * The generic plan of a statement as pg_stat_statements stores it (constants replaced by $1, $2...),
 * planned inside the diagnostics session's READ ONLY transaction:
 * - PostgreSQL 16+: EXPLAIN (GENERIC_PLAN), made for exactly this (falling back to the other way);
 * - before 16: PREPARE, then EXPLAIN EXECUTE with NULL for every parameter under
 *   `SET LOCAL plan_cache_mode = force_generic_plan`, so the values are never looked at; the statement
 *   is prepared afresh for every EXPLAIN because a cached generic plan would not see a hypothetical index.
 * PREPARE outlives ROLLBACK (it is session state): it is deallocated right after, outside the savepoint
 * so that a failed EXPLAIN cannot leave it behind; when DEALLOCATE fails, TransactionUnusable ends the
 * advice and the adapter destroys the connection instead of pooling it.
 */
import { scanSync } from 'libpg-query'
import { AppFailure } from '../../../../shared/errors'
import type { PgReadTransaction } from '../../types'
import { cleanup, inSavepoint, rethrowIfUnusable } from './savepoint'

interface PlanRow extends Record<string, unknown> {
  'QUERY PLAN': unknown
}

const OPTIONS = 'FORMAT JSON, VERBOSE'
const PARAMETER_COUNT_SQL = `select pg_catalog.cardinality(parameter_types) as n
  from pg_catalog.pg_prepared_statements where name operator(pg_catalog.=) $1`

/** The highest $n of the text, 0 without any (by the real scanner: a `$1` inside a string is no parameter). */
export const parameterCount = (sql: string): number =>
  (scanSync(sql) as { tokens: { start: number; end: number; tokenName: string }[] }).tokens
    .filter((t) => t.tokenName === 'PARAM')
    .reduce((max, t) => Math.max(max, Number(sql.slice(t.start + 1, t.end))), 0)

const planOf = (rows: PlanRow[]): unknown => {
  const cell = rows[0]?.['QUERY PLAN']
  if (cell === undefined) throw new AppFailure('INTERNAL', 'EXPLAIN returned no plan.')
  return typeof cell === 'string' ? (JSON.parse(cell) as unknown) : cell
}

export interface GenericPlanner {
  /** The JSON plan of `body` (one statement, already checked by sql-safety). */
  explain(body: string): Promise<unknown>
}

export const genericPlanner = (tx: PgReadTransaction, versionNum: number): GenericPlanner => {
  let prepared = 0
  return {
    explain: async (body) => {
      // Every path in a savepoint: a statement that fails to plan must not abort the transaction.
      const parameters = parameterCount(body)
      if (parameters === 0)
        return inSavepoint(tx, 'dbconsole_plan', async () =>
          planOf(await tx.query<PlanRow>(`EXPLAIN (${OPTIONS}) ${body}`, []))
        )
      if (versionNum >= 160000) {
        // Through the extended protocol the $n are the EXPLAIN's own bind parameters: bound to NULL,
        // which GENERIC_PLAN never looks at. Not testable here (PG 15): on failure, the PREPARE path.
        const generic = await inSavepoint(tx, 'dbconsole_plan', async () =>
          planOf(
            await tx.query<PlanRow>(
              `EXPLAIN (GENERIC_PLAN, ${OPTIONS}) ${body}`,
              Array.from({ length: parameters }, () => null)
            )
          )
        ).catch((err: unknown) => {
          rethrowIfUnusable(err)
          return null
        })
        if (generic !== null) return generic
      }
      const name = `dbconsole_advisor_${++prepared}`
      let isPrepared = false
      try {
        return await inSavepoint(tx, 'dbconsole_plan', async () => {
          await tx.query('SET LOCAL plan_cache_mode = force_generic_plan', [])
          await tx.query(`PREPARE ${name} AS ${body}`, [])
          isPrepared = true
          const [row] = await tx.query<{ n: number }>(PARAMETER_COUNT_SQL, [name])
          const nulls = Array.from({ length: row?.n ?? 0 }, () => 'NULL').join(', ')
          return planOf(
            await tx.query<PlanRow>(`EXPLAIN (${OPTIONS}) EXECUTE ${name}${nulls ? `(${nulls})` : ''}`, [])
          )
        })
      } finally {
        if (isPrepared) await cleanup(tx, `DEALLOCATE ${name}`)
      }
    }
  }
}
