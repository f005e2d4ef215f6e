import { parseSync } from 'libpg-query'
import { CONSOLE_LIMITS, type ConsoleResult } from '../../../shared/console'
import { AppFailure } from '../../../shared/errors'
import { cappedRows } from '../console-result'
import type { PgSession } from '../types'
import { ensureParser, readOnlyRefusal } from './classify'

type Node = Record<string, unknown>

const stripTrailingSemicolons = (sql: string): string => sql.replace(/[\s;]+$/, '')

/**
 * Provably read-only: exactly one SELECT that passes the EXPLAIN ANALYZE classifier (no row locks, no INTO,
 * no data-modifying CTE, no side-effecting function), a SHOW, or an EXPLAIN without ANALYZE. The session is read-only on the server too;
 * this check is what lets a statement skip the confirmation dialog.
 */
const readOnlyKind = (sql: string): { kind: 'select' | 'other' } | { refused: string } => {
  let stmts: { stmt?: Node }[]
  try {
    stmts = (parseSync(sql) as { stmts?: { stmt?: Node }[] }).stmts ?? []
  } catch (err) {
    throw new AppFailure('INVALID_INPUT', `PostgreSQL cannot parse this: ${(err as Error).message}`)
  }
  if (stmts.length !== 1) return { refused: `${stmts.length} statements: run one at a time` }
  const stmt = stmts[0]?.stmt ?? {}
  const type = Object.keys(stmt)[0] ?? 'unknown'
  const body = stmt[type] as Node
  if (type === 'SelectStmt') {
    const why = readOnlyRefusal(stmt)
    return why ? { refused: why } : { kind: 'select' }
  }
  if (type === 'VariableShowStmt') return { kind: 'other' }
  if (type === 'ExplainStmt') {
    const options = (body.options as { DefElem?: { defname?: string } }[] | undefined) ?? []
    if (options.some((o) => o.DefElem?.defname === 'analyze'))
      return { refused: 'EXPLAIN ANALYZE executes the statement' }
    return { kind: 'other' }
  }
  return { refused: `${type.replace(/Stmt$/, '')} is not a read-only statement` }
}

export const runPostgresConsole = async (
  session: PgSession,
  text: string,
  maxRows: number
): Promise<ConsoleResult> => {
  await ensureParser()
  const sql = stripTrailingSemicolons(text)
  const verdict = readOnlyKind(sql)
  if ('refused' in verdict) {
    return {
      kind: 'confirmation-required',
      reason: `Not provably read-only: ${verdict.refused}.`,
      action: 'postgres.consoleStatement',
      target: { sql }
    }
  }
  const started = performance.now()
  // Ask for one row more than we show: that row only tells us the result was cut.
  const bounded =
    verdict.kind === 'select' ? `select * from (${sql}\n) as dbconsole_console limit ${maxRows + 1}` : sql
  const { columns, rows } = await session.queryRows(bounded, { maxRows, maxBytes: CONSOLE_LIMITS.maxBytes })
  return cappedRows(columns, rows, maxRows, started)
}
