/**
 * pg.long-running-query: statements active for a long time.
 * Probe: pg_stat_activity (state 'active', query_start). Checked against PostgreSQL 15.
 * Threshold: 60 s warning, 10 min critical (our judgement; the seeds give none, 004:2853-2860; 60 s is
 * above any OLTP statement_timeout we have seen recommended, 30 s in the seeds' pooler config).
 * Remedy: cancel the statement (the session and its transaction survive, the client gets an error);
 * terminating the backend is the harsher alternative.
 */
import type { Finding } from '../../../../shared/findings'
import { remedy } from '../../pipeline/remedy'
import { capFindings, fmtSeconds, oneLine, pgRule, subjectOf } from '../health-input'
import { describeSession, othersOnly, SESSION_UNITS, sessionEvidence } from './activity-common'

export const RULE = 'pg.long-running-query'
export const QUERY_WARNING_S = 60
export const QUERY_CRITICAL_S = 600

export const longRunningQueryRule = pgRule({
  id: RULE,
  needs: ['pg_stat_activity'],
  evaluate: ({ pg_stat_activity: activity }, context) => {
    const out = othersOnly(activity)
      .filter((r) => r.state === 'active' && (r.query_age_s ?? 0) >= QUERY_WARNING_S)
      .sort((a, b) => (b.query_age_s ?? 0) - (a.query_age_s ?? 0))
      .map((r): Finding => ({
        rule: RULE,
        severity: (r.query_age_s ?? 0) >= QUERY_CRITICAL_S ? 'critical' : 'warning',
        title: `${describeSession(r)} running one statement for ${fmtSeconds(r.query_age_s ?? 0)}`,
        detail:
          `${oneLine(r.query, 200)}${r.wait_event_type ? ` — waiting on ${r.wait_event_type}/${r.wait_event ?? '?'}` : ''}. ` +
          'EXPLAIN it; pg_cancel_backend (reversible for the client: it gets an error) is gentler than pg_terminate_backend.',
        target: `pid ${r.pid}`,
        subject: subjectOf('backend', String(r.pid), context),
        evidence: sessionEvidence(r),
        units: SESSION_UNITS,
        remedy: remedy('postgres.cancelBackend', { pid: r.pid }, `Cancel query of pid ${r.pid}`),
        alternatives: [remedy('postgres.terminateBackend', { pid: r.pid }, `Terminate pid ${r.pid}`)]
      }))
    return capFindings(RULE, out)
  }
})
