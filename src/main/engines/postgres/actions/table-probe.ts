/** The table VACUUM / ANALYZE / VACUUM FULL act on: its preview and the post-check that the effect shows. */
import type { ActionPreview, PostCheckResult } from '../../../../shared/actions'
import type { TargetPreview } from '../../action-kit'
import { AppFailure } from '../../../../shared/errors'
import type { PgActionHandle } from './connection'
import { num, refuseOnReplica } from './read-helpers'

export interface TableRow extends Record<string, unknown> {
  relkind: string
  total_bytes: string
  total: string
  live: string | null
  dead: string | null
  last_vacuum: string | null
  last_autovacuum: string | null
  last_analyze: string | null
  last_autoanalyze: string | null
}

export const TABLE_SQL = `select c.relkind::text as relkind, pg_total_relation_size(c.oid)::text as total_bytes,
       pg_size_pretty(pg_total_relation_size(c.oid)) as total,
       s.n_live_tup::text as live, s.n_dead_tup::text as dead,
       s.last_vacuum::text, s.last_autovacuum::text, s.last_analyze::text, s.last_autoanalyze::text
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  left join pg_stat_all_tables s on s.relid = c.oid
 where n.nspname = $1 and c.relname = $2`

type TableVerb = 'vacuum' | 'analyze' | 'vacuumFull'

export const tablePreview = async (
  h: PgActionHandle,
  schema: string,
  table: string,
  verb: TableVerb
): Promise<TargetPreview> => {
  const row = await h.readOnly(async () => {
    await refuseOnReplica(h)
    const [r] = await h.query<TableRow>(TABLE_SQL, [schema, table])
    return r
  })
  if (!row) throw new AppFailure('NOT_FOUND', `No table ${schema}.${table} in this database.`)
  if (!['r', 'm', 'p', 't'].includes(row.relkind)) {
    throw new AppFailure(
      'REFUSED',
      `${schema}.${table} is not a table or materialized view (relkind ${row.relkind}).`
    )
  }
  const warnings: string[] = []
  if (verb === 'vacuumFull') {
    warnings.push(
      'VACUUM FULL holds an ACCESS EXCLUSIVE lock for the whole rewrite: every read and write of the table waits.'
    )
    warnings.push(
      `It needs free disk of about the table's size again (${row.total}). Consider pg_repack instead.`
    )
  }
  if (verb === 'vacuum')
    warnings.push('VACUUM reads the whole table and adds I/O; it does not block reads or writes.')
  const label = verb === 'vacuumFull' ? 'VACUUM FULL' : verb.toUpperCase()
  return {
    summary: `${label} ${schema}.${table} (${row.total}).`,
    facts: {
      table: `${schema}.${table}`,
      total_size: row.total,
      total_bytes: num(row.total_bytes),
      live_rows: num(row.live),
      dead_rows: num(row.dead),
      last_vacuum: row.last_vacuum,
      last_autovacuum: row.last_autovacuum,
      last_analyze: row.last_analyze,
      last_autoanalyze: row.last_autoanalyze
    },
    warnings
  }
}

export const tablePostCheck = async (
  h: PgActionHandle,
  schema: string,
  table: string,
  field: 'last_vacuum' | 'last_analyze',
  preview: ActionPreview
): Promise<PostCheckResult> => {
  const [row] = await h.readOnly(() => h.query<TableRow>(TABLE_SQL, [schema, table]))
  if (!row) return { ok: false, detail: `${schema}.${table} is no longer there.` }
  const before = preview.facts[field]
  const after = row[field]
  return after !== null && after !== before
    ? { ok: true, detail: `${field} is now ${after}; dead rows ${row.dead ?? '?'}.` }
    : { ok: false, detail: `${field} did not change (${String(after)}).` }
}
