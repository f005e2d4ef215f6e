/**
 * Is this statement safe to EXPLAIN ANALYZE from a diagnostics session? Uses the real PostgreSQL parser
 * (libpg-query, PG 18 grammar, WASM) instead of regexes, so comments, quoting and CTEs cannot fool it.
 * Allowed: exactly one SELECT (VALUES/TABLE/set operations included) with no FOR UPDATE/SHARE, no
 * SELECT INTO, no data-modifying CTE and no call to a known side-effecting function. The transaction
 * around it is READ ONLY as well (explain.ts): this list covers what read-only does not stop.
 */
import { loadModule, parseSync } from 'libpg-query'
import { AppFailure } from '../../../shared/errors'
import { isSideEffectingFunction } from './side-effects'

const WRITE_STATEMENTS = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt'])

let loaded: Promise<void> | null = null
/** The WASM module loads once per process. */
export const ensureParser = (): Promise<void> => (loaded ??= loadModule())

const refuse = (message: string): never => {
  throw new AppFailure('REFUSED', message)
}

const funcName = (funcCall: unknown): string | null => {
  if (typeof funcCall !== 'object' || funcCall === null) return null
  const parts = (funcCall as { funcname?: unknown }).funcname
  if (!Array.isArray(parts)) return null
  const last: unknown = parts[parts.length - 1]
  const sval =
    typeof last === 'object' && last !== null
      ? (last as { String?: { sval?: unknown } }).String?.sval
      : undefined
  return typeof sval === 'string' ? sval.toLowerCase() : null
}

/** Walk the whole AST (CTEs, subqueries, FROM functions, expressions) for what a SELECT must not do. */
const inspect = (node: unknown, depth = 0): void => {
  if (depth > 2000 || typeof node !== 'object' || node === null) return
  if (Array.isArray(node)) {
    for (const item of node) inspect(item, depth + 1)
    return
  }
  for (const [key, value] of Object.entries(node)) {
    if (WRITE_STATEMENTS.has(key)) {
      refuse(
        `The query contains a data-modifying statement (${key.replace('Stmt', '').toUpperCase()} in a WITH clause); EXPLAIN ANALYZE would execute it. That needs the guarded action postgres.explainAnalyzeWrite.`
      )
    }
    if (key === 'lockingClause' && Array.isArray(value) && value.length > 0) {
      refuse(
        'The query locks rows (FOR UPDATE / FOR SHARE); EXPLAIN ANALYZE would take those locks. Remove the locking clause to analyze it.'
      )
    }
    if (key === 'intoClause' && value)
      refuse('SELECT INTO creates a table; EXPLAIN ANALYZE would execute it. Use a plain SELECT.')
    if (key === 'FuncCall') {
      const name = funcName(value)
      if (name && isSideEffectingFunction(name))
        refuse(
          `The query calls ${name}(), which has side effects even in a read-only transaction; dbconsole will not EXPLAIN ANALYZE it.`
        )
    }
    inspect(value, depth + 1)
  }
}

/**
 * Why one parsed statement is not read-only (data-modifying CTE, row locks, SELECT INTO, a
 * side-effecting function anywhere in it), or null. The console uses this to skip the confirmation.
 */
export const readOnlyRefusal = (stmt: unknown): string | null => {
  try {
    inspect(stmt)
    return null
  } catch (err) {
    if (err instanceof AppFailure) return err.message
    throw err
  }
}

/**
 * Throws AppFailure REFUSED unless `sql` is one SELECT that is safe to EXECUTE under EXPLAIN ANALYZE
 * (INVALID_INPUT when it does not parse).
 */
export const assertAnalyzableSelect = async (sql: string): Promise<void> => {
  await ensureParser()
  let tree: { stmts?: { stmt?: Record<string, unknown> }[] }
  try {
    tree = parseSync(sql) as typeof tree
  } catch (err) {
    throw new AppFailure(
      'INVALID_INPUT',
      `The statement does not parse: ${err instanceof Error ? err.message : String(err)}.`
    )
  }
  const stmts = tree.stmts ?? []
  if (stmts.length === 0) refuse('There is no statement to explain.')
  if (stmts.length > 1) refuse(`The input holds ${stmts.length} statements; EXPLAIN takes exactly one.`)
  const stmt = stmts[0]?.stmt ?? {}
  const kind = Object.keys(stmt)[0] ?? 'unknown'
  if (WRITE_STATEMENTS.has(kind)) {
    refuse(
      `EXPLAIN ANALYZE of ${kind.replace('Stmt', '').toUpperCase()} executes it (the rows really change). That needs the guarded action postgres.explainAnalyzeWrite; plain EXPLAIN (without ANALYZE) is allowed.`
    )
  }
  if (kind === 'ExplainStmt')
    refuse('Pass the statement itself, without EXPLAIN: dbconsole adds the EXPLAIN options.')
  if (kind !== 'SelectStmt')
    refuse(
      `Only a SELECT can be EXPLAIN ANALYZEd from a diagnostics session (this is ${kind.replace(/Stmt$/, '')}).`
    )
  inspect(stmt)
}

/** Plain EXPLAIN does not execute the statement, but it still must be exactly one statement. */
export const assertSingleStatement = async (sql: string): Promise<void> => {
  await ensureParser()
  let count: number
  try {
    count = (parseSync(sql) as { stmts?: unknown[] }).stmts?.length ?? 0
  } catch (err) {
    throw new AppFailure(
      'INVALID_INPUT',
      `The statement does not parse: ${err instanceof Error ? err.message : String(err)}.`
    )
  }
  if (count !== 1)
    refuse(
      count === 0
        ? 'There is no statement to explain.'
        : `The input holds ${count} statements; EXPLAIN takes exactly one.`
    )
  const kind = Object.keys(
    (parseSync(sql) as { stmts: { stmt: Record<string, unknown> }[] }).stmts[0]?.stmt ?? {}
  )[0]
  if (kind === 'ExplainStmt')
    refuse('Pass the statement itself, without EXPLAIN: dbconsole adds the EXPLAIN options.')
  // Utility statements (VACUUM, CREATE ...) cannot be EXPLAINed; the server says so, nothing runs.
}
