/**
 * PgBouncer's admin console: a PostgreSQL-protocol endpoint (database `pgbouncer`) that answers only
 * simple-query SHOW commands (the extended protocol makes it close the connection: "extended query
 * protocol not supported by admin console"). dbconsole sends it only the fixed SHOW commands of
 * PGBOUNCER_COMMANDS, one connection per check, closed after it; never PAUSE, KILL, RELOAD or SET.
 */
import pg from 'pg'
import { pgbouncerAdminAddress, PGBOUNCER_URL_OPTION } from '../../../../shared/connection'
import { AppFailure } from '../../../../shared/errors'
import { redact } from '../../../../shared/redact'
import { PGBOUNCER_COMMANDS, type PgBouncerProbeId } from '../../../diagnostics/pgbouncer/records'
import { DEFAULT_PORTS, parseConnectionUrl } from '../../../support/connection-url'
import { mapDriverError } from '../../map-error'
import type { ConnectTarget, PgBouncerConsole } from '../../types'
import { buildPoolConfig } from '../adapter'

/** Client-side bound of every console command (it answers from memory, in milliseconds). */
export const PGBOUNCER_COMMAND_TIMEOUT_MS = 5_000

/** The URL's `?pgbouncer=` admin address, null when there is none; a malformed one is INVALID_INPUT. */
export const pgbouncerAdminOf = (url: string): { host: string; port: number } | null => {
  const raw = parseConnectionUrl('postgres', url).params.get(PGBOUNCER_URL_OPTION)
  if (raw === null) return null
  const parsed = pgbouncerAdminAddress.safeParse(raw)
  if (!parsed.success) {
    throw new AppFailure(
      'INVALID_INPUT',
      `Connection URL option ${PGBOUNCER_URL_OPTION}: ${parsed.error.issues[0]?.message ?? 'invalid'} (got "${raw.slice(0, 80)}").`
    )
  }
  return parsed.data
}

/**
 * Opens the console of `admin` with the target's user, password and TLS settings. Through an SSH tunnel
 * only the URL's own endpoint is forwarded, so the console is reachable only when it is that endpoint.
 */
export const openPgBouncerConsole = async (
  target: ConnectTarget,
  admin: { host: string; port: number }
): Promise<PgBouncerConsole> => {
  const address = `${admin.host}:${admin.port}`
  const where = `PgBouncer ${address}`
  const server = parseConnectionUrl('postgres', target.url).hosts[0]
  const sameEndpoint = server?.host === admin.host && (server.port ?? DEFAULT_PORTS.postgres) === admin.port
  if (target.via && !sameEndpoint) {
    throw new AppFailure(
      'UNREACHABLE',
      `${where}: the SSH tunnel forwards only ${server?.host ?? '?'}:${server?.port ?? DEFAULT_PORTS.postgres}; the admin console elsewhere cannot be reached through it.`
    )
  }
  const base = buildPoolConfig(target, 'transaction')
  const client = new pg.Client({
    host: target.via ? base.host : admin.host,
    port: target.via ? base.port : admin.port,
    user: base.user,
    password: base.password,
    database: 'pgbouncer',
    application_name: base.application_name,
    connectionTimeoutMillis: base.connectionTimeoutMillis,
    query_timeout: PGBOUNCER_COMMAND_TIMEOUT_MS,
    ssl: base.ssl
  })
  // The console closes the connection on a protocol it refuses: heard here, never an uncaught error.
  client.on('error', (err) => console.warn(`[dbconsole] ${where}: ${redact(err.message)}`))
  try {
    await client.connect()
  } catch (err) {
    await client.end().catch(() => undefined)
    throw mapDriverError(err, where)
  }
  const simple = async (command: string): Promise<unknown[]> => {
    try {
      return (await client.query(command)).rows
    } catch (err) {
      throw mapDriverError(err, where)
    }
  }
  return {
    address,
    show: (probe: PgBouncerProbeId) => simple(PGBOUNCER_COMMANDS[probe]),
    version: async () => {
      const [row] = (await simple('SHOW VERSION')) as { version?: unknown }[]
      return typeof row?.version === 'string' ? row.version : 'PgBouncer (version not reported)'
    },
    close: () => client.end().catch(() => undefined)
  }
}
