/**
 * The console against the real primary (:55432): each known way around "read-only" now ends in the
 * confirm path (nothing runs), ordinary DBA reads still run at once, and a scratch database with
 * standard_conforming_strings = off cannot hide a second statement. Objects live in schema sqlsafe_it
 * of db `app` and in db sqlsafe_scs (created and dropped here).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgAdminUrl, pgAppUrl, TEST_SERVERS } from '../../testing/test-servers'
import type { PgSession } from '../types'
import { openPostgres } from './adapter'
import { runPostgresConsole } from './console'

let admin: pg.Client
let session: PgSession

const checksum = async (client: pg.Client, table: string): Promise<string> =>
  (await client.query<{ s: string }>(`select count(*) || ':' || coalesce(sum(id), 0) as s from ${table}`))
    .rows[0]?.s ?? ''

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgAdminUrl(undefined, 'app') })
  await admin.connect()
  await admin.query('drop schema if exists sqlsafe_it cascade')
  await admin.query('create schema sqlsafe_it')
  await admin.query('create table sqlsafe_it.t (id int)')
  await admin.query('insert into sqlsafe_it.t values (1), (2), (3)')
  await admin.query(`create function sqlsafe_it.f() returns int language sql as 'select 1'`)
  await admin.query('create view sqlsafe_it.v as select sqlsafe_it.f() as x')
  await admin.query(`create function sqlsafe_it.lower(int) returns int language sql as 'select 1'`)
  await admin.query('create table sqlsafe_it.secured (id int)')
  await admin.query('alter table sqlsafe_it.secured enable row level security')
  await admin.query('create policy p on sqlsafe_it.secured using (sqlsafe_it.f() = 1)')
  await admin.query('grant usage on schema sqlsafe_it to dbconsole_app')
  await admin.query('grant select on all tables in schema sqlsafe_it to dbconsole_app')
  await admin.query('create extension if not exists pg_stat_statements')
  session = await openPostgres({ url: pgAppUrl(), tls: { enabled: false }, purpose: 'diagnostics' })
})

afterAll(async () => {
  await session?.close()
  await admin?.query('drop schema if exists sqlsafe_it cascade')
  await admin?.end()
})

describe('console: known bypasses go to confirm and change nothing', () => {
  it.each([
    [`select query_to_xml('select pg_terminate_backend(pg_backend_pid())', true, false, '')`, /query_to_xml/],
    [`select cursor_to_xml('c', 1, true, false, '')`, /cursor_to_xml/],
    [`select table_to_xml('sqlsafe_it.v', true, false, '')`, /table_to_xml/],
    [`select set_config('default_transaction_read_only', 'off', false)`, /set_config/],
    [`select * from pg_logical_slot_get_changes('nope', null, null)`, /pg_logical_slot_get_changes/],
    [`select pg_backup_start('x')`, /pg_backup_start/],
    [`select lo_export(lo_from_bytea(0, 'x'), '/tmp/sqlsafe-it')`, /lo_export/],
    ['select pg_catalog.pg_terminate_backend(1)', /pg_terminate_backend/],
    ['select "pg_terminate_backend"(1)', /pg_terminate_backend/],
    ['select "PG_TERMINATE_BACKEND"(1)', /PG_TERMINATE_BACKEND/],
    ['select sqlsafe_it.f()', /sqlsafe_it\.f\(\)/],
    ['select 1 operator(sqlsafe_it.+) 2', /operator sqlsafe_it/],
    ['select * from sqlsafe_it.v', /view "sqlsafe_it"\."v"/],
    ['select * from sqlsafe_it.secured', /row-level security/],
    ['select 1; delete from sqlsafe_it.t', /2 statements/],
    ['select lower(1)', /sqlsafe_it\.lower\(integer\), which is not the built-in/]
  ])('%s', async (sql, reason) => {
    const before = await checksum(admin, 'sqlsafe_it.t')
    const result = await runPostgresConsole(session, sql, 10)
    expect(result.kind).toBe('confirmation-required')
    expect(result.kind === 'confirmation-required' && result.reason).toMatch(reason)
    expect(await checksum(admin, 'sqlsafe_it.t')).toBe(before)
  })
})

describe('console: ordinary DBA reads run without confirmation', () => {
  it.each([
    'select pid, state, query from pg_stat_activity',
    'select l.locktype, a.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid',
    "select pg_size_pretty(pg_total_relation_size('sqlsafe_it.t'))",
    'select now(), count(*) from sqlsafe_it.t',
    "select table_name from information_schema.tables where table_schema = 'sqlsafe_it'",
    'select calls, query from pg_stat_statements limit 5',
    'select pid, pg_blocking_pids(pid) from pg_stat_activity'
  ])('%s', async (sql) => {
    const result = await runPostgresConsole(session, sql, 10)
    expect(result.kind).toBe('rows')
  })

  it('reads N + 1 rows from the cursor and reports the cut', async () => {
    const result = await runPostgresConsole(session, 'select g from generate_series(1, 50) g', 10)
    expect(result.kind === 'rows' && result.rows.length).toBe(10)
    expect(result.kind === 'rows' && result.truncated).toEqual({ reason: 'rows', limit: 10 })
  })

  it('leaves no transaction open after a read', async () => {
    await runPostgresConsole(session, 'select 1', 10)
    const { rows } = await admin.query<{ n: string }>(
      "select count(*) as n from pg_stat_activity where datname = 'app' and application_name like 'dbconsole%' and state like 'idle in transaction%'"
    )
    expect(Number(rows[0]?.n)).toBe(0)
  })
})

describe('readTransaction: one statement through the extended protocol', () => {
  it('the server refuses a second statement in the same text', async () => {
    const err = await session
      .readTransaction((tx) => tx.rows('select 1; delete from sqlsafe_it.t', { maxRows: 10, maxBytes: 1000 }))
      .catch((e: unknown) => e)
    expect(String((err as Error).message)).toMatch(/multiple commands/)
    expect(await checksum(admin, 'sqlsafe_it.t')).toBe('3:6')
  })

  it('runs read only: a write inside it is refused by the server', async () => {
    const err = await session
      .readTransaction((tx) =>
        tx.query('select pg_catalog.set_config($1, $2, false)', ['transaction_read_only', 'off'])
      )
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
  })
})

describe('standard_conforming_strings = off on the database', () => {
  let scratch: pg.Client
  let scs: PgSession
  beforeAll(async () => {
    await admin.query('drop database if exists sqlsafe_scs')
    await admin.query('create database sqlsafe_scs')
    await admin.query('alter database sqlsafe_scs set standard_conforming_strings = off')
    scratch = new pg.Client({ connectionString: pgAdminUrl(undefined, 'sqlsafe_scs') })
    await scratch.connect()
    await scratch.query('create table t (id int)')
    await scratch.query('insert into t values (1), (2)')
    await scratch.query('grant select, delete on t to dbconsole_app')
    scs = await openPostgres({
      url: pgAppUrl(TEST_SERVERS.pgPrimaryPort, 'sqlsafe_scs'),
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
  })
  afterAll(async () => {
    await scs?.close()
    await scratch?.end()
    await admin.query('drop database if exists sqlsafe_scs')
  })

  it("a literal with \\' hiding '; DELETE' is one literal for the server too, and deletes nothing", async () => {
    // With the database default (off) the server would read: select 'a''' ; delete from t; --'
    const sql = "select 'a\\'' ; delete from t; --' as v"
    const result = await runPostgresConsole(scs, sql, 10)
    expect(result.kind).toBe('rows')
    expect(result.kind === 'rows' && result.rows[0]?.[0]).toBe("a\\' ; delete from t; --")
    expect(await checksum(scratch, 't')).toBe('2:3')
  })
})
