/** The advisor's own catalogue reads (run inside its READ ONLY transaction). */
import { quoteIdent } from '../../action-kit'
import type { PgReadTransaction } from '../../types'

export interface AdvisorContext extends Record<string, unknown> {
  version_num: number
  database: string
  hypopg_schema: string | null
  qualstats_schema: string | null
  pgss_schema: string | null
}

const schemaOf = (extension: string) =>
  `(select n.nspname::text from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = '${extension}')`

const CONTEXT_SQL = `select current_setting('server_version_num')::int as version_num, current_database()::text as database,
       ${schemaOf('hypopg')} as hypopg_schema, ${schemaOf('pg_qualstats')} as qualstats_schema,
       ${schemaOf('pg_stat_statements')} as pgss_schema`

export const readContext = async (tx: PgReadTransaction): Promise<AdvisorContext> => {
  const [row] = await tx.query<AdvisorContext>(CONTEXT_SQL, [])
  if (!row) throw new Error('the context query returned no row')
  return row
}

export interface StatementRow extends Record<string, unknown> {
  queryid: string
  query: string
  calls: number
  total_ms: number
  mean_ms: number
}

/** The statements of this database that took the most time in total (one row per queryid). */
export const slowStatements = (
  tx: PgReadTransaction,
  ctx: AdvisorContext,
  limit: number
): Promise<StatementRow[]> => {
  const total = ctx.version_num >= 130000 ? 'total_exec_time' : 'total_time'
  return tx.query<StatementRow>(
    `select queryid::text as queryid, min(query) as query, sum(calls)::float8 as calls,
            sum(${total})::float8 as total_ms, (sum(${total}) / sum(calls))::float8 as mean_ms
       from ${quoteIdent(ctx.pgss_schema ?? 'public')}.pg_stat_statements
      where dbid = (select oid from pg_database where datname = current_database()) and calls > 0
      group by queryid order by total_ms desc limit $1`,
    [limit]
  )
}

export interface TableRow extends Record<string, unknown> {
  schema: string
  table: string
  rows: number
  writes: number
  /** Column lists of the valid, non-partial indexes (expression columns left out). */
  indexes: string[][]
  /** The columns a B-tree can index (their type, its domain base or a binary-coercible type has a default operator class): not json, point, xml. */
  columns: string[]
}

const TABLES_SQL = `select n.nspname::text as schema, c.relname::text as table, greatest(c.reltuples, 0)::float8 as rows,
       coalesce(s.n_tup_ins + s.n_tup_upd + s.n_tup_del, 0)::float8 as writes,
       coalesce((select json_agg(array(select a.attname::text
                                         from unnest(i.indkey::int2[]) with ordinality k(attnum, ord)
                                         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                                        order by k.ord))
                   from pg_index i where i.indrelid = c.oid and i.indisvalid and i.indpred is null), '[]') as indexes,
       array(select a.attname::text from pg_attribute a join pg_type t on t.oid = a.atttypid
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                and exists (select from pg_opclass o join pg_am m on m.oid = o.opcmethod
                             where m.amname = 'btree' and o.opcdefault
                               and (o.opcintype in (t.oid, t.typbasetype)
                                    or (o.opcintype = 'anyarray'::regtype and t.typcategory = 'A')
                                    or (o.opcintype = 'anyenum'::regtype and t.typtype = 'e')
                                    or exists (select from pg_cast k where k.castsource = t.oid
                                                  and k.casttarget = o.opcintype and k.castmethod = 'b')))) as columns
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  left join pg_stat_user_tables s on s.relid = c.oid
 where c.relkind in ('r', 'p', 'm') and (n.nspname::text, c.relname::text) in (select * from unnest($1::text[], $2::text[]))`

export const readTables = async (
  tx: PgReadTransaction,
  tables: { schema: string; table: string }[]
): Promise<Map<string, TableRow>> => {
  const rows = await tx.query<TableRow>(TABLES_SQL, [tables.map((t) => t.schema), tables.map((t) => t.table)])
  return new Map(rows.map((r) => [`${r.schema}.${r.table}`, r]))
}
