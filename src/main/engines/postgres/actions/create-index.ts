/**
 * postgres.createIndex: CREATE INDEX CONCURRENTLY, the remedy of the index advisor's findings
 * (pg.index-advice). CONCURRENTLY takes a SHARE UPDATE EXCLUSIVE lock, so reads and writes go on while it
 * builds; it scans the table twice and waits for transactions that could see the table. A failed build
 * leaves an INVALID index behind, which the post-check reports.
 */
import { AppFailure } from '../../../../shared/errors'
import {
  defineAction,
  quoteIdent,
  quoteLiteral as lit,
  type PerformResult,
  type TargetPreview
} from '../../action-kit'
import { relationPermission } from './privileges'

/**
 * What this action needs of the action handle and of the one-statement sender (`send-once.ts`), passed in
 * by index.ts so that its tests can hand it a sender that sends nothing.
 */
interface IndexActionHandle {
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>
  readOnly<T>(fn: () => Promise<T>): Promise<T>
}
type SendOnce<H> = (
  h: H,
  statement: string,
  done: () => { outcome: 'done' | 'failed'; detail: string }
) => Promise<PerformResult>

interface TableRow extends Record<string, unknown> {
  in_recovery: boolean
  relkind: string | null
  size: string | null
  rows: number | null
  writes: number | null
  missing: string[] | null
  name_taken: boolean
  same_leading: string | null
}

const TABLE_SQL = `select pg_is_in_recovery() as in_recovery, c.relkind::text as relkind,
       pg_size_pretty(pg_table_size(c.oid)) as size, c.reltuples::float8 as rows,
       (s.n_tup_ins + s.n_tup_upd + s.n_tup_del)::float8 as writes,
       array(select col from unnest($3::text[]) col
              where not exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = col
                                                          and a.attnum > 0 and not a.attisdropped)) as missing,
       exists (select from pg_class ic where ic.relnamespace = n.oid and ic.relname = $4) as name_taken,
       (select string_agg(ic.relname, ', ') from pg_index i join pg_class ic on ic.oid = i.indexrelid
         where i.indrelid = c.oid and i.indisvalid
           and (select array_agg(a.attname::text order by k.ord) from unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
                  join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum) = $3::text[]) as same_leading
  from pg_namespace n join pg_class c on c.relnamespace = n.oid
  left join pg_stat_user_tables s on s.relid = c.oid
 where n.nspname = $1 and c.relname = $2`

const INDEX_SQL = `select i.indisvalid as valid, pg_get_indexdef(i.indexrelid) as definition,
       pg_size_pretty(pg_relation_size(i.indexrelid)) as size
  from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = $1 and c.relname = $2`

export const createIndexAction = <H extends IndexActionHandle>(sendOnce: SendOnce<H>) =>
  defineAction<'postgres.createIndex', H>('postgres.createIndex', {
    targetName: (t) => t.index,
    statement: (t) =>
      `CREATE INDEX CONCURRENTLY ${quoteIdent(t.index)} ON ${quoteIdent(t.schema)}.${quoteIdent(t.table)} (${t.columns.map(quoteIdent).join(', ')})`,
    suggestedCheck: (t) =>
      `select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${lit(t.schema)} and c.relname = ${lit(t.index)}`,
    preview: async (h, t): Promise<TargetPreview> => {
      const [row] = await h.readOnly(() =>
        h.query<TableRow>(TABLE_SQL, [t.schema, t.table, t.columns, t.index])
      )
      const table = `${t.schema}.${t.table}`
      if (row?.in_recovery)
        throw new AppFailure('REFUSED', 'The server is a replica (in recovery): run this on the primary.')
      if (!row) throw new AppFailure('NOT_FOUND', `No table ${table} in this database.`)
      if (row.relkind !== 'r' && row.relkind !== 'm')
        throw new AppFailure(
          'REFUSED',
          `${table} is not a plain table or materialized view (relkind ${row.relkind}): CREATE INDEX CONCURRENTLY does not support it (a partitioned table needs one per partition).`
        )
      if (row.missing?.length)
        throw new AppFailure('NOT_FOUND', `${table} has no column ${row.missing.join(', ')}.`)
      if (row.name_taken)
        throw new AppFailure('REFUSED', `The name ${t.schema}.${t.index} is already taken; choose another.`)
      const warnings = [
        'CREATE INDEX CONCURRENTLY does not block reads or writes, but it scans the table twice, waits for every transaction that could see the table, and adds a write to every later INSERT and to UPDATEs of the indexed columns.',
        'If it fails or is cancelled it leaves an INVALID index behind: the post-check looks for it, and it must be dropped (postgres.dropIndex).'
      ]
      if (row.same_leading) warnings.push(`An index on the same columns already exists: ${row.same_leading}.`)
      return {
        summary: `Build index ${t.index} on ${table} (${t.columns.join(', ')}) concurrently; the table is ${row.size ?? '?'}.`,
        facts: {
          table,
          columns: t.columns.join(', '),
          index: `${t.schema}.${t.index}`,
          table_size: row.size,
          table_rows: row.rows,
          table_writes: row.writes,
          same_columns_index: row.same_leading
        },
        warnings
      }
    },
    permission: (h, t) => relationPermission(h, t.schema, t.table, 'createIndex'),
    perform: (h, t, statement) =>
      sendOnce(h, statement, () => ({ outcome: 'done', detail: `Index ${t.schema}.${t.index} built.` })),
    postCheck: async (h, t) => {
      const [row] = await h.readOnly(() =>
        h.query<{ valid: boolean; definition: string; size: string }>(INDEX_SQL, [t.schema, t.index])
      )
      if (!row) return { ok: false, detail: `Index ${t.schema}.${t.index} is not there.` }
      if (!row.valid)
        return {
          ok: false,
          detail: `Index ${t.schema}.${t.index} exists but is INVALID (the build failed part way): drop it and build it again.`
        }
      return { ok: true, detail: `Index ${t.schema}.${t.index} is valid (${row.size}): ${row.definition}.` }
    }
  })
