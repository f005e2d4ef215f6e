/**
 * The PostgreSQL health probes: one read-only statement each, named by what the server calls it, with the
 * lowest server version it supports and the SQL chosen from `server_version_num` (version gates: PG 10
 * `wal`/`lsn` names vs `xlog`/`location`, PG 11 `indnkeyatts`, PG 12 `reply_time`, PG 13
 * `total_exec_time` and `flushed_lsn`/`wal_status`, PG 14 `pg_stat_wal` and the replay pause state,
 * PG 16 `pg_stat_io`, PG 17 `pg_stat_checkpointer`). Every probe emits the columns of its spec in
 * diagnostics/postgres/records.ts whatever the version. Nothing here writes or scans a relation, except
 * `inspectRelation`, which is allow-listed and size-capped.
 */
import { PG_PROBE_IDS, type PgProbeId } from '../../../shared/records/postgres'
import type { PeerIndexUsage } from '../../diagnostics/postgres/health-input'
import { parseInspection } from '../../diagnostics/postgres/inspect-relation'
import type { InspectResult } from '../../../shared/pg-inspect'
import type { PgSession } from '../types'
import { pgProbe, type PgProbeSpec } from './pg-probe'
import {
  notValidConstraintsProbe,
  sequencesProbe,
  tablesWithoutPrimaryKeyProbe,
  unindexedForeignKeysProbe
} from './schema-probes'
import {
  archiverProbe,
  changedSettingsProbe,
  databaseSizesProbe,
  locksProbe,
  progressProbe,
  sslProbe
} from './server-probes'

const V10 = 100000
const V11 = 110000
const V12 = 120000
const V13 = 130000
const V14 = 140000
const V16 = 160000
const V17 = 170000

/** Tables below this many pages are not worth a bloat estimate (1 MiB at 8 KiB pages); keeps the sweep cheap. */
export const BLOAT_MIN_PAGES = 128

const ageSeconds = (expr: string): string => `extract(epoch from now() - ${expr})::float8`

// Current WAL position on either role: a replica has no pg_current_wal_lsn(); CASE evaluates lazily.
const currentLsn = (v: number): string =>
  v >= V10
    ? `case when pg_is_in_recovery() then pg_last_wal_receive_lsn() else pg_current_wal_lsn() end`
    : `case when pg_is_in_recovery() then pg_last_xlog_receive_location() else pg_current_xlog_location() end`
const lsnDiff = (v: number): string => (v >= V10 ? 'pg_wal_lsn_diff' : 'pg_xlog_location_diff')

const settings = pgProbe({
  id: 'pg_settings',
  minVersion: 90600,
  sql: () => `
select current_setting('server_version_num')::int as server_version_num,
       current_setting('server_version') as server_version,
       pg_is_in_recovery() as in_recovery,
       current_database() as current_database,
       current_setting('max_connections')::int as max_connections,
       current_setting('autovacuum')::bool as autovacuum,
       current_setting('track_counts')::bool as track_counts,
       current_setting('autovacuum_vacuum_threshold')::int as autovacuum_vacuum_threshold,
       current_setting('autovacuum_vacuum_scale_factor')::float8 as autovacuum_vacuum_scale_factor,
       current_setting('autovacuum_freeze_max_age')::bigint as autovacuum_freeze_max_age,
       current_setting('autovacuum_multixact_freeze_max_age')::bigint as autovacuum_multixact_freeze_max_age,
       current_setting('block_size')::int as block_size,
       current_setting('shared_preload_libraries') as shared_preload_libraries,
       exists (select 1 from pg_extension where extname = 'pg_stat_statements') as has_pg_stat_statements,
       exists (select 1 from pg_extension where extname = 'pgstattuple') as has_pgstattuple,
       (select stats_reset::text from pg_stat_database where datname = current_database()) as stats_reset,
       pg_postmaster_start_time()::text as postmaster_start`
})

