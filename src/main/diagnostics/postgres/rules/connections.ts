/**
 * pg.connections: client connections in use vs max_connections, by state and application.
 * Probes: pg_stat_activity (client backends), pg_settings (max_connections). Checked against PostgreSQL 15.
 * Threshold: 80% warning, 95% critical (our judgement; superuser_reserved_connections, default 3, are
 * the only slots left at 100%, and the seeds' capacity stories, 004:2816-2823, all end there).
 */
import { nodeSubject, pct, pgRule } from '../health-input'
import type { ActivityRow } from '../../../../shared/records/postgres'

export const RULE = 'pg.connections'
export const USE_WARNING = 0.8
export const USE_CRITICAL = 0.95

export const countBy = (rows: ActivityRow[], key: (r: ActivityRow) => string): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1
  return out
}

export const connectionsRule = pgRule({
  id: RULE,
  needs: ['pg_settings', 'pg_stat_activity'],
  evaluate: ({ pg_settings: settings, pg_stat_activity: activity }, context) => {
    const max = settings.max_connections
    const used = activity.length
    const ratio = max > 0 ? used / max : 0
    if (ratio < USE_WARNING) return []
    const byState = countBy(activity, (r) => r.state ?? 'unknown')
    const byApplication = countBy(activity, (r) => r.application_name || '(none)')
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
        ...nodeSubject(context),
        evidence: { used, maxConnections: max, ratio, byState, byApplication },
        units: { used: 'count', maxConnections: 'count', ratio: 'ratio' }
      }
    ]
  }
})
