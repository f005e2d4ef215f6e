import pg from 'pg'
import type { ServerDescription, TopologyNode } from '../../../shared/connection'
import { parseConnectionUrl, DEFAULT_PORTS } from '../../support/connection-url'
import { redact } from '../../../shared/redact'
import { callSignal, throwIfCancelled } from '../../support/call-scope'
import { DIAGNOSTIC_CONNECTIONS, WORK_QUEUE } from '../../support/connection-budget'
import { Lane } from '../../support/lane'
import { markedOwn } from '../../diagnostics/postgres/own-statements'
import { mapDriverError } from '../map-error'
import { nodeTlsOptions } from '../tls-options'
import type { ConnectTarget, PgReadTransaction, PgSession } from '../types'
import { sendCancelRequest, type BackendKey } from './cancel-request'
import { PG_APPLICATION_NAME, PG_TIMEOUTS, sessionSettings, startupOptions } from './guardrails'
import { openPgBouncerConsole, pgbouncerAdminOf } from './pgbouncer/admin-console'
import { readCapped } from './read-capped'
import { guardedBegin, isStartupOptionsRefused, type GuardrailScope } from './transaction-guardrails'
import { verifyPerTransaction, verifySession } from './verify-session'

/** Client-side read timeout of ping and describe (the poll budget of D1: <= 5 s). */
export const PG_LIVENESS_TIMEOUT_MS = 5_000

interface IdentityRow extends Record<string, unknown> {
  version: string
  in_recovery: boolean
  system_identifier: string | null
  address: string | null
  port: number | null
}

export const buildPoolConfig = (target: ConnectTarget, scope: GuardrailScope = 'session'): pg.PoolConfig => {
  const url = parseConnectionUrl('postgres', target.url)
  const host = url.hosts[0]
  const sslmode = url.params.get('sslmode')
  const tlsOn =
    target.tls.enabled ||
    (sslmode !== null && sslmode !== 'disable' && sslmode !== 'prefer' && sslmode !== 'allow')
  return {
    // Through a tunnel the socket goes to its local forward; TLS still checks the server's own name.
    host: target.via?.host ?? host?.host,
    port: target.via?.port ?? host?.port ?? DEFAULT_PORTS.postgres,
    user: url.user ?? 'postgres',
    password: url.password ?? undefined,
    database: url.path || undefined,
    application_name: PG_APPLICATION_NAME[target.purpose],
    // Per transaction, the guardrails are SET LOCAL in each transaction instead (transaction-guardrails.ts).
    ...(scope === 'session'
      ? { options: startupOptions(sessionSettings(target.purpose === 'diagnostics')) }
      : {}),
    max: 1,
    connectionTimeoutMillis: PG_TIMEOUTS.connectMs,
    // Client-side backstop: a blackholed socket never answers, so the server-side timeout cannot fire.
    query_timeout: PG_TIMEOUTS.statementMs + 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 5_000,
    ssl: tlsOn ? nodeTlsOptions(target.tls, host?.host) : false
  }
}

/** host:port of the server as the URL names it (not the tunnel's local forward). */
export const pgServerAddress = (target: { url: string }): string => {
  const host = parseConnectionUrl('postgres', target.url).hosts[0]
  return `${host?.host ?? 'localhost'}:${host?.port ?? DEFAULT_PORTS.postgres}`
}

/**
 * A diagnostics session with its guardrails as startup options; through a pooler that refuses them
 * (PgBouncer), one whose every transaction sets them itself. Action sessions never fall back: VACUUM
 * and the CONCURRENTLY builds cannot run inside a transaction, so their timeouts must hold per session.
 */
export const openPostgres = async (target: ConnectTarget): Promise<PgSession> => {
  try {
    return await openScoped(target, 'session')
  } catch (err) {
    if (target.purpose !== 'diagnostics' || !isStartupOptionsRefused(err)) throw err
    return openScoped(target, 'transaction')
  }
}

