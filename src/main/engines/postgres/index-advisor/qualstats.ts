/**
 * Candidates from pg_qualstats: its index advisor turns the predicates it sampled from real executions
 * into CREATE INDEX texts, read here with the real parser (B-tree on plain columns with their default
 * operator class only; the rest is left to the DBA). Without shared_preload_libraries it answers from this backend alone, i.e. nothing.
 */
import { parseSync } from 'libpg-query'
import { quoteIdent } from '../../action-kit'
import type { IndexCandidate } from '../../../diagnostics/postgres/index-advice/plan-candidates'
import type { PgReadTransaction } from '../../types'
import { inSavepoint } from './savepoint'

interface IndexElem {
  IndexElem?: { name?: string; opclass?: unknown[] }
}
interface IndexStmt {
  relation?: { schemaname?: string; relname?: string }
  accessMethod?: string
  indexParams?: IndexElem[]
}

/** A `CREATE INDEX ON s.t USING btree (a, b)` text as a candidate; null for anything else. */
export const candidateFromDdl = (ddl: string): IndexCandidate | null => {
  let stmt: IndexStmt | undefined
  try {
    const parsed = parseSync(ddl) as { stmts?: { stmt?: { IndexStmt?: IndexStmt } }[] }
    stmt = parsed.stmts?.length === 1 ? parsed.stmts[0]?.stmt?.IndexStmt : undefined
  } catch {
    return null
  }
  const table = stmt?.relation?.relname
  // An element with its own operator class (text_pattern_ops) is another index than the default one.
  const columns = (stmt?.indexParams ?? []).map((p) =>
    p.IndexElem?.opclass?.length ? undefined : p.IndexElem?.name
  )
  if (!stmt || !table || (stmt.accessMethod ?? 'btree') !== 'btree' || !columns.length) return null
  if (!columns.every((c): c is string => typeof c === 'string')) return null
  return {
    schema: stmt.relation?.schemaname ?? 'public',
    table,
    columns,
    reasons: ['pg_qualstats'],
    keptRows: null
  }
}

export const qualstatsCandidates = async (
  tx: PgReadTransaction,
  schema: string
): Promise<IndexCandidate[]> => {
  const [row] = await inSavepoint(tx, 'dbconsole_qualstats', () =>
    tx.query<{ advice: { indexes?: unknown } | null }>(
      `select ${quoteIdent(schema)}.pg_qualstats_index_advisor() as advice`,
      []
    )
  )
  const indexes = Array.isArray(row?.advice?.indexes) ? row.advice.indexes : []
  return indexes
    .map((ddl) => (typeof ddl === 'string' ? candidateFromDdl(ddl) : null))
    .filter((c): c is IndexCandidate => c !== null)
}
