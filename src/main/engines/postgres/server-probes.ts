/**
 * Probes of what the server is doing and how it is set, as PgHero and pganalyze show them: the WAL
 * archiver, the lock table, database sizes, maintenance in progress (VACUUM, ANALYZE, CREATE INDEX,
 * CLUSTER / VACUUM FULL), the settings changed from their defaults and each TCP connection's encryption.
 * Catalogue and statistics views only; pg_database_size stats each database's files, nothing reads a
 * relation. Each emits the columns of its spec in diagnostics/postgres/records.ts on every version (null
 * where a version lacks one).
 */
import { pgProbe } from './pg-probe'

const V10 = 100000
const V12 = 120000
const V13 = 130000
const V14 = 140000
const V15 = 150000

const ageSeconds = (expr: string): string => `extract(epoch from now() - ${expr})::float8`

/** A pg_settings value without current_setting's error for a role that may not read it. SHOW says
 * "(disabled)" for archive_command while archive_mode is off. */
const settingOf = (name: string): string => `(select setting from pg_settings where name = '${name}')`

// pg_ls_archive_statusdir (PG 12+) needs pg_monitor; the scalar subquery runs only when the CASE takes it.
const readySegments = (v: number): string =>
  v >= V12
    ? `case when pg_has_role('pg_monitor', 'member')
            then (select count(*) from pg_ls_archive_statusdir() where name like '%.ready') end`
    : 'null::bigint'

export const archiverProbe = pgProbe({
  id: 'pg_stat_archiver',
  minVersion: 90600,
  sql: (v) => `
select pg_is_in_recovery() as in_recovery, current_setting('archive_mode') as archive_mode,
       coalesce(${settingOf('archive_command')}, '') not in ('', '(disabled)')
         ${v >= V15 ? `or coalesce(${settingOf('archive_library')}, '') <> ''` : ''} as has_archiver,
       archived_count, failed_count, last_archived_wal, ${ageSeconds('last_archived_time')} as last_archived_age_s,
       last_failed_wal, ${ageSeconds('last_failed_time')} as last_failed_age_s,
       ${readySegments(v)} as ready_segments, stats_reset::text
  from pg_stat_archiver`
})

/** The lock table is unbounded (max_locks_per_transaction per backend): the page shows the first ones. */
export const LOCKS_LIMIT = 500

// Every transaction holds an ExclusiveLock on its own virtual xid: granted ones say nothing, so they are
// left out. Relation names resolve only in this database (pg_class is per database).
export const locksProbe = pgProbe({
  id: 'pg_locks',
  minVersion: 90600,
  params: [LOCKS_LIMIT],
  sql: (v) => `
select l.pid, l.locktype, l.mode, l.granted,
       case when l.relation is null then null
            when c.oid is not null then n.nspname || '.' || c.relname
            else 'oid ' || l.relation end as relation,
       d.datname::text as database, a.usename::text, a.application_name, a.state,
       ${ageSeconds('a.xact_start')} as xact_age_s,
       ${v >= V14 ? ageSeconds('l.waitstart') : 'null::float8'} as wait_age_s,
       left(a.query, 300) as query, count(*) over () as total_locks
  from pg_locks l
  left join pg_stat_activity a on a.pid = l.pid
  left join pg_database d on d.oid = l.database
  left join pg_class c on c.oid = l.relation and l.database = (select oid from pg_database where datname = current_database())
  left join pg_namespace n on n.oid = c.relnamespace
 where l.pid is distinct from pg_backend_pid() and not (l.locktype = 'virtualxid' and l.granted)
 order by l.granted, l.pid, l.locktype, relation
 limit $1`
})

// pg_database_size needs CONNECT on the database or pg_read_all_stats (PG 10+; pg_monitor has it).
export const databaseSizesProbe = pgProbe({
  id: 'database_sizes',
  minVersion: 90600,
  sql: (v) => `
select datname::text, datallowconn, datistemplate as is_template,
       case when has_database_privilege(oid, 'CONNECT')
                 ${v >= V10 ? "or pg_has_role('pg_read_all_stats', 'member')" : ''}
            then pg_database_size(oid) end as size_bytes
  from pg_database
 order by datname`
})

const relationName = (alias: string): string => `
       case when ${alias}.datname = current_database()
            then (select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                   where c.oid = ${alias}.relid)
            else 'oid ' || ${alias}.relid end`

/** done / total as a ratio, null without a total (a phase that counts nothing). */
const ratio = (done: string, total: string): string =>
  `case when ${total} > 0 then (${done})::float8 / (${total}) end`