const tables = pgProbe({
  id: 'pg_stat_user_tables',
  minVersion: 90600,
  // Ages in seconds; per-table autovacuum reloptions read so that the rule can compute the table's own trigger.
  sql: (v) => `
with opts as (
  select c.oid,
         max(o.option_value) filter (where o.option_name = 'autovacuum_enabled') as av_enabled,
         max(o.option_value) filter (where o.option_name = 'autovacuum_vacuum_threshold') as av_threshold,
         max(o.option_value) filter (where o.option_name = 'autovacuum_vacuum_scale_factor') as av_scale
    from pg_class c, pg_options_to_table(c.reloptions) o
   where c.reloptions is not null and c.relkind in ('r', 'm', 'p')
   group by c.oid)
select s.schemaname, s.relname, s.n_live_tup, s.n_dead_tup, s.n_mod_since_analyze,
       c.reltuples::float8 as reltuples, c.relpages,
       pg_table_size(c.oid) as table_bytes, pg_indexes_size(c.oid) as indexes_bytes,
       coalesce(s.seq_scan, 0) as seq_scan, coalesce(s.seq_tup_read, 0) as seq_tup_read, s.idx_scan,
       ${ageSeconds('s.last_vacuum')} as last_vacuum_s, ${ageSeconds('s.last_autovacuum')} as last_autovacuum_s,
       ${ageSeconds('s.last_analyze')} as last_analyze_s, ${ageSeconds('s.last_autoanalyze')} as last_autoanalyze_s,
       case when o.av_enabled is null then null else o.av_enabled::bool end as autovacuum_enabled,
       o.av_threshold::int as av_vacuum_threshold, o.av_scale::float8 as av_vacuum_scale_factor,
       case when c.relfrozenxid::text = '0' then 0 else age(c.relfrozenxid) end as xid_age,
       ${v >= V10 ? "case when c.relminmxid::text = '0' then 0 else mxid_age(c.relminmxid) end" : 'null::int'} as mxid_age
  from pg_stat_user_tables s
  join pg_class c on c.oid = s.relid
  left join opts o on o.oid = s.relid`
})

// The ioguix statistics-based table bloat estimate (github.com/ioguix/pgsql-bloat-estimation, table_bloat.sql,
// BSD licence), trimmed to the columns we use. It reads pg_stats and pg_class only: no relation is scanned.
// The size on disk is the real one (pg_relation_size: a stat of the files), not relpages, which only VACUUM
// and ANALYZE update: a 20 MB table that churned since its last analyze read as 9.95 MiB with no bloat.
const tableBloat = pgProbe({
  id: 'table_bloat_estimate',
  minVersion: 90600,
  params: [BLOAT_MIN_PAGES],
  sql: () => `
select schemaname, tblname, (bs * tblpages)::bigint as real_bytes,
       case when tblpages - est_tblpages_ff > 0 then ((tblpages - est_tblpages_ff) * bs)::bigint else 0 end as bloat_bytes,
       case when tblpages > 0 and tblpages - est_tblpages_ff > 0 then (tblpages - est_tblpages_ff) / tblpages::float8 else 0 end as bloat_ratio,
       is_na
from (
  select ceil(reltuples / ((bs - page_hdr) * fillfactor / (tpl_size * 100))) + ceil(toasttuples / 4) as est_tblpages_ff,
         tblpages, bs, schemaname, tblname, is_na
  from (
    select (4 + tpl_hdr_size + tpl_data_size + (2 * ma)
            - case when tpl_hdr_size % ma = 0 then ma else tpl_hdr_size % ma end
            - case when ceil(tpl_data_size)::int % ma = 0 then ma else ceil(tpl_data_size)::int % ma end) as tpl_size,
           (heappages + toastpages) as tblpages, reltuples, toasttuples, bs, page_hdr, schemaname, tblname, fillfactor, is_na
    from (
      select tbl.oid as tblid, ns.nspname as schemaname, tbl.relname as tblname, tbl.reltuples,
             pg_relation_size(tbl.oid) / current_setting('block_size')::numeric as heappages,
             coalesce(pg_relation_size(toast.oid), 0) / current_setting('block_size')::numeric as toastpages,
             coalesce(toast.reltuples, 0) as toasttuples,
             coalesce(substring(array_to_string(tbl.reloptions, ' ') from 'fillfactor=([0-9]+)')::smallint, 100) as fillfactor,
             current_setting('block_size')::numeric as bs,
             case when version() ~ 'mingw32' or version() ~ '64-bit|x86_64|ppc64|ia64|amd64|aarch64|arm64' then 8 else 4 end as ma,
             24 as page_hdr,
             23 + case when max(coalesce(s.null_frac, 0)) > 0 then (7 + count(s.attname)) / 8 else 0::int end as tpl_hdr_size,
             sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 0)) as tpl_data_size,
             bool_or(att.atttypid = 'pg_catalog.name'::regtype)
               or sum(case when att.attnum > 0 then 1 else 0 end) <> count(s.attname) as is_na
        from pg_attribute att
        join pg_class tbl on att.attrelid = tbl.oid
        join pg_namespace ns on ns.oid = tbl.relnamespace
        left join pg_stats s on s.schemaname = ns.nspname and s.tablename = tbl.relname
                            and s.inherited = false and s.attname = att.attname
        left join pg_class toast on tbl.reltoastrelid = toast.oid
       where not att.attisdropped and att.attnum > 0 and tbl.relkind in ('r', 'm')
         and pg_relation_size(tbl.oid) >= $1::bigint * current_setting('block_size')::int
         and ns.nspname not in ('pg_catalog', 'information_schema') and ns.nspname !~ '^pg_toast'
       group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ) s
  ) s2
  where tpl_size > 0
) s3`
})

