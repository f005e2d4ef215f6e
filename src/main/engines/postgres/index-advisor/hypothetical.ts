/**
 * One candidate as a hypopg hypothetical index: it lives in this backend's memory only (no catalogue
 * write, so hypopg_create_index works inside READ ONLY, also on a hot standby), and plain EXPLAIN in this
 * session plans with it. Like PREPARE it outlives ROLLBACK: hypopg_reset() runs in `finally`, and when
 * that fails TransactionUnusable ends the advice and the adapter destroys the connection.
 */
import { quoteIdent } from '../../action-kit'
import type { IndexCandidate } from '../../../diagnostics/postgres/index-advice/plan-candidates'
import type { PgReadTransaction } from '../../types'
import { cleanup, inSavepoint } from './savepoint'

export interface HypotheticalIndex {
  /** hypopg's name for it, as EXPLAIN shows it: `<13556>btree_orders_customer_id`. */
  name: string
  bytes: number | null
}

export const createIndexText = (c: Pick<IndexCandidate, 'schema' | 'table' | 'columns'>): string =>
  `CREATE INDEX ON ${quoteIdent(c.schema)}.${quoteIdent(c.table)} (${c.columns.map(quoteIdent).join(', ')})`

export const withHypotheticalIndex = async <T>(
  tx: PgReadTransaction,
  hypopgSchema: string,
  candidate: IndexCandidate,
  fn: (index: HypotheticalIndex) => Promise<T>
): Promise<T> => {
  const h = quoteIdent(hypopgSchema)
  try {
    const [created] = await inSavepoint(tx, 'dbconsole_hypo', () =>
      tx.query<{ oid: string; name: string }>(
        `select indexrelid::text as oid, indexname::text as name from ${h}.hypopg_create_index($1)`,
        [createIndexText(candidate)]
      )
    )
    if (!created) throw new Error('hypopg created no index')
    const [size] = await tx.query<{ bytes: number | null }>(
      `select ${h}.hypopg_relation_size($1::oid)::float8 as bytes`,
      [created.oid]
    )
    return await fn({ name: created.name, bytes: size?.bytes ?? null })
  } finally {
    await cleanup(tx, `select ${h}.hypopg_reset()`)
  }
}
