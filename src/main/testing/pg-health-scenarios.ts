/**
 * Conditions induced for real on the test servers of scripts/pg-up.sh, shared by health.int.test.ts and
 * scripts/record-fixtures/postgres.ts. Every scenario lives in its own scratch database
 * (`health_t_<random>`) so that concurrent suites never see each other's tables; server-wide changes
 * (replay pause, slots) are undone by the caller in `finally`.
 */
import { randomBytes } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import pg from 'pg'
import { pgAdminUrl, pgAppUrl, TEST_SERVERS } from './test-servers'

export interface ScratchDb {
  name: string
  /** Superuser connection into the scratch database. */
  admin: pg.Client
  appUrl: (port?: number) => string
  /** Another superuser connection (for blocking/idle scenarios). */
  connect: () => Promise<pg.Client>
  drop: () => Promise<void>
}

const client = async (url: string): Promise<pg.Client> => {
  const c = new pg.Client({ connectionString: url, application_name: 'dbconsole health test' })
  c.on('error', () => undefined) // terminated on drop: must not crash the runner
  await c.connect()
  return c
}

export const createScratchDb = async (prefix = 'health_t'): Promise<ScratchDb> => {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`
  const root = await client(pgAdminUrl())
  await root.query(`create database ${name}`)
  await root.end()
  const admin = await client(pgAdminUrl(TEST_SERVERS.pgPrimaryPort, name))
  await admin.query('create extension if not exists pg_stat_statements')
  await admin.query('create extension if not exists pgstattuple')
  // The app role reads pg_stats only for columns it may SELECT: grant it, as a DBA would for monitoring.
  await admin.query('alter default privileges in schema public grant select on tables to dbconsole_app')
  const extra: pg.Client[] = []
  return {
    name,
    admin,
    appUrl: (port = TEST_SERVERS.pgPrimaryPort) => pgAppUrl(port, name),
    connect: async () => {
      const c = await client(pgAdminUrl(TEST_SERVERS.pgPrimaryPort, name))
      extra.push(c)
      return c
    },
    drop: async () => {
      for (const c of [...extra, admin]) await c.end().catch(() => undefined)
      const r = await client(pgAdminUrl())
      await r.query(`drop database if exists ${name} with (force)`).catch(() => undefined)
      await r.end()
    }
  }
}

/** Autovacuum off on the table, every row updated twice, then ANALYZE (which does not remove dead rows). */
export const induceDeadTuples = async (db: ScratchDb, table = 'churn'): Promise<void> => {
  await db.admin.query(
    `create table ${table} (id int primary key, n int, payload text) with (autovacuum_enabled = false)`
  )
  await db.admin.query(`insert into ${table} select g, 0, repeat('x', 80) from generate_series(1, 100000) g`)
  await db.admin.query(`update ${table} set n = n + 1`)
  await db.admin.query(`update ${table} set n = n + 1`)
  // PG 15 backends report table counters lazily (at most once a second), and ANALYZE then overwrites the
  // dead-row count with its own estimate: flush first and wait until the updates show, then ANALYZE.
  await db.admin.query('select pg_stat_force_next_flush()')
  for (let i = 0; i < 50; i++) {
    await db.admin.query('select 1')
    const { rows } = await db.admin.query<{ n: string }>(
      'select n_dead_tup as n from pg_stat_user_tables where relname = $1',
      [table]
    )
    if (Number(rows[0]?.n ?? 0) >= 200_000) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await db.admin.query(`analyze ${table}`)
  await db.admin.query('select pg_stat_force_next_flush()')
  await db.admin.query('select 1')
}

/** A table with an index no query uses, and an exact duplicate of another index. */
export const induceIndexProblems = async (db: ScratchDb): Promise<void> => {
  await db.admin.query(`create table idx_t (id int primary key, a int, b int, c int)`)
  await db.admin.query(`insert into idx_t select g, g % 1000, g % 777, g from generate_series(1, 50000) g`)
  await db.admin.query(`create index idx_t_never on idx_t (b)`)
  await db.admin.query(`create index idx_t_a on idx_t (a)`)
  await db.admin.query(`create index idx_t_a_copy on idx_t (a)`)
  await db.admin.query(`create index idx_t_a_c on idx_t (a, c)`)
  await db.admin.query(`analyze idx_t`)
}

/** A failed CREATE UNIQUE INDEX CONCURRENTLY over duplicate values leaves an invalid index behind. */
export const induceInvalidIndex = async (db: ScratchDb): Promise<void> => {
  await db.admin.query(`create table inv_t (v int)`)
  await db.admin.query(`insert into inv_t select g % 10 from generate_series(1, 1000) g`)
  await db.admin.query(`create unique index concurrently inv_t_v on inv_t (v)`).then(
    () => {
      throw new Error('expected the unique build to fail')
    },
    () => undefined
  )
}

/** A statement made slow with pg_sleep, called more often than the rule's minimum. */
export const induceSlowQuery = async (db: ScratchDb, calls = 12, seconds = 0.12): Promise<void> => {
  for (let i = 0; i < calls; i++) await db.admin.query('select pg_sleep($1)', [seconds])
}

export interface Held {
  blockerPid: number
  waiterPid: number
  release: () => Promise<void>
}

/**
 * Session A takes a row lock and stays idle in transaction; session B waits for the same row.
 * The caller waits as long as the thresholds need, then releases.
 */
export const induceBlocking = async (db: ScratchDb): Promise<Held> => {
  await db.admin.query(`create table lock_t (id int primary key, v int)`)
  await db.admin.query(`insert into lock_t values (1, 0)`)
  const a = await db.connect()
  const b = await db.connect()
  const [{ pid: blockerPid }] = (await a.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [
    { pid: number }
  ]
  const [{ pid: waiterPid }] = (await b.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [
    { pid: number }
  ]
  await a.query('begin')
  await a.query('update lock_t set v = v + 1 where id = 1')
  const waiting = b.query('update lock_t set v = v + 10 where id = 1').catch(() => undefined)
  // Wait until B is really waiting on A.
  for (let i = 0; i < 50; i++) {
    const r = await db.admin.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where pid = $1 and wait_event_type = 'Lock'`,
      [waiterPid]
    )
    if ((r.rows[0]?.n ?? 0) > 0) break
    await sleep(100)
  }
  return {
    blockerPid,
    waiterPid,
    release: async () => {
      await a.query('rollback').catch(() => undefined)
      await waiting
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Write about `mb` MiB of WAL into the scratch database. */
export const writeWal = async (db: ScratchDb, mb: number): Promise<void> => {
  await db.admin.query(`create table if not exists wal_t (id bigint, payload text)`)
  await db.admin.query(`insert into wal_t select g, repeat('w', 200) from generate_series(1, $1::int) g`, [
    Math.ceil((mb * 1024 * 1024) / 260)
  ])
}

/** A clean database: a used index, analyzed, vacuumed; nothing a DBA should act on. */
export const makeClean = async (db: ScratchDb): Promise<void> => {
  await db.admin.query(`create table clean_t (id int primary key, v int)`)
  await db.admin.query(`create index clean_t_v on clean_t (v)`)
  await db.admin.query(`insert into clean_t select g, g from generate_series(1, 2000) g`)
  await db.admin.query(`vacuum analyze clean_t`)
  await db.admin.query(`set enable_seqscan = off`)
  await db.admin.query(`select * from clean_t where v = 42`)
  await db.admin.query(`select * from clean_t where id = 42`)
  await db.admin.query(`reset enable_seqscan`)
  await flushStats(db)
}

/**
 * Schema hazards: a serial at 93 % of int4 and a smallint identity at 76 % (both readable by the app
 * role), one int4 sequence the app role may not read, a NOT VALID foreign key and check, that foreign
 * key without an index (next to one with an index), a published table without a key and an unpublished one.
 */
export const induceSchemaProblems = async (db: ScratchDb): Promise<void> => {
  await db.admin.query(`create table orders_seq (id serial primary key, note text)`)
  await db.admin.query(`select setval('orders_seq_id_seq', 2000000000)`)
  await db.admin.query(`create table small_counter (id smallint generated always as identity primary key)`)
  await db.admin.query(`select setval(pg_get_serial_sequence('small_counter', 'id'), 25000)`)
  await db.admin.query(`create table hidden_seq (id serial primary key)`)
  await db.admin.query(`grant select on sequence orders_seq_id_seq to dbconsole_app`)
  await db.admin.query(`grant select on sequence small_counter_id_seq to dbconsole_app`)
  await db.admin.query(`revoke all on sequence hidden_seq_id_seq from dbconsole_app`)
  await db.admin.query(`create table parent (id int primary key)`)
  await db.admin.query(`insert into parent select generate_series(1, 10)`)
  await db.admin.query(`create table child (id int primary key, parent_id int)`)
  await db.admin.query(`insert into child select g, 1 + g % 10 from generate_series(1, 20000) g`)
  await db.admin.query(
    `alter table child add constraint child_parent_fk foreign key (parent_id) references parent (id) not valid`
  )
  await db.admin.query(`alter table child add constraint child_id_positive check (id > 0) not valid`)
  await db.admin.query(
    `create table child_indexed (id int primary key, parent_id int references parent (id))`
  )
  await db.admin.query(`create index child_indexed_parent on child_indexed (parent_id)`)
  await db.admin.query(`create table events_nopk (at timestamptz, payload text)`)
  await db.admin.query(`create publication dbc_events for table events_nopk`)
  await db.admin.query(`create table log_nopk (line text)`)
  await db.admin.query(`analyze child`)
}

/** PG 15+ defers a backend's statistics flush up to 10 s; force it so the next check sees them. */
export const flushStats = async (db: ScratchDb): Promise<void> => {
  await db.admin.query('select pg_stat_force_next_flush()')
  await db.admin.query('select 1')
}

/** Admin client on the replica (superuser, trust over TCP). */
export const replicaAdmin = (db = 'postgres'): Promise<pg.Client> =>
  client(pgAdminUrl(TEST_SERVERS.pgReplicaPort, db))

/** Wait until the replica has the scratch database (CREATE DATABASE replayed). */
export const waitForReplicaDb = async (name: string): Promise<void> => {
  const r = await replicaAdmin()
  try {
    for (let i = 0; i < 100; i++) {
      const res = await r.query('select 1 from pg_database where datname = $1', [name])
      if (res.rowCount) return
      await sleep(100)
    }
    throw new Error(`database ${name} never reached the replica`)
  } finally {
    await r.end()
  }
}

export interface Running {
  /** The backend running the maintenance command. */
  pid: number
  /** Ends it on the server (pg_terminate_backend) and waits for its statement to settle. */
  stop: () => Promise<void>
}

/** Poll pg_stat_activity/progress through the admin connection until `sql` returns a row. */
const waitForRow = async (db: ScratchDb, what: string, sql: string, params: unknown[]): Promise<void> => {
  for (let i = 0; i < 100; i++) {
    if ((await db.admin.query(sql, params)).rowCount) return
    await sleep(100)
  }
  throw new Error(`timed out waiting for ${what}`)
}

const terminate = async (db: ScratchDb, pids: number[]): Promise<void> => {
  await db.admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) pid', [pids])
}

const backendPid = async (c: pg.Client): Promise<number> =>
  Number((await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid)

/**
 * VACUUM or ANALYZE of a 100,000-row table slowed by cost-based delay (a sleep after every page) in its
 * own session, so that its progress row can be caught live; `stop` terminates it.
 */
export const induceSlowMaintenance = async (
  db: ScratchDb,
  command: 'vacuum' | 'analyze'
): Promise<Running> => {
  const table = `slow_${command}`
  await db.admin.query(`create table ${table} (id int, payload text) with (autovacuum_enabled = false)`)
  await db.admin.query(`insert into ${table} select g, repeat('p', 100) from generate_series(1, 100000) g`)
  await db.admin.query(`delete from ${table} where id % 2 = 0`)
  const worker = await db.connect()
  const pid = await backendPid(worker)
  await worker.query('set vacuum_cost_delay = 20')
  await worker.query('set vacuum_cost_limit = 1')
  const running = worker.query(`${command} ${table}`).catch(() => undefined)
  // Caught once it has done some of its pages, so that its share done is neither 0 nor 1.
  const [view, scanned] =
    command === 'vacuum'
      ? ['pg_stat_progress_vacuum', 'heap_blks_scanned']
      : ['pg_stat_progress_analyze', 'sample_blks_scanned']
  await waitForRow(db, `${command} progress`, `select 1 from ${view} where pid = $1 and ${scanned} > 10`, [
    pid
  ])
  return {
    pid,
    stop: async () => {
      await terminate(db, [pid])
      await running
    }
  }
}

/**
 * CREATE INDEX CONCURRENTLY held in its last "waiting for old snapshots" phase by a repeatable-read
 * transaction of the test's own (a snapshot older than the build); `stop` terminates both backends.
 */
export const induceBlockedIndexBuild = async (db: ScratchDb): Promise<Running & { holderPid: number }> => {
  await db.admin.query(`create table cic_t (id int, v int)`)
  await db.admin.query(`insert into cic_t select g, g % 100 from generate_series(1, 20000) g`)
  const holder = await db.connect()
  const builder = await db.connect()
  const holderPid = await backendPid(holder)
  const pid = await backendPid(builder)
  await holder.query('begin isolation level repeatable read')
  await holder.query('select count(*) from cic_t')
  const building = builder.query('create index concurrently cic_t_v on cic_t (v)').catch(() => undefined)
  await waitForRow(
    db,
    'the index build to wait',
    `select 1 from pg_stat_progress_create_index where pid = $1 and phase like 'waiting for%' and current_locker_pid = $2`,
    [pid, holderPid]
  )
  return {
    pid,
    holderPid,
    stop: async () => {
      await terminate(db, [pid, holderPid])
      await building
    }
  }
}

/**
 * On a cluster of the caller's own (never the shared one: it needs a restart): archive_mode on with an
 * archive_command that always fails, a switched WAL segment it failed to archive, then max_connections
 * changed and reloaded, which only a restart applies. Resolves once pg_stat_archiver counts a failure.
 */
export const induceFailingArchiver = async (own: {
  primaryPort: number
  configure(lines: string[]): Promise<void>
  restart(): Promise<void>
}): Promise<void> => {
  await own.configure(['archive_mode = on', "archive_command = 'false'"])
  await own.restart()
  const admin = await client(pgAdminUrl(own.primaryPort, 'postgres'))
  try {
    await admin.query('create table if not exists archived_t (id int)')
    await admin.query('insert into archived_t select generate_series(1, 1000)')
    await admin.query('select pg_switch_wal()')
    for (let i = 0; ; i++) {
      const { rows } = await admin.query<{ n: string }>('select failed_count as n from pg_stat_archiver')
      if (Number(rows[0]?.n ?? 0) > 0) break
      if (i > 100) throw new Error('the archiver never reported a failure')
      await sleep(100)
    }
    await own.configure(['max_connections = 110'])
    for (let i = 0; ; i++) {
      const { rows } = await admin.query<{ p: boolean }>(
        `select pending_restart as p from pg_settings where name = 'max_connections'`
      )
      if (rows[0]?.p) break
      if (i > 100) throw new Error('max_connections never became pending_restart')
      await sleep(100)
    }
  } finally {
    await admin.end()
  }
}

/** A 2 MiB table written once and analyzed, never read (no scan of any kind), next to the clean one. */
export const induceUnusedTable = async (db: ScratchDb): Promise<void> => {
  await db.admin.query(`create table unused_t (id int, payload text)`)
  await db.admin.query(`insert into unused_t select g, repeat('u', 80) from generate_series(1, 20000) g`)
  await db.admin.query(`analyze unused_t`)
  await flushStats(db)
}

/** This machine's first non-loopback IPv4 address, where a server of our own can be reached "remotely". */
export const ownNetworkAddress = (): string => {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
  if (!found) throw new Error('this machine has no non-loopback IPv4 address to connect through')
  return found.address
}

/**
 * A cluster of the caller's own made to accept password connections on this machine's network address
 * (listen_addresses '*' and a pg_hba line for it; it has no certificate, so ssl stays off). The change
 * takes effect at the caller's next restart.
 */
export const listenOnNetwork = async (own: {
  base: string
  configure(lines: string[]): Promise<void>
}): Promise<string> => {
  const address = ownNetworkAddress()
  appendFileSync(`${own.base}/primary/pg_hba.conf`, `host all all ${address}/32 scram-sha-256\n`)
  await own.configure(["listen_addresses = '*'"])
  return address
}
