/**
 * PostgreSQL guarded actions: read-only preview probes, the exact statement, perform and post-check.
 * Only core/guard.ts imports this module (checked by core/guard-boundary.test.ts).
 *
 * Every action runs on its own connection opened with purpose 'action' (application_name
 * 'dbconsole action', never the diagnostics pool) and closed afterwards. Preview and post-check probes
 * run inside `BEGIN READ ONLY`, so the server itself refuses a probe that would write.
 */
import pg from 'pg'
import type { ActionId, ActionPreview, PostCheckResult, PreviewValue } from '../../../shared/actions'
import { AppFailure } from '../../../shared/errors'
import { mapDriverError } from '../map-error'
import {
  defineAction,
  engineActions,
  errorText,
  quoteIdent,
  quoteLiteral as lit,
  type ConnectInfo,
  type EngineConnection,
  type PerformResult
} from '../action-kit'
import { buildPoolConfig, pgServerAddress } from './adapter'
import { functionRefusal, oneStatementText } from './sql-safety'
import { PG_TIMEOUTS, sessionSettings, startupOptions } from './guardrails'
import { verifySession } from './verify-session'
import { writeEstimate } from './write-estimate'

export interface PgActionHandle {
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>
  /** Sends text as one simple-query message (several statements allowed); returns each result. */
  simple(sql: string): Promise<pg.QueryResult[]>
  /** Read-only probes: the server refuses writes inside the transaction. */
  readOnly<T>(fn: () => Promise<T>): Promise<T>
  usable(): boolean
}

/**
 * Maintenance statements outlive the 30 s default; they get a longer statement timeout and a lock
 * timeout long enough for DROP/REINDEX CONCURRENTLY to wait out short transactions. Set at start-up
 * (the `options` parameter) so no extra statement is sent beside the previewed one.
 */
const MAINTENANCE: Partial<Record<ActionId, { statementMs: number; lockMs: number }>> = {
  'postgres.vacuum': { statementMs: 30 * 60_000, lockMs: 5_000 },
  'postgres.analyze': { statementMs: 10 * 60_000, lockMs: 5_000 },
  'postgres.vacuumFull': { statementMs: 60 * 60_000, lockMs: 5_000 },
  'postgres.dropIndex': { statementMs: 10 * 60_000, lockMs: 10_000 },
  'postgres.reindex': { statementMs: 60 * 60_000, lockMs: 10_000 }
}

const IDENTITY_SQL = `select case when has_function_privilege('pg_control_system()', 'execute')
            then (select system_identifier::text from pg_control_system()) end as system_identifier,
       pg_is_in_recovery() as in_recovery,
       coalesce(host(inet_server_addr()), 'local') as addr,
       coalesce(inet_server_port(), 0) as port`

interface IdentityRow extends Record<string, unknown> {
  system_identifier: string | null
  in_recovery: boolean
  addr: string
  port: number
}

export const openPgAction = async (
  connect: ConnectInfo,
  action: ActionId
): Promise<EngineConnection<PgActionHandle>> => {
  const config = buildPoolConfig({ ...connect, purpose: 'action' })
  const timeouts = MAINTENANCE[action] ?? PG_TIMEOUTS
  const settings = sessionSettings(false, timeouts)
  const where = `PostgreSQL ${pgServerAddress(connect)}`
  const client = new pg.Client({
    ...config,
    options: startupOptions(settings),
    query_timeout: timeouts.statementMs + 5_000
  })
  let broken = false
  // A lost socket emits 'error' on the client; unhandled it would crash main.
  client.on('error', () => {
    broken = true
  })
  client.on('end', () => {
    broken = true
  })
  try {
    await client.connect()
    await verifySession(client, settings, where)
  } catch (err) {
    await client.end().catch(() => undefined)
    throw mapDriverError(err, where)
  }
  const query = async <R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> => {
    try {
      return (await client.query<R>(sql, params)).rows
    } catch (err) {
      throw mapDriverError(err, where)
    }
  }
  const handle: PgActionHandle = {
    query,
    simple: async (sql) => {
      const result = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[]
      return Array.isArray(result) ? result : [result]
    },
    readOnly: async (fn) => {
      await query('begin read only')
      try {
        return await fn()
      } finally {
        await client.query('rollback').catch(() => undefined)
      }
    },
    usable: () => !broken
  }
  return {
    handle,
    identity: async () => {
      const [row] = await query<IdentityRow>(IDENTITY_SQL)
      if (!row) throw new AppFailure('SERVER_ERROR', `${where}: the identity query returned no row.`)
      const role = row.in_recovery ? 'replica' : 'primary'
      const id = row.system_identifier ?? 'unknown'
      const address = `${row.addr}:${row.port}`
      return { engine: 'postgres', id, role, address, summary: `PostgreSQL ${id} ${role} at ${address}` }
    },
    close: async () => {
      await client.end().catch(() => undefined)
    }
  }
}