// One row per running command. What done/total count depends on the phase: VACUUM scans then vacuums
// the heap's blocks; CREATE INDEX waits for lockers (old snapshots), then scans blocks, then sorts and
// loads tuples; CLUSTER / VACUUM FULL scans blocks, then writes tuples.
const progressParts = (v: number): string[] => {
  const vacuumDone = `case p.phase when 'vacuuming heap' then p.heap_blks_vacuumed else p.heap_blks_scanned end`
  const parts = [
    `select 'VACUUM'::text as command, p.pid, p.datname::text, ${relationName('p')} as relation, p.phase,
            (${vacuumDone})::float8 as done, p.heap_blks_total::float8 as total, 'blocks'::text as unit,
            ${ratio(vacuumDone, 'p.heap_blks_total')} as done_ratio, null::int as waiting_for_pid
       from pg_stat_progress_vacuum p`
  ]
  if (v >= V12) {
    const [done, total, unit] = [
      `case when p.phase like 'waiting for%' then p.lockers_done when p.blocks_total > 0 then p.blocks_done else p.tuples_done end`,
      `case when p.phase like 'waiting for%' then p.lockers_total when p.blocks_total > 0 then p.blocks_total else p.tuples_total end`,
      `case when p.phase like 'waiting for%' then 'lockers' when p.blocks_total > 0 then 'blocks' else 'tuples' end`
    ]
    parts.push(
      `select p.command, p.pid, p.datname::text, ${relationName('p')} as relation, p.phase,
              (${done})::float8 as done, (${total})::float8 as total, ${unit} as unit,
              ${ratio(done, total)} as done_ratio, nullif(p.current_locker_pid, 0)::int as waiting_for_pid
         from pg_stat_progress_create_index p`,
      `select p.command, p.pid, p.datname::text, ${relationName('p')} as relation, p.phase,
              p.heap_blks_scanned::float8 as done, p.heap_blks_total::float8 as total, 'blocks'::text as unit,
              ${ratio('p.heap_blks_scanned', 'p.heap_blks_total')} as done_ratio, null::int as waiting_for_pid
         from pg_stat_progress_cluster p`
    )
  }
  if (v >= V13) {
    parts.push(
      `select 'ANALYZE'::text as command, p.pid, p.datname::text, ${relationName('p')} as relation, p.phase,
              p.sample_blks_scanned::float8 as done, p.sample_blks_total::float8 as total, 'blocks'::text as unit,
              ${ratio('p.sample_blks_scanned', 'p.sample_blks_total')} as done_ratio, null::int as waiting_for_pid
         from pg_stat_progress_analyze p`
    )
  }
  return parts
}

export const progressProbe = pgProbe({
  id: 'progress',
  minVersion: 90600,
  sql: (v) => `
select r.*, ${ageSeconds('a.query_start')} as elapsed_s, left(a.query, 300) as query
  from (${progressParts(v).join('\n        union all\n        ')}) r
  left join pg_stat_activity a on a.pid = r.pid
 order by r.command, r.pid`
})

// Sources 'client' and 'session' are this diagnostics connection's own SETs (application_name, the
// guardrails' timeouts), not the server's; the transaction_* overrides are set for every transaction.
// current_setting raises on a superuser-only setting for a role without pg_read_all_settings (PG 10+).
export const changedSettingsProbe = pgProbe({
  id: 'changed_settings',
  minVersion: 90600,
  sql: (v) => `
select name,
       ${v >= V10 ? "case when pg_has_role('pg_read_all_settings', 'member') then current_setting(name) else setting end" : 'setting'} as value,
       setting, unit, source, context, category, boot_val, pending_restart
  from pg_settings
 where source not in ('default', 'client', 'session')
   and not (source = 'override' and name like 'transaction\\_%')
 order by category, name`
})

// Client connections over TCP (a Unix socket has no client_addr and nothing to encrypt).
export const sslProbe = pgProbe({
  id: 'pg_stat_ssl',
  minVersion: 90600,
  sql: (v) => `
select a.pid, a.usename::text, a.application_name, host(a.client_addr) as client_addr,
       coalesce(s.ssl, false) as ssl, s.version as ssl_version, s.cipher, s.bits,
       current_setting('ssl')::bool as server_ssl
  from pg_stat_activity a
  left join pg_stat_ssl s on s.pid = a.pid
 where a.client_addr is not null ${v >= V10 ? "and a.backend_type = 'client backend'" : ''}
 order by a.client_addr, a.pid`
})
