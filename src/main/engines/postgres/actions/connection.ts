/**
 * The action connection: its own client opened with purpose 'action' (application_name 'dbconsole action',
 * never the diagnostics pool), verified, and closed after the one action. Preview and post-check probes
 * run inside `BEGIN READ ONLY`, so the server itself refuses a probe that would write.
 */
import pg from 'pg'
import type { ActionId } from '../../../../shared/actions'
import { markedOwn } from '../../../diagnostics/postgres/own-statements'
import { mapDriverError } from '../../map-error'
import type { ConnectInfo, EngineConnection } from '../../action-kit'
import { buildPoolConfig, pgServerAddress } from '../adapter'
import { PG_TIMEOUTS, sessionSettings, startupOptions } from '../guardrails'
import { verifySession } from '../verify-session'
import { readServerIdentity } from './identity'

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
  'postgres.reindex': { statementMs: 60 * 60_000, lockMs: 10_000 },
  'postgres.createIndex': { statementMs: 60 * 60_000, lockMs: 10_000 }
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
      // The previews' reads are ours (marked); the confirmed statement itself goes through `simple` as typed.
      return (await client.query<R>(markedOwn(sql, 'action'), params)).rows
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
    identity: () => readServerIdentity(query, where),
    close: async () => {
      await client.end().catch(() => undefined)
    }
  }
}