const openScoped = async (target: ConnectTarget, scope: GuardrailScope): Promise<PgSession> => {
  const config = buildPoolConfig(target, scope)
  // A malformed ?pgbouncer= fails the connect (INVALID_INPUT) rather than every later check.
  const bouncer = pgbouncerAdminOf(target.url)
  const address = pgServerAddress(target)
  const where = `PostgreSQL ${address}`
  const settings = sessionSettings(target.purpose === 'diagnostics')
  const makePool = (max: number): pg.Pool => {
    // Every new pooled connection, reconnects included; on failure pg-pool ends it and connect() rejects.
    const pool = new pg.Pool({
      ...config,
      max,
      onConnect: (client) =>
        scope === 'session'
          ? verifySession(client, settings, where)
          : verifyPerTransaction(client, settings, where)
    })
    // An idle client whose backend is terminated emits 'error' on the pool; unhandled, it would kill main.
    pool.on('error', (err) => {
      console.warn(`[dbconsole] ${where}: idle connection lost: ${redact(err.message)}`)
    })
    return pool
  }
  // The profile's budget (support/connection-budget.ts): liveness has its own connection, so a ping never
  // waits behind user work; user work shares one connection behind a bounded queue whose overflow and
  // waits are BUSY (our own queue), not TIMEOUT (the server).
  const workPool = makePool(DIAGNOSTIC_CONNECTIONS.work)
  const livePool = makePool(DIAGNOSTIC_CONNECTIONS.liveness)
  const workLane = new Lane(
    { slots: DIAGNOSTIC_CONNECTIONS.work, ...WORK_QUEUE },
    `The diagnostics connection of ${where}`
  )

  /**
   * One pooled client for `work`. Inside a call that can be cancelled, cancelling sends the server a
   * cancel request for this client's backend, so the statement stops on the server too. A client that
   * failed is destroyed rather than returned: it may be mid-transaction or broken.
   */
  const onPooledClient = async <T>(
    work: (client: pg.PoolClient, markBroken: (err: unknown) => void) => Promise<T>,
    lane: 'work' | 'liveness' = 'work'
  ): Promise<T> => {
    throwIfCancelled()
    if (lane === 'liveness') return onClient(livePool, work)
    const release = await workLane.acquire()
    try {
      throwIfCancelled()
      return await onClient(workPool, work)
    } finally {
      release()
    }
  }

  const onClient = async <T>(
    pool: pg.Pool,
    work: (client: pg.PoolClient, markBroken: (err: unknown) => void) => Promise<T>
  ): Promise<T> => {
    const client = await pool.connect()
    const signal = callSignal()
    const key = client as unknown as BackendKey
    const cancel = () => {
      sendCancelRequest(
        { host: config.host ?? 'localhost', port: config.port ?? DEFAULT_PORTS.postgres },
        key
      ).catch((err: unknown) =>
        console.warn(`[dbconsole] ${where}: cancel request failed: ${redact(String(err))}`)
      )
    }
    signal?.addEventListener('abort', cancel, { once: true })
    let failed: Error | undefined
    const markBroken = (err: unknown) => {
      failed ??= err instanceof Error ? err : new Error(String(err))
    }
    // A checked-out client's socket errors are ours to hear (the pool only listens to idle ones):
    // unheard, a reset mid-result is an uncaught exception that kills main. The query rejects as well.
    client.on('error', markBroken)
    try {
      return await work(client, markBroken)
    } catch (err) {
      markBroken(err)
      throw err
    } finally {
      signal?.removeEventListener('abort', cancel)
      client.off('error', markBroken)
      client.release(failed)
    }
  }

  // Liveness reads carry a client-side bound (a blackholed socket never answers, and the pool-wide
  // backstop is statement_timeout + 5 s = 35 s, too slow to show a dead network: R4 <= 15 s).
  const run = async <R extends Record<string, unknown>>(
    sql: string,
    params: unknown[] | undefined,
    lane: 'work' | 'liveness'
  ): Promise<R[]> => {
    const once = async () => {
      // Marked as ours, so that pg_stat_statements lists can leave dbconsole's own statements out.
      const q: pg.QueryConfig & { query_timeout?: number } = {
        text: markedOwn(sql, 'diagnostics'),
        values: params
      }
      if (lane === 'liveness') q.query_timeout = PG_LIVENESS_TIMEOUT_MS
      if (scope === 'session') return onPooledClient(async (client) => (await client.query<R>(q)).rows, lane)
      // Per transaction: one statement (extended protocol: no `COMMIT; ...` can ride along) between a
      // guarded BEGIN and ROLLBACK, all on the server connection the pooler lends for this transaction.
      return onPooledClient(async (client, markBroken) => {
        await client.query({ text: guardedBegin(settings), query_timeout: q.query_timeout } as pg.QueryConfig)
        try {
          const statement = { ...q, values: params ?? [], queryMode: 'extended' as const }
          return (await client.query<R>(statement)).rows
        } finally {
          await client.query('ROLLBACK').catch(markBroken)
        }
      }, lane)
    }
    try {
      return await once()
    } catch (err) {
      // A pooled connection whose backend was terminated fails once; the statement is read-only on a
      // read-only session, so one retry on a fresh connection is safe. Action sessions never retry.
      if (target.purpose !== 'diagnostics' || !isLostConnection(err)) throw mapDriverError(err, where)
      try {
        return await once()
      } catch (again) {
        throw mapDriverError(again, where)
      }
    }
  }
  const query = <R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> =>
    run<R>(sql, params, 'work')
  const liveQuery = <R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> =>
    run<R>(sql, params, 'liveness')

  const readTransaction = <T>(
    fn: (tx: PgReadTransaction) => Promise<T>,
    options: { statementTimeoutMs?: number } = {}
  ): Promise<T> =>
    onPooledClient(async (client, markBroken) => {
      const timeout = Math.max(
        1,
        Math.min(Math.trunc(options.statementTimeoutMs ?? PG_TIMEOUTS.statementMs), PG_TIMEOUTS.statementMs)
      )
      // Every guardrail SET LOCAL (held through a transaction pooler too), in one round trip.
      await client.query(guardedBegin(settings, { statement_timeout: String(timeout) }))
      try {
        return await fn({
          query: async <R extends Record<string, unknown>>(sql: string, values: unknown[]) => {
            // Parse/Bind/Execute even with no values: one statement, never a simple-query string.
            const q: pg.QueryConfig & { queryMode: 'extended' } = { text: sql, values, queryMode: 'extended' }
            return (await client.query<R>(q)).rows
          },
          rows: (sql, limits) => readCapped(client, sql, limits)
        })
      } finally {
        // Always end the transaction, also after an error; a client that cannot is not reused.
        await client.query('ROLLBACK').catch(markBroken)
      }
    }).catch((err: unknown) => {
      throw mapDriverError(err, where)
    })

  const describe = async (): Promise<ServerDescription> => {
    const [row] = await liveQuery<IdentityRow>(IDENTITY_SQL)
    if (!row) throw mapDriverError(new Error('identity query returned no row'), where)
    const topology = row.in_recovery ? await upstreamOf(liveQuery) : await replicasOf(liveQuery)
    return {
      engine: 'postgres',
      version: row.version,
      role: row.in_recovery ? 'replica' : 'primary',
      identity: row.system_identifier ?? 'unknown',
      address,
      topology
    }
  }

  const session: PgSession = {
    engine: 'postgres',
    address,
    guardrailScope: scope,
    ...(bouncer ? { openPgBouncer: () => openPgBouncerConsole(target, bouncer) } : {}),
    query,
    readTransaction,
    describe,
    ping: async () => {
      await liveQuery('select 1')
    },
    close: async () => {
      await Promise.all([workPool.end(), livePool.end()]).catch(() => undefined)
    }
  }
  // Open one connection now so that a wrong password or host, or an unsafe session, fails at connect time.
  try {
    await session.ping()
  } catch (err) {
    await session.close()
    throw err
  }
  return session
}

