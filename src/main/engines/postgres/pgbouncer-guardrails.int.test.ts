/**
 * The diagnostics session through a real PgBouncer (scripts/pgbouncer-up.sh) in transaction mode, where
 * session SETs do not stick to the client: PgBouncer refuses the startup options, so the session sets
 * its guardrails in every transaction. The adversary shares the one server connection of a pool_size=1
 * pool (the `*` pool, reached through this suite's own scratch database) and leaves it poisoned with
 * session SETs that undo every guardrail; the session still refuses writes and keeps its timeouts.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createScratchDb, type ScratchDb } from '../../testing/pg-health-scenarios'
import { pgAppUrl, TEST_SERVERS } from '../../testing/test-servers'
import { openPgAction } from './actions'
import { openPostgres } from './adapter'
import type { PgSession } from '../types'

const BOUNCER = TEST_SERVERS.pgbouncerPort
let db: ScratchDb
let adversary: pg.Client
let session: PgSession

const plainClient = async (url: string): Promise<pg.Client> => {
  const c = new pg.Client({ connectionString: url })
  c.on('error', () => undefined)
  await c.connect()
  return c
}

const one = async <R>(c: pg.Client, sql: string): Promise<R> => (await c.query(sql)).rows[0] as R

interface Seen extends Record<string, unknown> {
  pid: number
  st: string
  lt: string
  ro: string
  scs: string
}
const SEEN_SQL = `select pg_backend_pid() as pid, current_setting('statement_timeout') as st,
  current_setting('lock_timeout') as lt, current_setting('transaction_read_only') as ro,
  current_setting('standard_conforming_strings') as scs`

beforeAll(async () => {
  db = await createScratchDb('pgbg')
  await db.admin.query('create table victim (id int)')
  await db.admin.query('grant all on victim to dbconsole_app')
  adversary = await plainClient(db.appUrl(BOUNCER))
  // Session SETs in autocommit: in transaction mode they stay on the server connection the pool lends next.
  await adversary.query(
    `set statement_timeout = 0; set lock_timeout = 0; set default_transaction_read_only = off;
     set standard_conforming_strings = off`
  )
  session = await openPostgres({ url: db.appUrl(BOUNCER), tls: { enabled: false }, purpose: 'diagnostics' })
})

afterAll(async () => {
  await session?.close()
  await adversary?.end().catch(() => undefined)
  await db.admin.query(
    `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
  )
  await db.drop()
})

describe('guardrails per transaction through PgBouncer (transaction mode)', () => {
  it('falls back to per-transaction guardrails because PgBouncer refuses the startup options', async () => {
    expect(session.guardrailScope).toBe('transaction')
    const failure = await openPgAction(
      { url: db.appUrl(BOUNCER), tls: { enabled: false } },
      'postgres.vacuum'
    ).catch((err: unknown) => err)
    // Action sessions never fall back: their timeouts must hold outside a transaction (VACUUM).
    expect(String((failure as Error).message)).toMatch(/unsupported startup parameter: options/)
  })

  it('shares the poisoned server connection with the adversary and still holds every guardrail', async () => {
    const poisoned = await one<Seen>(adversary, SEEN_SQL)
    // The attack is real: the adversary's server connection runs without any guardrail.
    expect(poisoned).toMatchObject({ st: '0', lt: '0', ro: 'off', scs: 'off' })
    const [ours] = await session.query<Seen>(SEEN_SQL)
    expect(ours?.pid).toBe(poisoned.pid)
    expect(ours).toMatchObject({ st: '30s', lt: '1s', ro: 'on', scs: 'on' })
    // And ours end with each transaction: the next client of the server connection gets its own state back.
    expect(await one<Seen>(adversary, SEEN_SQL)).toMatchObject({ pid: poisoned.pid, st: '0', ro: 'off' })
  })

  it('refuses a write on the shared server connection, also one smuggled after a COMMIT', async () => {
    await expect(session.query('insert into victim values (1)')).rejects.toThrow(/read-only transaction/)
    await expect(session.query('commit; insert into victim values (2)')).rejects.toThrow(
      /cannot insert multiple commands/
    )
    await expect(
      session.readTransaction((tx) => tx.query('insert into victim values (3)', []))
    ).rejects.toThrow(/read-only transaction/)
    expect(await one<{ n: string }>(db.admin, 'select count(*) as n from victim')).toEqual({ n: '0' })
  })

  it('keeps statement_timeout on the shared server connection: a sleep is cancelled by the server', async () => {
    const started = Date.now()
    const failure = await session
      .readTransaction((tx) => tx.query('select pg_sleep(5)', []), { statementTimeoutMs: 300 })
      .catch((err: unknown) => err)
    expect(failure).toMatchObject({ code: 'TIMEOUT' })
    expect(Date.now() - started).toBeLessThan(3_000)
    const [after] = await session.query<Seen>(SEEN_SQL)
    expect(after).toMatchObject({ pid: (await one<Seen>(adversary, SEEN_SQL)).pid, st: '30s', ro: 'on' })
  })

  it('refuses a statement-mode pool (no transaction can carry the guardrails) with UNSAFE_SESSION', async () => {
    const failure = await openPostgres({
      url: pgAppUrl(BOUNCER, 'dbc_stmt'),
      tls: { enabled: false },
      purpose: 'diagnostics'
    }).catch((err: unknown) => err)
    expect(failure).toMatchObject({ code: 'UNSAFE_SESSION' })
    expect((failure as Error).message).toContain('transaction blocks not allowed in statement pooling mode')
  })
})
