/**
 * Conditions on the real PgBouncer of scripts/pgbouncer-up.sh. A scratch database (createScratchDb) is
 * reached through its `*` pool: transaction mode, pool_size 1, so one held transaction saturates it.
 */
import pg from 'pg'
import { waitUntil } from './own-servers'
import type { ScratchDb } from './pg-health-scenarios'
import { TEST_SERVERS } from './test-servers'

/** The app role's URL of the primary with the PgBouncer admin console named (`?pgbouncer=`). */
export const withPgBouncerAdmin = (url: string): string =>
  `${url}${url.includes('?') ? '&' : '?'}pgbouncer=127.0.0.1:${TEST_SERVERS.pgbouncerPort}`

/** The admin console as its admin user (postgres), for the scenarios' own SHOW POOLS. */
export const pgbouncerAdminClient = async (): Promise<pg.Client> => {
  const c = new pg.Client({
    host: '127.0.0.1',
    port: TEST_SERVERS.pgbouncerPort,
    user: 'postgres',
    password: TEST_SERVERS.pgbouncerAdminPassword,
    database: 'pgbouncer'
  })
  c.on('error', () => undefined)
  await c.connect()
  return c
}

const bouncedClient = async (db: ScratchDb): Promise<pg.Client> => {
  const c = new pg.Client({ connectionString: db.appUrl(TEST_SERVERS.pgbouncerPort) })
  c.on('error', () => undefined)
  await c.connect()
  return c
}

export interface SaturatedPool {
  /** database/user of the saturated pool, as SHOW POOLS names it. */
  pool: string
  /** Commit the held transaction, let the waiting client through, close both. */
  release: () => Promise<void>
}

/**
 * One client holds the pool's only server connection in an open transaction; a second sends a query
 * and waits, until SHOW POOLS shows it waiting for at least `waitMs`.
 */
export const saturatePool = async (db: ScratchDb, waitMs = 1_200): Promise<SaturatedPool> => {
  const holder = await bouncedClient(db)
  const waiter = await bouncedClient(db)
  await holder.query('begin; select 1')
  const waiting = waiter.query('select 1').catch(() => undefined)
  const admin = await pgbouncerAdminClient()
  try {
    await waitUntil(
      `a waiting client in ${db.name}`,
      async () => {
        const { rows } = await admin.query('SHOW POOLS')
        const pool = (
          rows as { database: string; cl_waiting: number; maxwait: number; maxwait_us: number }[]
        ).find((r) => r.database === db.name)
        return (
          pool !== undefined && pool.cl_waiting > 0 && pool.maxwait * 1000 + pool.maxwait_us / 1000 >= waitMs
        )
      },
      waitMs + 10_000
    )
  } finally {
    await admin.end()
  }
  return {
    pool: `${db.name}/dbconsole_app`,
    release: async () => {
      await holder.query('commit').catch(() => undefined)
      await waiting
      await Promise.all([holder.end(), waiter.end()].map((p) => p.catch(() => undefined)))
    }
  }
}