// The ioguix B-tree bloat estimate (btree_bloat.sql, same source): pg_stats and pg_class only.
const indexBloat = pgProbe({
  id: 'index_bloat_estimate',
  minVersion: 90600,
  params: [BLOAT_MIN_PAGES],
  sql: () => `
select nspname as schemaname, tblname, idxname, (bs * relpages)::bigint as real_bytes,
       case when relpages > est_pages_ff then (bs * (relpages - est_pages_ff))::bigint else 0 end as bloat_bytes,
       case when relpages > est_pages_ff then (relpages - est_pages_ff)::float8 / relpages else 0 end as bloat_ratio,
       is_na
from (
  select coalesce(1 + ceil(reltuples / floor((bs - pageopqdata - pagehdr) * fillfactor / (100 * (4 + nulldatahdrwidth)::float))), 0) as est_pages_ff,
         bs, nspname, tblname, idxname, relpages, is_na
  from (
    select bs, nspname, tblname, idxname, reltuples, relpages, fillfactor,
           (index_tuple_hdr_bm + maxalign - case when index_tuple_hdr_bm % maxalign = 0 then maxalign else index_tuple_hdr_bm % maxalign end
            + nulldatawidth + maxalign - case when nulldatawidth = 0 then 0
                                              when nulldatawidth::integer % maxalign = 0 then maxalign
                                              else nulldatawidth::integer % maxalign end)::numeric as nulldatahdrwidth,
           pagehdr, pageopqdata, is_na
    from (
      select n.nspname, i.tblname, i.idxname, i.reltuples, i.relpages, i.idxoid, i.fillfactor,
             current_setting('block_size')::numeric as bs,
             case when version() ~ 'mingw32' or version() ~ '64-bit|x86_64|ppc64|ia64|amd64|aarch64|arm64' then 8 else 4 end as maxalign,
             24 as pagehdr, 16 as pageopqdata,
             case when max(coalesce(s.null_frac, 0)) = 0 then 8 else 8 + ((32 + 8 - 1) / 8) end as index_tuple_hdr_bm,
             sum((1 - coalesce(s.null_frac, 0)) * coalesce(s.avg_width, 1024)) as nulldatawidth,
             max(case when i.atttypid = 'pg_catalog.name'::regtype then 1 else 0 end) > 0 as is_na
        from (
          select ct.relname as tblname, ct.relnamespace, ic.idxname, ic.attpos, ic.reltuples, ic.relpages, ic.tbloid, ic.idxoid,
                 ic.fillfactor, coalesce(a1.attnum, a2.attnum) as attnum, coalesce(a1.attname, a2.attname) as attname,
                 coalesce(a1.atttypid, a2.atttypid) as atttypid,
                 case when a1.attnum is null then ic.idxname else ct.relname end as attrelname
            from (
              select idxname, reltuples, relpages, tbloid, idxoid, fillfactor, indkey, generate_series(1, indnatts) as attpos
                from (
                  select ci.relname as idxname, ci.reltuples,
                         pg_relation_size(ci.oid) / current_setting('block_size')::int as relpages,
                         i.indrelid as tbloid, i.indexrelid as idxoid,
                         coalesce(substring(array_to_string(ci.reloptions, ' ') from 'fillfactor=([0-9]+)')::smallint, 90) as fillfactor,
                         i.indnatts, string_to_array(textin(int2vectorout(i.indkey)), ' ')::int[] as indkey
                    from pg_index i
                    join pg_class ci on ci.oid = i.indexrelid
                    join pg_namespace cn on cn.oid = ci.relnamespace
                   where ci.relam = (select oid from pg_am where amname = 'btree')
                     and pg_relation_size(ci.oid) >= $1::bigint * current_setting('block_size')::int
                     and cn.nspname not in ('pg_catalog', 'information_schema') and cn.nspname !~ '^pg_toast'
                ) idx_data
            ) ic
            join pg_class ct on ct.oid = ic.tbloid
            left join pg_attribute a1 on ic.indkey[ic.attpos] <> 0 and a1.attrelid = ic.tbloid and a1.attnum = ic.indkey[ic.attpos]
            left join pg_attribute a2 on ic.indkey[ic.attpos] = 0 and a2.attrelid = ic.idxoid and a2.attnum = ic.attpos
        ) i
        join pg_namespace n on n.oid = i.relnamespace
        join pg_stats s on s.schemaname = n.nspname and s.tablename = i.attrelname and s.attname = i.attname
       group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    ) rows_data_stats
  ) rows_hdr_pdg_stats
) relation_stats`
})

