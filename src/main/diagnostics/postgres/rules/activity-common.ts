/** Shared by the pg_stat_activity rules: which sessions are other people's client sessions. */
import type { EvidenceUnit } from '../../../../shared/findings'
import type { ActivityRow } from '../../../../shared/records/postgres'

/** Our own sweep is never a finding about the server. */
export const othersOnly = (rows: ActivityRow[]): ActivityRow[] => rows.filter((r) => !r.is_self)

export const describeSession = (r: ActivityRow): string =>
  `pid ${r.pid}${r.usename ? ` ${r.usename}` : ''}${r.datname ? `@${r.datname}` : ''}${r.application_name ? ` (${r.application_name})` : ''}`

export const sessionEvidence = (r: ActivityRow): Record<string, unknown> => ({
  pid: r.pid,
  database: r.datname,
  user: r.usename,
  application: r.application_name,
  clientAddr: r.client_addr,
  state: r.state,
  waitEventType: r.wait_event_type,
  waitEvent: r.wait_event,
  transactionSeconds: r.xact_age_s,
  querySeconds: r.query_age_s,
  stateSeconds: r.state_age_s,
  backendXminAge: r.backend_xmin_age,
  query: r.query
})

export const SESSION_UNITS: Record<string, EvidenceUnit> = {
  transactionSeconds: 'seconds',
  querySeconds: 'seconds',
  stateSeconds: 'seconds',
  backendXminAge: 'count'
}
