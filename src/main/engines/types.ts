/**
 * One small interface per engine behind a shared base. Diagnostics code talks only to these, never to
 * a driver, so the guardrails (read-only sessions, timeouts, command allow-lists) live in one place.
 */
import type { EngineKind, ServerDescription, TlsMinVersion } from '../../shared/connection'
import type { AppFailure } from '../../shared/errors'
import type { PgBouncerProbeId } from '../diagnostics/pgbouncer/records'
import type { SentinelView } from '../diagnostics/redis/rules/sentinel'

/** A profile's TLS with its key passphrase put back in: only for opening a session, never for display. */
export interface TlsOptions {
  enabled: boolean
  caFile?: string
  certFile?: string
  keyFile?: string
  keyPassphrase?: string
  serverName?: string
  minVersion?: TlsMinVersion
  rejectUnauthorized?: boolean
}

/**
 * Where to open the socket instead of the URL's host (an SSH tunnel's local forward). The URL's host
 * stays the server's name: shown as its address and checked against its TLS certificate.
 */
export interface Via {
  host: string
  port: number
}

export interface ConnectTarget {
  /** Full URL including the password: it never leaves the adapter. */
  url: string
  tls: TlsOptions
  via?: Via
  /** 'diagnostics' sessions are read-only on the server; 'action' sessions carry guarded actions only. */
  purpose: 'diagnostics' | 'action'
}

export interface SessionBase {
  readonly engine: EngineKind
  /** Version, role, identity and topology, as the server reports them now. */
  describe(): Promise<ServerDescription>
  /** Cheapest round trip, used for liveness. */
  ping(): Promise<void>
  close(): Promise<void>
}

export interface PgSession extends SessionBase {
  readonly engine: 'postgres'
  /** host:port of the server this session talks to. */
  readonly address: string
  /**
   * Where the guardrails live: startup options of the session, or SET LOCAL in every transaction (a
   * transaction-mode pooler that refuses startup options). Absent on test fakes: 'session'.
   */
  readonly guardrailScope?: 'session' | 'transaction'
  /**
   * The PgBouncer admin console of the profile (`?pgbouncer=host:port`), opened for one check and closed
   * after it; absent when the URL names none.
   */
  openPgBouncer?(): Promise<PgBouncerConsole>
  /** One read-only statement on a pooled connection with the session guardrails applied. */
  query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: unknown[]
  ): Promise<R[]>
  /**
   * The one path of console and EXPLAIN ANALYZE reads: on one pooled connection, BEGIN READ ONLY,
   * SET LOCAL the timeouts, `fn`, then ROLLBACK whatever happened. A client that failed is destroyed
   * rather than returned to the pool.
   */
  readTransaction<T>(
    fn: (tx: PgReadTransaction) => Promise<T>,
    options?: { statementTimeoutMs?: number }
  ): Promise<T>
}

/** PgBouncer's admin console: the fixed SHOW commands only, as rows. */
export interface PgBouncerConsole {
  /** host:port of the console. */
  readonly address: string
  show(probe: PgBouncerProbeId): Promise<unknown[]>
  version(): Promise<string>
  close(): Promise<void>
}

export interface PgReadTransaction {
  /** One parameterised statement through the extended protocol (our own catalogue reads). */
  query<R extends Record<string, unknown>>(sql: string, values: unknown[]): Promise<R[]>
  /**
   * ONE statement through the extended protocol (Parse/Bind/Execute cannot carry a second one), read
   * through a cursor that stops at `maxRows` + 1 rows or once `maxBytes` is passed: the rest is never
   * fetched. Rows as arrays with the column names (duplicate names and empty results keep their columns).
   */
  rows(
    sql: string,
    limits: { maxRows: number; maxBytes: number }
  ): Promise<{ columns: string[]; rows: unknown[][] }>
}

export interface RedisNodeHandle {
  /** host:port */
  address: string
  /** Send one allow-listed read-only command to this node. */
  call(command: string, ...args: (string | number)[]): Promise<unknown>
}

export interface RedisSession extends SessionBase {
  readonly engine: 'redis'
  readonly clustered: boolean
  /** Sentinel profiles only: every sentinel's view of the master (engines/redis/sentinel.ts). */
  sentinel?: () => Promise<{ masterName: string; views: SentinelView[] }>
  /** Every node to probe: the one server, or every master and replica of a cluster. */
  nodes(): Promise<RedisNodeHandle[]>
  /** One allow-listed read-only command, routed by key in a cluster (the console's path). */
  command(command: string, ...args: (string | number)[]): Promise<unknown>
}

/** One replica-set member reached by its own direct connection (the profiler and currentOp are per mongod). */
export interface MongoNodeHandle {
  /** host:port as the set names it. */
  address: string
  command(db: string, command: Record<string, unknown>): Promise<Record<string, unknown>>
}

export interface MongoSession extends SessionBase {
  readonly engine: 'mongo'
  /** One diagnostic command; `maxTimeMS` is added when absent and capped when too large. */
  command(db: string, command: Record<string, unknown>): Promise<Record<string, unknown>>
  /** A direct handle per member that answered, opened lazily and closed with the session; [] on a standalone. */
  members(): Promise<{ reached: MongoNodeHandle[]; unreached: { address: string; error: AppFailure }[] }>
}

export type EngineSession = PgSession | RedisSession | MongoSession