// pg_constraint.conindid has no index, so a correlated EXISTS is one catalog scan per index (1 s at 20k
// indexes): join a distinct set once. Deparsing costs ~15 us per index: indexdef only for the indexes a
// finding can show (never scanned and not unique, invalid, or sharing its first column with another index of
// its table: the duplicate and overlap findings show both definitions).
const indexes = pgProbe({
  id: 'pg_stat_user_indexes',
  minVersion: 90600,
  sql: (v) => `
select s.schemaname, s.relname, s.indexrelname, s.idx_scan,
       pg_relation_size(s.indexrelid) as index_bytes, pg_relation_size(s.relid) as table_bytes,
       ct.reltuples::float8 as table_reltuples,
       i.indisunique as is_unique, i.indisprimary as is_primary,
       k.conindid is not null as constraint_backed,
       i.indisvalid as is_valid, i.indisready as is_ready, am.amname,
       i.indkey::text as indkey, i.indclass::text as indclass,
       ${v >= V11 ? 'i.indnkeyatts' : 'i.indnatts'}::int as key_columns,
       pg_get_expr(i.indexprs, i.indrelid) as expressions,
       pg_get_expr(i.indpred, i.indrelid) as predicate,
       case when (s.idx_scan = 0 and not i.indisunique) or not i.indisvalid
                 or exists (select 1 from pg_index j where j.indrelid = i.indrelid and j.indexrelid <> i.indexrelid
                                                      and j.indkey[0] = i.indkey[0])
            then pg_get_indexdef(i.indexrelid) end as indexdef
  from pg_stat_user_indexes s
  join pg_index i on i.indexrelid = s.indexrelid
  join pg_class ci on ci.oid = s.indexrelid
  join pg_class ct on ct.oid = s.relid
  join pg_am am on am.oid = ci.relam
  left join (select distinct conindid from pg_constraint where conindid <> 0) k on k.conindid = i.indexrelid`
})

const databases = pgProbe({
  id: 'pg_database',
  minVersion: 90600,
  sql: (v) => `
select datname, datallowconn, age(datfrozenxid) as xid_age,
       ${v >= V10 ? 'mxid_age(datminmxid)' : 'null::int'} as mxid_age
  from pg_database`
})

