/** The index DROP / REINDEX CONCURRENTLY act on: its preview (with the refusals) and its state afterwards. */
import type { ActionPreview, PreviewValue } from '../../../../shared/actions'
import type { TargetPreview } from '../../action-kit'
import { AppFailure } from '../../../../shared/errors'
import type { PgActionHandle } from './connection'
import { num, refuseOnReplica } from './read-helpers'

export interface IndexRow extends Record<string, unknown> {
  relkind: string
  table_oid: string
  table_name: string
  bytes: string
  size: string
  scans: string | null
  last_used: string | null
  indisvalid: boolean
  indisunique: boolean
  indisprimary: boolean
  indisreplident: boolean
  constraints: string | null
  stats_reset: string | null
  definition: string
  invalid_on_table: string | null
  version_num: number
}

const INDEX_SQL = `select c.relkind::text as relkind, t.oid::text as table_oid, tn.nspname || '.' || t.relname as table_name,
       pg_relation_size(c.oid)::text as bytes, pg_size_pretty(pg_relation_size(c.oid)) as size,
       s.idx_scan::text as scans, to_jsonb(s) ->> 'last_idx_scan' as last_used,
       i.indisvalid, i.indisunique, i.indisprimary, i.indisreplident,
       (select string_agg(con.conname::text || ' (' || con.contype::text || ')', ', ' order by con.conname)
          from pg_constraint con where con.conindid = c.oid) as constraints,
       (select stats_reset::text from pg_stat_database where datname = current_database()) as stats_reset,
       pg_get_indexdef(c.oid) as definition,
       (select string_agg(ic.relname, ', ' order by ic.relname) from pg_index ii join pg_class ic on ic.oid = ii.indexrelid
         where ii.indrelid = t.oid and not ii.indisvalid) as invalid_on_table,
       current_setting('server_version_num')::int as version_num
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  join pg_index i on i.indexrelid = c.oid
  join pg_class t on t.oid = i.indrelid join pg_namespace tn on tn.oid = t.relnamespace
  left join pg_stat_all_indexes s on s.indexrelid = c.oid
 where n.nspname = $1 and c.relname = $2 and c.relkind in ('i', 'I')`

const INVALID_ON_TABLE_SQL = `select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = $1 and c.relname = $2)::int as present,
       (select indisvalid from pg_index where indexrelid =
          (select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2)) as valid,
       (select string_agg(ic.relname, ', ' order by ic.relname) from pg_index ii join pg_class ic on ic.oid = ii.indexrelid
         where ii.indrelid = $3::oid and not ii.indisvalid) as invalid_on_table`

export const indexPreview = async (
  h: PgActionHandle,
  schema: string,
  index: string,
  verb: 'drop' | 'reindex'
): Promise<TargetPreview> => {
  const row = await h.readOnly(async () => {
    await refuseOnReplica(h)
    const [r] = await h.query<IndexRow>(INDEX_SQL, [schema, index])
    return r
  })
  if (!row) throw new AppFailure('NOT_FOUND', `No index ${schema}.${index} in this database.`)
  if (row.relkind === 'I') {
    throw new AppFailure(
      'REFUSED',
      `${schema}.${index} is a partitioned index: ${verb === 'drop' ? 'DROP INDEX' : 'REINDEX'} CONCURRENTLY does not support it; act on each partition's index.`
    )
  }
  if (verb === 'reindex' && row.version_num < 120000) {
    throw new AppFailure(
      'REFUSED',
      'REINDEX CONCURRENTLY needs PostgreSQL 12 or later; a blocking REINDEX is not offered.'
    )
  }
  if (verb === 'drop') {
    if (row.constraints) {
      throw new AppFailure(
        'REFUSED',
        `${schema}.${index} backs the constraint ${row.constraints}: dropping it would drop the constraint's enforcement. Drop the constraint deliberately instead.`
      )
    }
    // An INVALID unique index (a failed unique build) guarantees nothing: dropping it is the fix.
    if ((row.indisunique || row.indisprimary) && row.indisvalid) {
      throw new AppFailure(
        'REFUSED',
        `${schema}.${index} is unique: it enforces uniqueness even without a constraint. Refusing to drop it from here.`
      )
    }
    if (row.indisreplident)
      throw new AppFailure('REFUSED', `${schema}.${index} is the table's replica identity.`)
  }
  const scans = num(row.scans)
  const warnings: string[] = []
  if (verb === 'drop') {
    if (scans !== null && scans > 0)
      warnings.push(
        `The index has been used ${scans} times since statistics were reset: some query relies on it.`
      )
    warnings.push(
      `Usage counts only cover this server since ${row.stats_reset ?? 'the last statistics reset'}; replicas keep their own.`
    )
    warnings.push(
      'If DROP INDEX CONCURRENTLY fails part way, it can leave an INVALID index behind: the post-check looks for one.'
    )
  } else {
    warnings.push(
      'REINDEX CONCURRENTLY builds a second copy (disk of about the index size) and waits for running transactions.'
    )
  }
  if (!row.indisvalid)
    warnings.push(
      row.indisunique
        ? 'The index is currently INVALID: queries never use it, and the uniqueness it was built for is not guaranteed.'
        : 'The index is currently INVALID: queries never use it.'
    )
  return {
    summary: `${verb === 'drop' ? 'Drop' : 'Rebuild'} index ${schema}.${index} on ${row.table_name} (${row.size}) concurrently.`,
    facts: {
      index: `${schema}.${index}`,
      table: row.table_name,
      table_oid: num(row.table_oid),
      size: row.size,
      size_bytes: num(row.bytes),
      scans,
      last_used: row.last_used,
      stats_reset: row.stats_reset,
      valid: row.indisvalid,
      definition: row.definition,
      invalid_on_table: row.invalid_on_table
    },
    warnings
  }
}

const newInvalid = (before: PreviewValue | undefined, after: string | null): string[] => {
  const old = new Set(typeof before === 'string' ? before.split(', ') : [])
  return (after ? after.split(', ') : []).filter((n) => !old.has(n))
}

/** The index and its table after a drop or rebuild: is it there, valid, and which INVALID indexes are new. */
export const indexAfter = async (
  h: PgActionHandle,
  t: { schema: string; index: string },
  preview: ActionPreview
) => {
  const [row] = await h.readOnly(() =>
    h.query<{ present: number; valid: boolean | null; invalid_on_table: string | null }>(
      INVALID_ON_TABLE_SQL,
      [t.schema, t.index, preview.facts.table_oid]
    )
  )
  return { row, added: newInvalid(preview.facts.invalid_on_table, row?.invalid_on_table ?? null) }
}
