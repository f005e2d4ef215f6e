/**
 * pg.idle-in-transaction: sessions sitting in an open transaction doing nothing. They hold locks and the
 * xmin horizon (vacuum cannot clean behind them).
 * Probe: pg_stat_activity (state, state_change). Checked against PostgreSQL 15.
 * Threshold: 10 s warning (the idle_in_transaction_session_timeout we give our own sessions, ARCHITECTURE
 * "Safety"; the seed's 60 s timeout is the ceiling we would recommend, 004:2824-2831), 5 min critical.
 */
import type { Finding } from '../../../../shared/findings'
import { remedy } from '../../pipeline/remedy'
import { capFindings, fmtSeconds, oneLine, pgRule, subjectOf } from '../health-input'
import { describeSession, othersOnly, SESSION_UNITS, sessionEvidence } from './activity-common'

export const RULE = 'pg.idle-in-transaction'
export const IDLE_WARNING_S = 10
export const IDLE_CRITICAL_S = 300

export const idleInTransactionRule = pgRule({
  id: RULE,
  needs: ['pg_stat_activity'],
  evaluate: ({ pg_stat_activity: activity }, context) => {
    const out = othersOnly(activity)
      .filter(
        (r) => (r.state ?? '').startsWith('idle in transaction') && (r.state_age_s ?? 0) >= IDLE_WARNING_S
      )
      .sort((a, b) => (b.state_age_s ?? 0) - (a.state_age_s ?? 0))
      .map((r): Finding => ({
        rule: RULE,
        severity: (r.state_age_s ?? 0) >= IDLE_CRITICAL_S ? 'critical' : 'warning',
        title: `${describeSession(r)} ${r.state} for ${fmtSeconds(r.state_age_s ?? 0)}`,
        detail:
          `Transaction open ${fmtSeconds(r.xact_age_s ?? 0)}, last statement: ${oneLine(r.query, 160)}. It holds its locks and the xmin horizon. ` +
          'Fix the application (commit or roll back promptly); set idle_in_transaction_session_timeout; cancel or terminate the backend as a guarded action.',
        target: `pid ${r.pid}`,
        subject: subjectOf('backend', String(r.pid), context),
        remedy: remedy('postgres.terminateBackend', { pid: r.pid }, `Terminate pid ${r.pid}`),
        evidence: sessionEvidence(r),
        units: SESSION_UNITS
      }))
    return capFindings(RULE, out)
  }
})