const replication = pgProbe({
  id: 'pg_stat_replication',
  minVersion: 90600,
  // Lag in bytes from the current WAL position (not sent_lsn, which would hide WAL not yet sent).
  sql: (v) => {
    const d = lsnDiff(v)
    const cur = currentLsn(v)
    const [sent, write, flush, replay] =
      v >= V10
        ? ['sent_lsn', 'write_lsn', 'flush_lsn', 'replay_lsn']
        : ['sent_location', 'write_location', 'flush_location', 'replay_location']
    return `
select pid, coalesce(application_name, '') as application_name, host(client_addr) as client_addr, state, sync_state,
       ${d}(${cur}, ${sent})::float8 as sent_lag_bytes, ${d}(${cur}, ${write})::float8 as write_lag_bytes,
       ${d}(${cur}, ${flush})::float8 as flush_lag_bytes, ${d}(${cur}, ${replay})::float8 as replay_lag_bytes,
       ${v >= V10 ? 'extract(epoch from write_lag)::float8' : 'null::float8'} as write_lag_s,
       ${v >= V10 ? 'extract(epoch from flush_lag)::float8' : 'null::float8'} as flush_lag_s,
       ${v >= V10 ? 'extract(epoch from replay_lag)::float8' : 'null::float8'} as replay_lag_s,
       ${v >= V12 ? ageSeconds('reply_time') : 'null::float8'} as reply_age_s
  from pg_stat_replication`
  }
})

const slots = pgProbe({
  id: 'pg_replication_slots',
  minVersion: 90600,
  sql: (v) => `
select slot_name::text, slot_type, database::text, active,
       ${lsnDiff(v)}(${currentLsn(v)}, restart_lsn)::float8 as retained_bytes,
       ${v >= V13 ? 'wal_status' : 'null::text'} as wal_status,
       ${v >= V13 ? 'safe_wal_size' : 'null::bigint'} as safe_wal_size,
       age(xmin) as xmin_age, age(catalog_xmin) as catalog_xmin_age
  from pg_replication_slots`
})

const walReceiver = pgProbe({
  id: 'pg_stat_wal_receiver',
  minVersion: 90600,
  role: 'replica',
  // Received-but-not-replayed bytes tell a paused or slow replay apart from an idle primary, which makes
  // now() - pg_last_xact_replay_timestamp() grow although nothing is pending.
  sql: (v) => {
    const receive = v >= V10 ? 'pg_last_wal_receive_lsn()' : 'pg_last_xlog_receive_location()'
    const replay = v >= V10 ? 'pg_last_wal_replay_lsn()' : 'pg_last_xlog_replay_location()'
    const pause =
      v >= V14
        ? 'pg_get_wal_replay_pause_state()'
        : v >= V10
          ? "case when pg_is_wal_replay_paused() then 'paused' else 'not paused' end"
          : "case when pg_is_xlog_replay_paused() then 'paused' else 'not paused' end"
    const sender = v >= V11 ? "r.sender_host || ':' || r.sender_port" : 'null::text'
    return `
select pg_is_in_recovery() as in_recovery, r.status as receiver_status, ${sender} as sender,
       ${lsnDiff(v)}(${receive}, ${replay})::float8 as receive_replay_gap_bytes,
       ${ageSeconds('pg_last_xact_replay_timestamp()')} as replay_ts_age_s,
       ${ageSeconds('r.last_msg_receipt_time')} as last_msg_age_s,
       case when pg_is_in_recovery() then ${pause} end as pause_state
  from (select 1) one
  left join pg_stat_wal_receiver r on true`
  }
})

const statements = pgProbe({
  id: 'pg_stat_statements',
  minVersion: 90600,
  // Only this database's statements: a check is per connection URL, and another database's load belongs
  // to that database's report. Bounded: pg_stat_statements.max defaults to 5000.
  sql: (v) => {
    const [total, mean] = v >= V13 ? ['total_exec_time', 'mean_exec_time'] : ['total_time', 'mean_time']
    return `
select queryid::text, left(query, 2000) as query, pg_get_userbyid(userid)::text as username, calls,
       ${total}::float8 as total_ms, ${mean}::float8 as mean_ms, rows,
       shared_blks_hit, shared_blks_read, temp_blks_written
  from pg_stat_statements
 where dbid = (select oid from pg_database where datname = current_database())
 order by ${total} desc
 limit 5000`
  }
})