/** Perform helper: one statement, failures become outcomes, a broken connection is reported as such. */
const sendOnce = async (
  h: PgActionHandle,
  statement: string,
  done: (results: pg.QueryResult[]) => { outcome: 'done' | 'failed'; detail: string; data?: unknown }
): Promise<PerformResult> => {
  try {
    const results = await h.simple(statement)
    return { ...done(results), connectionUsable: h.usable() }
  } catch (err) {
    const usable = h.usable()
    return {
      outcome: 'failed',
      detail: usable
        ? `The server refused it: ${errorText(err)}`
        : `The connection was lost while the statement was in flight (${errorText(err)}). It was sent once and NOT retried; whether the server applied it is unknown.`,
      connectionUsable: usable
    }
  }
}

const firstValue = (results: pg.QueryResult[]): unknown => {
  const row = results[0]?.rows[0] as Record<string, unknown> | undefined
  return row ? Object.values(row)[0] : undefined
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

const refuseOnReplica = async (h: PgActionHandle): Promise<void> => {
  const [row] = await h.query<{ r: boolean }>('select pg_is_in_recovery() as r')
  if (row?.r)
    throw new AppFailure('REFUSED', 'The server is a replica (in recovery): run this on the primary.')
}

// ---------------------------------------------------------------- backends

interface BackendRow extends Record<string, unknown> {
  pid: number
  usename: string | null
  datname: string | null
  application_name: string | null
  client: string | null
  backend_type: string | null
  state: string | null
  query: string | null
  query_start: string | null
  query_seconds: number | null
  xact_seconds: number | null
  wait: string | null
}

const BACKEND_SQL = `select pid, usename::text, datname::text, application_name, coalesce(host(client_addr), 'local') as client,
       backend_type, state, left(query, 2000) as query, query_start::text as query_start,
       round(extract(epoch from now() - query_start)::numeric, 1)::float8 as query_seconds,
       round(extract(epoch from now() - xact_start)::numeric, 1)::float8 as xact_seconds,
       nullif(concat_ws(':', wait_event_type, wait_event), '') as wait
  from pg_stat_activity where pid = $1`

const backendPreview = async (
  h: PgActionHandle,
  pid: number,
  verb: 'cancel' | 'terminate'
): Promise<ActionPreview> => {
  const [row] = await h.readOnly(() => h.query<BackendRow>(BACKEND_SQL, [pid]))
  if (!row) throw new AppFailure('NOT_FOUND', `No backend with pid ${pid} on this server.`)
  const allowed = verb === 'cancel' ? ['client backend', 'autovacuum worker'] : ['client backend']
  if (!allowed.includes(row.backend_type ?? '')) {
    throw new AppFailure(
      'REFUSED',
      `Backend ${pid} is a ${row.backend_type ?? 'server process'}, not a client session: refusing to ${verb} it.`
    )
  }
  const warnings: string[] = []
  if (verb === 'terminate')
    warnings.push('Its open transaction, if any, rolls back; the client sees its connection closed.')
  if (row.application_name?.startsWith('dbconsole'))
    warnings.push('This backend belongs to dbconsole itself.')
  if (row.state === 'idle') warnings.push('The backend is idle: there is no running query to stop.')
  return {
    summary: `${verb === 'cancel' ? 'Cancel the running query of' : 'Terminate'} backend ${pid} (${row.usename ?? '?'}@${row.datname ?? '?'}, ${row.application_name || 'no application_name'}).`,
    facts: {
      pid,
      user: row.usename,
      database: row.datname,
      application_name: row.application_name,
      client: row.client,
      state: row.state,
      query: row.query,
      query_start: row.query_start,
      query_seconds: num(row.query_seconds),
      transaction_seconds: num(row.xact_seconds),
      wait: row.wait
    },
    warnings
  }
}

const cancelBackend = defineAction<'postgres.cancelBackend', PgActionHandle>('postgres.cancelBackend', {
  targetName: (t) => String(t.pid),
  statement: (t) => `SELECT pg_cancel_backend(${t.pid})`,
  suggestedCheck: (t) => `select pid, state, query_start, query from pg_stat_activity where pid = ${t.pid}`,
  preview: (h, t) => backendPreview(h, t.pid, 'cancel'),
  perform: (h, t, statement) =>
    sendOnce(h, statement, (r) =>
      firstValue(r) === true
        ? { outcome: 'done', detail: `Cancel signal sent to backend ${t.pid}.` }
        : {
            outcome: 'failed',
            detail: `pg_cancel_backend returned false: backend ${t.pid} is gone or not ours to signal.`
          }
    ),
  postCheck: async (h, t, preview) => {
    await sleep(300)
    const [row] = await h.readOnly(() => h.query<BackendRow>(BACKEND_SQL, [t.pid]))
    if (!row) return { ok: true, detail: `Backend ${t.pid} is gone.` }
    const same = row.state === 'active' && row.query_start === preview.facts.query_start
    return same
      ? { ok: false, detail: `Backend ${t.pid} is still running the same query (state ${row.state}).` }
      : { ok: true, detail: `Backend ${t.pid} is no longer running that query (state ${row.state ?? '?'}).` }
  }
})

const terminateBackend = defineAction<'postgres.terminateBackend', PgActionHandle>(
  'postgres.terminateBackend',
  {
    targetName: (t) => String(t.pid),
    statement: (t) => `SELECT pg_terminate_backend(${t.pid})`,
    suggestedCheck: (t) => `select pid, state, query from pg_stat_activity where pid = ${t.pid}`,
    preview: (h, t) => backendPreview(h, t.pid, 'terminate'),
    perform: (h, t, statement) =>
      sendOnce(h, statement, (r) =>
        firstValue(r) === true
          ? { outcome: 'done', detail: `Terminate signal sent to backend ${t.pid}.` }
          : {
              outcome: 'failed',
              detail: `pg_terminate_backend returned false: backend ${t.pid} is gone or not ours to signal.`
            }
      ),
    postCheck: async (h, t) => {
      // The signal is asynchronous: give the backend a few seconds to exit.
      for (let i = 0; i < 30; i++) {
        const rows = await h.readOnly(() =>
          h.query<{ pid: number }>('select pid from pg_stat_activity where pid = $1', [t.pid])
        )
        if (rows.length === 0) return { ok: true, detail: `Backend ${t.pid} is gone.` }
        await sleep(100)
      }
      return { ok: false, detail: `Backend ${t.pid} is still present 3 s after the signal.` }
    }
  }
)

// ---------------------------------------------------------------- tables

interface TableRow extends Record<string, unknown> {
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

const TABLE_SQL = `select c.relkind::text as relkind, pg_total_relation_size(c.oid)::text as total_bytes,
       pg_size_pretty(pg_total_relation_size(c.oid)) as total,
       s.n_live_tup::text as live, s.n_dead_tup::text as dead,
       s.last_vacuum::text, s.last_autovacuum::text, s.last_analyze::text, s.last_autoanalyze::text
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  left join pg_stat_all_tables s on s.relid = c.oid
 where n.nspname = $1 and c.relname = $2`

type TableVerb = 'vacuum' | 'analyze' | 'vacuumFull'

const tablePreview = async (
  h: PgActionHandle,
  schema: string,
  table: string,
  verb: TableVerb
): Promise<ActionPreview> => {
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

const tablePostCheck = async (
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

const vacuum = defineAction<'postgres.vacuum', PgActionHandle>('postgres.vacuum', {
  targetName: (t) => t.table,
  statement: (t) => `VACUUM ${quoteIdent(t.schema)}.${quoteIdent(t.table)}`,
  suggestedCheck: (t) =>
    `select last_vacuum, n_dead_tup from pg_stat_all_tables where schemaname = ${lit(t.schema)} and relname = ${lit(t.table)}`,
  preview: (h, t) => tablePreview(h, t.schema, t.table, 'vacuum'),
  perform: (h, t, statement) =>
    sendOnce(h, statement, () => ({ outcome: 'done', detail: `${t.schema}.${t.table} vacuumed.` })),
  postCheck: (h, t, p) => tablePostCheck(h, t.schema, t.table, 'last_vacuum', p)
})

const analyze = defineAction<'postgres.analyze', PgActionHandle>('postgres.analyze', {
  targetName: (t) => t.table,
  statement: (t) => `ANALYZE ${quoteIdent(t.schema)}.${quoteIdent(t.table)}`,
  suggestedCheck: (t) =>
    `select last_analyze from pg_stat_all_tables where schemaname = ${lit(t.schema)} and relname = ${lit(t.table)}`,
  preview: (h, t) => tablePreview(h, t.schema, t.table, 'analyze'),
  perform: (h, t, statement) =>
    sendOnce(h, statement, () => ({ outcome: 'done', detail: `${t.schema}.${t.table} analyzed.` })),
  postCheck: (h, t, p) => tablePostCheck(h, t.schema, t.table, 'last_analyze', p)
})

const vacuumFull = defineAction<'postgres.vacuumFull', PgActionHandle>('postgres.vacuumFull', {
  targetName: (t) => t.table,
  statement: (t) => `VACUUM (FULL) ${quoteIdent(t.schema)}.${quoteIdent(t.table)}`,
  suggestedCheck: (t) =>
    `select pg_total_relation_size(${lit(`${quoteIdent(t.schema)}.${quoteIdent(t.table)}`)})`,
  preview: (h, t) => tablePreview(h, t.schema, t.table, 'vacuumFull'),
  perform: (h, t, statement) =>
    sendOnce(h, statement, () => ({ outcome: 'done', detail: `${t.schema}.${t.table} rewritten.` })),
  postCheck: async (h, t, preview) => {
    const [row] = await h.readOnly(() => h.query<TableRow>(TABLE_SQL, [t.schema, t.table]))
    if (!row) return { ok: false, detail: `${t.schema}.${t.table} is no longer there.` }
    return { ok: true, detail: `Size ${String(preview.facts.total_size)} before, ${row.total} now.` }
  }
})

// ---------------------------------------------------------------- indexes

interface IndexRow extends Record<string, unknown> {
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

const indexPreview = async (
  h: PgActionHandle,
  schema: string,
  index: string,
  verb: 'drop' | 'reindex'
): Promise<ActionPreview> => {
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
    if (row.indisunique || row.indisprimary) {
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
  if (!row.indisvalid) warnings.push('The index is currently INVALID.')
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
const indexAfter = async (
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

const dropIndex = defineAction<'postgres.dropIndex', PgActionHandle>('postgres.dropIndex', {
  targetName: (t) => t.index,
  statement: (t) => `DROP INDEX CONCURRENTLY ${quoteIdent(t.schema)}.${quoteIdent(t.index)}`,
  suggestedCheck: (t) =>
    `select c.relname, i.indisvalid from pg_class c join pg_namespace n on n.oid = c.relnamespace left join pg_index i on i.indexrelid = c.oid where n.nspname = ${lit(t.schema)} and c.relname = ${lit(t.index)}`,
  preview: (h, t) => indexPreview(h, t.schema, t.index, 'drop'),
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

const reindex = defineAction<'postgres.reindex', PgActionHandle>('postgres.reindex', {
  targetName: (t) => t.index,
  statement: (t) => `REINDEX INDEX CONCURRENTLY ${quoteIdent(t.schema)}.${quoteIdent(t.index)}`,
  suggestedCheck: (t) =>
    `select c.relname, i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = (select indrelid from pg_index where indexrelid = ${lit(`${quoteIdent(t.schema)}.${quoteIdent(t.index)}`)}::regclass)`,
  preview: (h, t) => indexPreview(h, t.schema, t.index, 'reindex'),
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

// ---------------------------------------------------------------- EXPLAIN ANALYZE of one write

const WRITE_START = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(insert|update|delete|merge|with)\b/i
const WRITE_TARGET =
  /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(insert\s+into|update|delete\s+from|merge\s+into)\s+(?:only\s+)?((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)/i

/** Validates the text and returns the one statement to wrap; INVALID_INPUT / REFUSED otherwise. */
export const explainableWrite = (sql: string): { body: string; verb: string; relation: string | null } => {
  const split = oneStatementText(sql)
  if (!split.ok)
    throw new AppFailure(
      'INVALID_INPUT',
      `EXPLAIN ANALYZE takes exactly one statement; found ${split.reason ?? 'something else'}.`
    )
  const start = WRITE_START.exec(split.body)
  if (!start?.[1])
    throw new AppFailure(
      'INVALID_INPUT',
      'Only one INSERT, UPDATE, DELETE or MERGE (optionally with WITH) can be explained with ANALYZE here.'
    )
  // ROLLBACK undoes the write itself, not what a function does outside the transaction.
  const bad = functionRefusal(split.stmt ?? {})
  if (bad) throw new AppFailure('REFUSED', `Refusing to execute it under EXPLAIN ANALYZE: ${bad}.`)
  const target = WRITE_TARGET.exec(split.body)
  return { body: split.body, verb: start[1].toLowerCase(), relation: target?.[2] ?? null }
}

/** The console's statement as it will be sent: one statement, trailing semicolons removed. */
const consoleBody = (sql: string): string => {
  const split = oneStatementText(sql)
  if (!split.ok)
    throw new AppFailure(
      'INVALID_INPUT',
      `The console runs exactly one statement; found ${split.reason ?? 'something else'}.`
    )
  return split.body
}

/** What the user types to confirm: the statement's first two words ("update public.orders", "drop index"). */
const consoleLabel = (sql: string): string =>
  consoleBody(sql)
    .replace(/^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '')
    .split(/\s+/)
    .slice(0, 2)
    .join(' ')
    .toLowerCase()

const consoleStatement = defineAction<'postgres.consoleStatement', PgActionHandle>(
  'postgres.consoleStatement',
  {
    targetName: (t) => consoleLabel(t.sql),
    statement: (t) => consoleBody(t.sql),
    suggestedCheck: () =>
      'The statement ran as typed and committed on its own: check the rows or objects it names.',
    preview: async (h, t) => {
      const body = consoleBody(t.sql)
      const write = WRITE_START.test(body)
      const facts: ActionPreview['facts'] = { statement: body }
      if (write) {
        // The planner's estimate of the rows it will touch, without running it.
        const plan = await h.readOnly(async () => {
          const [row] = await h.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${body}`)
          return row?.['QUERY PLAN']
        })
        const estimate = writeEstimate(plan)
        facts.estimated_rows = estimate.rows
        facts.top_node = estimate.topNode
      }
      return {
        summary: `Run this ${consoleLabel(t.sql).toUpperCase()} statement as typed; it commits when it succeeds.`,
        facts,
        warnings: ['There is no undo: the statement is committed on its own (autocommit).']
      }
    },
    perform: (h, _t, statement) =>
      sendOnce(h, statement, (results) => {
        const last = results.at(-1)
        return {
          outcome: 'done',
          detail: `${last?.command ?? 'OK'}${last?.rowCount === null || last?.rowCount === undefined ? '' : ` ${last.rowCount}`}`
        }
      }),
    postCheck: async () => ({
      ok: true,
      detail: 'No automatic check exists for an arbitrary statement; see the suggested check.'
    })
  }
)
const explainAnalyzeWrite = defineAction<'postgres.explainAnalyzeWrite', PgActionHandle>(
  'postgres.explainAnalyzeWrite',
  {
    targetName: (t) => {
      const w = explainableWrite(t.sql)
      return w.relation ? `${w.verb} ${w.relation}` : w.verb
    },
    // One simple-query message: the wrapper and the statement travel together, and closing the connection
    // afterwards rolls back whatever an error left open.
    statement: (t) =>
      `BEGIN; EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) ${explainableWrite(t.sql).body}; ROLLBACK;`,
    suggestedCheck: () =>
      'Nothing to check: the statement ran inside BEGIN ... ROLLBACK (only sequences may have advanced).',
    preview: async (h, t) => {
      const w = explainableWrite(t.sql)
      const plan = await h.readOnly(async () => {
        await refuseOnReplica(h)
        const [row] = await h.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${w.body}`)
        return row?.['QUERY PLAN']
      })
      const estimate = writeEstimate(plan)
      const warnings = [
        'The statement is really executed (rows are written, triggers fire, locks are taken) and then rolled back.',
        'Sequences advanced by it stay advanced; row locks are held until the rollback.'
      ]
      if (/\bnextval\s*\(/i.test(w.body))
        warnings.push('The statement calls nextval(): the sequence keeps the new value.')
      return {
        summary: `Execute the ${w.verb.toUpperCase()} under EXPLAIN ANALYZE inside a transaction that is rolled back.`,
        facts: {
          statement: w.body,
          relation: w.relation,
          estimated_rows: estimate.rows,
          estimated_cost: estimate.cost,
          top_node: estimate.topNode
        },
        warnings
      }
    },
    perform: async (h, _t, statement) => {
      const result = await sendOnce(h, statement, (results) => {
        const explain = results.find((r) => r.command === 'EXPLAIN')
        const plan = (explain?.rows[0] as Record<string, unknown> | undefined)?.['QUERY PLAN']
        return plan === undefined
          ? { outcome: 'failed', detail: 'The server returned no plan.' }
          : { outcome: 'done', detail: JSON.stringify(plan), data: plan }
      })
      // A failed EXPLAIN leaves the transaction aborted; end it before the post-check reads.
      if (result.outcome === 'failed' && result.connectionUsable)
        await h.simple('ROLLBACK').catch(() => undefined)
      return result
    },
    postCheck: async (h) => {
      // Inside an open transaction block now() is older than the statement; outside they are equal.
      const [row] = await h.query<{ closed: boolean }>('select now() = statement_timestamp() as closed')
      return row?.closed
        ? { ok: true, detail: 'No transaction is left open: the statement was rolled back.' }
        : {
            ok: false,
            detail: 'A transaction is still open on the action connection; it is closed with the connection.'
          }
    }
  }
)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The definitions, exported for this module's tests (which pass a fake opener). */
export const POSTGRES_DEFINITIONS = [
  cancelBackend,
  terminateBackend,
  vacuum,
  analyze,
  vacuumFull,
  dropIndex,
  reindex,
  explainAnalyzeWrite,
  consoleStatement
]

export const postgresActions = engineActions<PgActionHandle>(openPgAction, POSTGRES_DEFINITIONS)
