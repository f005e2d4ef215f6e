/** postgres.vacuum, postgres.analyze and postgres.vacuumFull of one table. */
import { defineAction, quoteIdent, quoteLiteral as lit } from '../../action-kit'
import type { PgActionHandle } from './connection'
import { relationPermission } from './privileges'
import { sendOnce } from './send-once'
import { TABLE_SQL, tablePostCheck, tablePreview, type TableRow } from './table-probe'

export const vacuum = defineAction<'postgres.vacuum', PgActionHandle>('postgres.vacuum', {
  targetName: (t) => t.table,
  statement: (t) => `VACUUM ${quoteIdent(t.schema)}.${quoteIdent(t.table)}`,
  suggestedCheck: (t) =>
    `select last_vacuum, n_dead_tup from pg_stat_all_tables where schemaname = ${lit(t.schema)} and relname = ${lit(t.table)}`,
  preview: (h, t) => tablePreview(h, t.schema, t.table, 'vacuum'),
  permission: (h, t) => relationPermission(h, t.schema, t.table, 'vacuum'),
  perform: (h, t, statement) =>
    sendOnce(h, statement, () => ({ outcome: 'done', detail: `${t.schema}.${t.table} vacuumed.` })),
  postCheck: (h, t, p) => tablePostCheck(h, t.schema, t.table, 'last_vacuum', p)
})

export const analyze = defineAction<'postgres.analyze', PgActionHandle>('postgres.analyze', {
  targetName: (t) => t.table,
  statement: (t) => `ANALYZE ${quoteIdent(t.schema)}.${quoteIdent(t.table)}`,
  suggestedCheck: (t) =>
    `select last_analyze from pg_stat_all_tables where schemaname = ${lit(t.schema)} and relname = ${lit(t.table)}`,
  preview: (h, t) => tablePreview(h, t.schema, t.table, 'analyze'),
  permission: (h, t) => relationPermission(h, t.schema, t.table, 'analyze'),
  perform: (h, t, statement) =>
    sendOnce(h, statement, () => ({ outcome: 'done', detail: `${t.schema}.${t.table} analyzed.` })),
  postCheck: (h, t, p) => tablePostCheck(h, t.schema, t.table, 'last_analyze', p)
})

export const vacuumFull = defineAction<'postgres.vacuumFull', PgActionHandle>('postgres.vacuumFull', {
  targetName: (t) => t.table,
  statement: (t) => `VACUUM (FULL) ${quoteIdent(t.schema)}.${quoteIdent(t.table)}`,
  suggestedCheck: (t) =>
    `select pg_total_relation_size(${lit(`${quoteIdent(t.schema)}.${quoteIdent(t.table)}`)})`,
  preview: (h, t) => tablePreview(h, t.schema, t.table, 'vacuumFull'),
  permission: (h, t) => relationPermission(h, t.schema, t.table, 'vacuumFull'),
  perform: (h, t, statement) =>
    sendOnce(h, statement, () => ({ outcome: 'done', detail: `${t.schema}.${t.table} rewritten.` })),
  postCheck: async (h, t, preview) => {
    const [row] = await h.readOnly(() => h.query<TableRow>(TABLE_SQL, [t.schema, t.table]))
    if (!row) return { ok: false, detail: `${t.schema}.${t.table} is no longer there.` }
    return { ok: true, detail: `Size ${String(preview.facts.total_size)} before, ${row.total} now.` }
  }
})