const activity = pgProbe({
  id: 'pg_stat_activity',
  minVersion: 90600,
  // pg_blocking_pids only for sessions waiting on a heavyweight lock: it is not free on busy servers.
  sql: (v) => `
select pid, pid = pg_backend_pid() as is_self, datname::text, usename::text, application_name,
       host(client_addr) as client_addr, ${v >= V10 ? 'backend_type' : "'client backend'::text"} as backend_type,
       state, wait_event_type, wait_event,
       ${ageSeconds('xact_start')} as xact_age_s, ${ageSeconds('query_start')} as query_age_s,
       ${ageSeconds('state_change')} as state_age_s, age(backend_xmin) as backend_xmin_age,
       case when wait_event_type = 'Lock' then pg_blocking_pids(pid) else '{}'::int[] end as blocked_by,
       left(query, 1000) as query
  from pg_stat_activity
 ${v >= V10 ? "where backend_type = 'client backend'" : ''}`
})

const databaseStats = pgProbe({
  id: 'pg_stat_database',
  minVersion: 90600,
  sql: () => `
select datname::text, blks_hit, blks_read, temp_files, temp_bytes, deadlocks, xact_commit, xact_rollback,
       stats_reset::text
  from pg_stat_database where datname = current_database()`
})

const checkpoints = pgProbe({
  id: 'checkpoints',
  minVersion: 90600,
  sql: (v) =>
    v >= V17
      ? `select num_timed as timed, num_requested as requested, stats_reset::text from pg_stat_checkpointer`
      : `select checkpoints_timed as timed, checkpoints_req as requested, stats_reset::text from pg_stat_bgwriter`
})

const wal = pgProbe({
  id: 'pg_stat_wal',
  minVersion: V14,
  sql: () =>
    `select wal_records, wal_fpi, wal_bytes::float8 as wal_bytes, wal_buffers_full, stats_reset::text from pg_stat_wal`
})

const io = pgProbe({
  id: 'pg_stat_io',
  minVersion: V16,
  sql: () => `
select coalesce(sum(reads), 0) as reads, coalesce(sum(writes), 0) as writes,
       coalesce(sum(extends), 0) as extends, coalesce(sum(fsyncs), 0) as fsyncs
  from pg_stat_io`
})

export const PG_PROBES: { [P in PgProbeId]: PgProbeSpec<P> } = {
  pg_settings: settings,
  pg_stat_user_tables: tables,
  table_bloat_estimate: tableBloat,
  index_bloat_estimate: indexBloat,
  pg_stat_user_indexes: indexes,
  pg_database: databases,
  pg_stat_replication: replication,
  pg_replication_slots: slots,
  pg_stat_wal_receiver: walReceiver,
  pg_stat_statements: statements,
  pg_stat_activity: activity,
  pg_stat_database: databaseStats,
  checkpoints,
  pg_stat_wal: wal,
  pg_stat_io: io,
  sequences: sequencesProbe,
  not_valid_constraints: notValidConstraintsProbe,
  unindexed_foreign_keys: unindexedForeignKeysProbe,
  tables_without_primary_key: tablesWithoutPrimaryKeyProbe,
  pg_stat_archiver: archiverProbe,
  pg_locks: locksProbe,
  database_sizes: databaseSizesProbe,
  progress: progressProbe,
  changed_settings: changedSettingsProbe,
  pg_stat_ssl: sslProbe
}

export const ALL_PROBE_IDS: readonly PgProbeId[] = PG_PROBE_IDS

interface IndexUsageRow extends Record<string, unknown> {
  database: string
  in_recovery: boolean
  name: string | null
  idx_scan: string | number | null
}

/**
 * Another node's index scans, for the unused-index rule: counts are per node, so an index the primary
 * never scans may serve every read on a replica. Only when that node serves the same database.
 */
export const readPeerIndexUsage = async (session: PgSession, database: string): Promise<PeerIndexUsage> => {
  const node = session.address
  try {
    const rows = await session.query<IndexUsageRow>(
      `select current_database()::text as database, pg_is_in_recovery() as in_recovery,
              s.schemaname || '.' || s.indexrelname as name, s.idx_scan
         from (select 1) one left join pg_stat_user_indexes s on true`
    )
    const role = rows[0]?.in_recovery ? 'replica' : 'primary'
    if (rows[0]?.database !== database)
      return { node, role, ok: false, why: `it serves database ${rows[0]?.database ?? '?'}, not ${database}` }
    const scans: Record<string, number> = {}
    for (const r of rows) if (r.name !== null) scans[r.name] = Number(r.idx_scan ?? 0)
    return { node, role, ok: true, scans }
  } catch (err) {
    return { node, role: 'replica', ok: false, why: err instanceof Error ? err.message : String(err) }
  }
}

