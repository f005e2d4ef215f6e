/** The backend a signal is aimed at, read from pg_stat_activity: the preview of cancel and terminate. */
import type { TargetPreview } from '../../action-kit'
import { AppFailure } from '../../../../shared/errors'
import type { PgActionHandle } from './connection'
import { num } from './read-helpers'

export interface BackendRow extends Record<string, unknown> {
  pid: number
  has_role: boolean
  usename: string | null
  datname: string | null
  application_name: string | null
  client: string | null
  backend_type: string | null
  state: string | null
  query: string | null
  query_start: string | null
  query_seconds: number | null
  xact_seconds: number | null
  wait: string | null
}

export const BACKEND_SQL = `select pid, usesysid is not null as has_role, usename::text, datname::text, application_name, coalesce(host(client_addr), 'local') as client,
       backend_type, state, left(query, 2000) as query, query_start::text as query_start,
       round(extract(epoch from now() - query_start)::numeric, 1)::float8 as query_seconds,
       round(extract(epoch from now() - xact_start)::numeric, 1)::float8 as xact_seconds,
       nullif(concat_ws(':', wait_event_type, wait_event), '') as wait
  from pg_stat_activity where pid = $1`

export const backendPreview = async (
  h: PgActionHandle,
  pid: number,
  verb: 'cancel' | 'terminate'
): Promise<TargetPreview> => {
  const [row] = await h.readOnly(() => h.query<BackendRow>(BACKEND_SQL, [pid]))
  if (!row) throw new AppFailure('NOT_FOUND', `No backend with pid ${pid} on this server.`)
  // Without pg_read_all_stats another role's backend shows only its pid and role: its type, state and
  // query read NULL. A backend with a role is then taken for a session, with a warning saying so.
  const hidden = row.backend_type === null && row.has_role
  const allowed = verb === 'cancel' ? ['client backend', 'autovacuum worker'] : ['client backend']
  if (!hidden && !allowed.includes(row.backend_type ?? '')) {
    throw new AppFailure(
      'REFUSED',
      `Backend ${pid} is a ${row.backend_type ?? 'server process'}, not a client session: refusing to ${verb} it.`
    )
  }
  const warnings: string[] = []
  if (hidden)
    warnings.push(
      `This role cannot see the type, state or query of backend ${pid} (${row.usename ?? '?'}): it needs pg_read_all_stats (e.g. through pg_monitor). Make sure it is the session you mean.`
    )
  if (verb === 'terminate')
    warnings.push('Its open transaction, if any, rolls back; the client sees its connection closed.')
  if (row.application_name?.startsWith('dbconsole'))
    warnings.push('This backend belongs to dbconsole itself.')
  if (row.state === 'idle') warnings.push('The backend is idle: there is no running query to stop.')
  return {
    summary: `${verb === 'cancel' ? 'Cancel the running query of' : 'Terminate'} backend ${pid} (${row.usename ?? '?'}@${row.datname ?? '?'}, ${row.application_name || 'no application_name'}).`,
    facts: {
      pid,
      user: row.usename,
      database: row.datname,
      application_name: row.application_name,
      client: row.client,
      state: row.state,
      query: row.query,
      query_start: row.query_start,
      query_seconds: num(row.query_seconds),
      transaction_seconds: num(row.xact_seconds),
      wait: row.wait
    },
    warnings
  }
}