const LOST_CONNECTION_STATES = new Set(['57P01', '57P02', '57P03', '08006', '08003'])

const isLostConnection = (err: unknown): boolean => {
  const e = err as { code?: unknown; message?: unknown }
  return (
    (typeof e.code === 'string' && LOST_CONNECTION_STATES.has(e.code)) ||
    /Connection terminated|Client has encountered a connection error/i.test(String(e.message))
  )
}

// pg_control_system() needs superuser or pg_monitor-like rights on some builds: fall back to null.
const IDENTITY_SQL = `
select current_setting('server_version') as version,
       pg_is_in_recovery() as in_recovery,
       case when has_function_privilege('pg_control_system()', 'execute')
            then (select system_identifier::text from pg_control_system()) end as system_identifier,
       host(inet_server_addr()) as address,
       inet_server_port() as port`

type Query = PgSession['query']

const replicasOf = async (query: Query): Promise<TopologyNode[]> => {
  const rows = await query<{ address: string; state: string; sync_state: string; name: string }>(
    `select coalesce(host(client_addr), 'local') || ':' || coalesce(client_port, 0) as address,
            coalesce(state, 'unknown') as state, coalesce(sync_state, '') as sync_state, application_name as name
       from pg_stat_replication order by application_name`
  )
  return rows.map((r) => ({
    address: r.address,
    role: 'replica',
    state: r.state,
    healthy: r.state === 'streaming',
    detail: `${r.name} ${r.sync_state}`.trim()
  }))
}

const upstreamOf = async (query: Query): Promise<TopologyNode[]> => {
  const rows = await query<{ address: string; status: string }>(
    `select coalesce(sender_host, '?') || ':' || coalesce(sender_port, 0) as address, status from pg_stat_wal_receiver`
  )
  return rows.map((r) => ({
    address: r.address,
    role: 'primary',
    state: r.status,
    healthy: r.status === 'streaming',
    detail: 'upstream'
  }))
}
