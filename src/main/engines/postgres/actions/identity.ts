/**
 * Which server the action connection reached: read at prepare and re-read before the statement is sent,
 * so a failover in between is refused as IDENTITY_CHANGED by the guard.
 */
import type { ServerIdentity } from '../../../../shared/actions'
import { AppFailure } from '../../../../shared/errors'

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

export const readServerIdentity = async (
  query: <R extends Record<string, unknown>>(sql: string) => Promise<R[]>,
  where: string
): Promise<ServerIdentity> => {
  const [row] = await query<IdentityRow>(IDENTITY_SQL)
  if (!row) throw new AppFailure('SERVER_ERROR', `${where}: the identity query returned no row.`)
  const role = row.in_recovery ? 'replica' : 'primary'
  const id = row.system_identifier ?? 'unknown'
  const address = `${row.addr}:${row.port}`
  return { engine: 'postgres', id, role, address, summary: `PostgreSQL ${id} ${role} at ${address}` }
}
