/** postgres.dropIndex and postgres.reindex, both CONCURRENTLY. */
import { defineAction, quoteIdent, quoteLiteral as lit } from '../../action-kit'
import type { PgActionHandle } from './connection'
import { indexAfter, indexPreview } from './index-probe'
import { relationPermission } from './privileges'
import { sendOnce } from './send-once'

export const dropIndex = defineAction<'postgres.dropIndex', PgActionHandle>('postgres.dropIndex', {
  targetName: (t) => t.index,
  statement: (t) => `DROP INDEX CONCURRENTLY ${quoteIdent(t.schema)}.${quoteIdent(t.index)}`,
  suggestedCheck: (t) =>
    `select c.relname, i.indisvalid from pg_class c join pg_namespace n on n.oid = c.relnamespace left join pg_index i on i.indexrelid = c.oid where n.nspname = ${lit(t.schema)} and c.relname = ${lit(t.index)}`,
  preview: (h, t) => indexPreview(h, t.schema, t.index, 'drop'),
  permission: (h, t) => relationPermission(h, t.schema, t.index, 'dropIndex'),
  perform: (h, t, statement) =>
    sendOnce(h, statement, () => ({ outcome: 'done', detail: `Index ${t.schema}.${t.index} dropped.` })),
  postCheck: async (h, t, preview) => {
    const { row, added } = await indexAfter(h, t, preview)
    if (row?.present) {
      return {
        ok: false,
        detail: `Index ${t.schema}.${t.index} is still there${row.valid === false ? ' and INVALID: drop it again once the blocker is gone' : ''}.`
      }
    }
    if (added.length)
      return { ok: false, detail: `The index is gone, but ${added.join(', ')} is now INVALID on the table.` }
    return {
      ok: true,
      detail: `Index ${t.schema}.${t.index} is gone and no invalid index is left on ${String(preview.facts.table)}.`
    }
  }
})

export const reindex = defineAction<'postgres.reindex', PgActionHandle>('postgres.reindex', {
  targetName: (t) => t.index,
  statement: (t) => `REINDEX INDEX CONCURRENTLY ${quoteIdent(t.schema)}.${quoteIdent(t.index)}`,
  suggestedCheck: (t) =>
    `select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = (select indrelid from pg_index where indexrelid = ${lit(`${quoteIdent(t.schema)}.${quoteIdent(t.index)}`)}::regclass)`,
  preview: (h, t) => indexPreview(h, t.schema, t.index, 'reindex'),
  permission: (h, t) => relationPermission(h, t.schema, t.index, 'reindex'),
  perform: (h, t, statement) =>
    sendOnce(h, statement, () => ({ outcome: 'done', detail: `Index ${t.schema}.${t.index} rebuilt.` })),
  postCheck: async (h, t, preview) => {
    const { row, added } = await indexAfter(h, t, preview)
    if (!row?.present) return { ok: false, detail: `Index ${t.schema}.${t.index} is missing.` }
    if (row.valid !== true) return { ok: false, detail: `Index ${t.schema}.${t.index} is INVALID.` }
    if (added.length)
      return { ok: false, detail: `Left behind INVALID: ${added.join(', ')} (drop the _ccnew copy).` }
    return { ok: true, detail: `Index ${t.schema}.${t.index} is valid and no invalid copy is left.` }
  }
})