// ---------------------------------------------------------------------------------------------------
// inspectRelation: pgstattuple_approx / pgstatindex on ONE relation, on demand. These read the relation
// (approx reads pages not all-visible), so: allow-listed functions only, the relation passed as a bound
// parameter through to_regclass (never spliced into SQL), and a size cap unless the caller confirms.

/** pgstattuple reads the relation: refuse above this size unless the user confirmed (reliability 2.4). */
export const INSPECT_MAX_BYTES = 1024 ** 3

/** The one statement per relation kind: the relation is the oid to_regclass found, bound as $1. */
export const INSPECT_SQL = {
  table: `/* dbconsole:inspect */ select 'table'::text as kind, * from pgstattuple_approx($1::oid::regclass)`,
  btree: `/* dbconsole:inspect */ select 'btree'::text as kind, * from pgstatindex($1::oid::regclass)`
} as const

interface RelationRow extends Record<string, unknown> {
  oid: number | null
  relkind: string | null
  amname: string | null
  bytes: string | number | null
  has_ext: boolean
}

export const inspectRelation = async (
  session: PgSession,
  relation: string,
  options: { confirmLarge: boolean; maxBytes?: number }
): Promise<InspectResult> => {
  const maxBytes = options.maxBytes ?? INSPECT_MAX_BYTES
  let resolved: RelationRow | undefined
  try {
    ;[resolved] = await session.query<RelationRow>(
      `/* dbconsole:inspect */
       select c.oid::int as oid, c.relkind::text as relkind, am.amname::text as amname, pg_relation_size(c.oid) as bytes,
              exists (select 1 from pg_extension where extname = 'pgstattuple') as has_ext
         from (select to_regclass($1) as oid) r
         left join pg_class c on c.oid = r.oid
         left join pg_am am on am.oid = c.relam`,
      [relation]
    )
  } catch (err) {
    // to_regclass raises on malformed names ("invalid name syntax"): for the caller that is "no such relation".
    return {
      ok: false,
      reason: 'NOT_FOUND',
      message: `No relation named ${relation}: ${err instanceof Error ? err.message : String(err)}`
    }
  }
  const row = resolved
  try {
    if (!row || row.oid === null)
      return { ok: false, reason: 'NOT_FOUND', message: `No relation named ${relation}.` }
    if (!row.has_ext) {
      return {
        ok: false,
        reason: 'EXTENSION_MISSING',
        message:
          'pgstattuple is not installed in this database. A DBA installs it with CREATE EXTENSION pgstattuple (superuser or database owner; it ships with PostgreSQL contrib); dbconsole never installs extensions.'
      }
    }
    const bytes = Number(row.bytes ?? 0)
    if (bytes > maxBytes && !options.confirmLarge) {
      return {
        ok: false,
        reason: 'TOO_LARGE',
        bytes,
        message: `${relation} is ${bytes} bytes, above the ${maxBytes}-byte limit; confirm to inspect it anyway (it reads the relation).`
      }
    }
    let sql: string
    if (row.relkind === 'r' || row.relkind === 'm' || row.relkind === 't') {
      sql = INSPECT_SQL.table
    } else if (row.relkind === 'i' && row.amname === 'btree') {
      sql = INSPECT_SQL.btree
    } else {
      return {
        ok: false,
        reason: 'UNSUPPORTED_KIND',
        message: `${relation} is neither a table nor a B-tree index (relkind ${row.relkind ?? '?'}, ${row.amname ?? 'no access method'}).`
      }
    }
    const rows = await session.query(sql, [row.oid])
    const parsedRows = parseInspection(relation, bytes, rows)
    if (!parsedRows.ok) return { ok: false, reason: 'SERVER_ERROR', message: parsedRows.message }
    return { ok: true, inspection: parsedRows.value }
  } catch (err) {
    return { ok: false, reason: 'SERVER_ERROR', message: err instanceof Error ? err.message : String(err) }
  }
}
