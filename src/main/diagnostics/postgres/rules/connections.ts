/**
 * pg.connections: client connections in use vs max_connections, by state and application.
 * Probes: pg_stat_activity (client backends), pg_settings (max_connections). Checked against PostgreSQL 15.
 * Threshold: 80% warning, 95% critical (our judgement; superuser_reserved_connections, default 3, are
 * the only slots left at 100%, and the seeds' capacity stories, 004:2816-2823, all end there).
 */
import type { Finding } from '../../../../shared/findings'
import { need, pct, type PgHealthInput } from '../health-input'
import type { ActivityRow } from '../records'

export const RULE = 'pg.connections'
export const USE_WARNING = 0.8
export const USE_CRITICAL = 0.95

export const countBy = (rows: ActivityRow[], key: (r: ActivityRow) => string): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1
  return out
}

export const connectionsRule = (input: PgHealthInput): Finding[] => {
  const settings = need(input, 'pg_settings', RULE)
  if ('finding' in settings) return [settings.finding]
  const activity = need(input, 'pg_stat_activity', RULE)
  if ('finding' in activity) return [activity.finding]
  const max = settings.value.max_connections
  const used = activity.value.length
  const ratio = max > 0 ? used / max : 0
  if (ratio < USE_WARNING) return []
  const byState = countBy(activity.value, (r) => r.state ?? 'unknown')
  const byApplication = countBy(activity.value, (r) => r.application_name || '(none)')
  return [
    {
      rule: RULE,
      severity: ratio >= USE_CRITICAL ? 'critical' : 'warning',
      title: `${used} of ${max} connections in use (${pct(ratio)})`,
      detail:
        `By state: ${Object.entries(byState)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}. ` +
        'New connections will be refused soon. Put a pooler (PgBouncer) in front, shrink application pools, and end idle-in-transaction sessions.',
      target: null,
      evidence: { used, maxConnections: max, ratio, byState, byApplication }
    }
  ]
}
