/**
 * explainLive against the real primary (:55432): plain EXPLAIN, EXPLAIN ANALYZE of a SELECT on one
 * dedicated pooled client inside BEGIN READ ONLY ... ROLLBACK, and the refusals. Tables live in
 * schema plan_it of db `app` (created and dropped here).
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppFailure } from '../../../shared/errors'
import { pgAdminUrl, pgAppUrl } from '../../testing/test-servers'
import type { PgSession } from '../types'
import { openPostgres } from './adapter'
import { explainLive } from './explain'

let admin: pg.Client
let session: PgSession

const rowCount = async (): Promise<number> =>
  Number((await admin.query<{ n: string }>('select count(*) as n from plan_it.plan_live')).rows[0]?.n)
const idleInTransaction = async (): Promise<number> =>
  Number(
    (
      await admin.query<{ n: string }>(
        "select count(*) as n from pg_stat_activity where datname = 'app' and application_name like 'dbconsole%' and state like 'idle in transaction%'"
      )
    ).rows[0]?.n
  )

beforeAll(async () => {
  admin = new pg.Client({ connectionString: pgAdminUrl(undefined, 'app') })
  await admin.connect()
  await admin.query('drop schema if exists plan_it cascade')
  await admin.query('create schema plan_it')
  await admin.query('create table plan_it.plan_live (id int primary key, v text not null)')
  await admin.query("insert into plan_it.plan_live select g, 'v' || g from generate_series(1, 1000) g")
  await admin.query('create sequence plan_it.plan_seq')
  await admin.query('analyze plan_it.plan_live')
  await admin.query(`create function plan_it.f() returns int language sql as 'select 1'`)
  await admin.query('create view plan_it.v as select plan_it.f() as x')
  await admin.query('grant usage on schema plan_it to dbconsole_app')
  await admin.query('grant select on all tables in schema plan_it to dbconsole_app')
  await admin.query('grant usage on all sequences in schema plan_it to dbconsole_app')
  // EXPLAIN of a DELETE checks the DELETE privilege (it never runs it: the session is read-only too).
  await admin.query('grant delete on plan_it.plan_live to dbconsole_app')
  session = await openPostgres({ url: pgAppUrl(), tls: { enabled: false }, purpose: 'diagnostics' })
})

afterAll(async () => {
  await session?.close()
  await admin?.query('drop schema if exists plan_it cascade')
  await admin?.end()
})

describe('explainLive', () => {
  it('plain EXPLAIN plans without executing, and is the default', async () => {
    const r = await explainLive(session, 'select * from plan_it.plan_live where id > 10')
    expect(r.mode).toBe('plan-only')
    expect(r.analysis.summary.analyzed).toBe(false)
    expect(r.analysis.summary.rootNodeType).toBe('Seq Scan')
    expect(r.analysis.nodes[0]?.node.relation).toBe('plan_live')
    expect(r.analysis.nodes[0]?.node.planRows).toBe(990)
  })

  it('plain EXPLAIN of a DELETE plans it and changes no row', async () => {
    const r = await explainLive(session, 'delete from plan_it.plan_live where id <= 500')
    expect(r.analysis.summary.rootNodeType).toBe('ModifyTable')
    expect(r.analysis.nodes[0]?.node.operation).toBe('Delete')
    expect(await rowCount()).toBe(1000)
  })

  it('EXPLAIN ANALYZE of a SELECT runs in BEGIN READ ONLY ... ROLLBACK on one client and leaves nothing behind', async () => {
    const before = await rowCount()
    const r = await explainLive(session, 'select count(*) from plan_it.plan_live where id > 10;', {
      analyze: true,
      buffers: true
    })
    expect(r.mode).toBe('read-only-transaction')
    expect(r.analysis.summary.analyzed).toBe(true)
    expect(r.analysis.summary.rootNodeType).toBe('Aggregate')
    const scan = r.analysis.nodes.find((n) => n.node.relation === 'plan_live')
    expect(scan?.node.actualRows).toBe(990)
    expect(scan?.node.actualLoops).toBe(1)
    expect(scan?.node.buffers?.sharedHit ?? 0).toBeGreaterThan(0)
    expect(await rowCount()).toBe(before)
    expect(await idleInTransaction()).toBe(0)
  })

  it('a statement that times out inside the transaction is rolled back and leaves no idle-in-transaction session', async () => {
    // pg_sleep is volatile (off the allow-list): a long count of an allowed set-returning function instead.
    const err = await explainLive(session, 'select count(*) from generate_series(1, 500000000) g', {
      analyze: true,
      statementTimeoutMs: 200
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect(String((err as Error).message)).toMatch(/statement timeout|cancel/i)
    expect(await idleInTransaction()).toBe(0)
  })

  it.each([
    ['select * from plan_it.plan_live for update', /FOR UPDATE/],
    ['select * from plan_it.plan_live for share', /FOR UPDATE \/ FOR SHARE/],
    ['select 1; select 2', /2 statements/],
    ['delete from plan_it.plan_live', /postgres\.explainAnalyzeWrite/],
    ['update plan_it.plan_live set v = v', /postgres\.explainAnalyzeWrite/],
    ["select nextval('plan_it.plan_seq')", /nextval/],
    ['with d as (delete from plan_it.plan_live returning *) select count(*) from d', /data-modifying/]
  ])('refuses EXPLAIN ANALYZE of %s', async (sql, message) => {
    const err = await explainLive(session, sql, { analyze: true }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppFailure)
    expect((err as AppFailure).code).toBe('REFUSED')
    expect((err as AppFailure).message).toMatch(message)
    expect(await rowCount()).toBe(1000)
  })

  it.each([{ analyze: true }, { analyze: false }])(
    'refuses a user view (its definition may call any function) with %o',
    async (options) => {
      const err = await explainLive(session, 'select * from plan_it.v', options).catch((e: unknown) => e)
      expect((err as AppFailure).code).toBe('REFUSED')
      expect((err as AppFailure).message).toMatch(/view "plan_it"\."v"/)
    }
  )

  it('refuses two statements even for plain EXPLAIN', async () => {
    const err = await explainLive(session, 'select 1; delete from plan_it.plan_live').catch((e: unknown) => e)
    expect((err as AppFailure).code).toBe('REFUSED')
    expect(await rowCount()).toBe(1000)
  })
})
