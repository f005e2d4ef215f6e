/**
 * pg.long-transaction: transactions open for a long time while running statements (idle ones are
 * pg.idle-in-transaction). They pin the xmin horizon, so vacuum cannot remove dead rows anywhere.
 * Probe: pg_stat_activity (xact_start, backend_xmin). Checked against PostgreSQL 15.
 * Threshold: 5 min warning, 1 h critical (our judgement; seed 004:5107 "long-running transactions pin the
 * XID horizon" gives no number).
 */
import type { Finding } from '../../../../shared/findings'
import { capFindings, fmtSeconds, oneLine, pgRule, subjectOf } from '../health-input'
import { describeSession, othersOnly, SESSION_UNITS, sessionEvidence } from './activity-common'

export const RULE = 'pg.long-transaction'
export const XACT_WARNING_S = 300
export const XACT_CRITICAL_S = 3600

export const longTransactionRule = pgRule({
  id: RULE,
  needs: ['pg_stat_activity'],
  evaluate: ({ pg_stat_activity: activity }, context) => {
    const out = othersOnly(activity)
      .filter(
        (r) => !(r.state ?? '').startsWith('idle in transaction') && (r.xact_age_s ?? 0) >= XACT_WARNING_S
      )
      .sort((a, b) => (b.xact_age_s ?? 0) - (a.xact_age_s ?? 0))
      .map((r): Finding => ({
        rule: RULE,
        severity: (r.xact_age_s ?? 0) >= XACT_CRITICAL_S ? 'critical' : 'warning',
        title: `${describeSession(r)} has a transaction open for ${fmtSeconds(r.xact_age_s ?? 0)}`,
        detail:
          `Current statement: ${oneLine(r.query, 160)}. ${r.backend_xmin_age !== null ? `It holds back the xmin horizon by ${r.backend_xmin_age} transactions; ` : ''}` +
          'dead rows newer than its snapshot cannot be vacuumed anywhere in the cluster.',
        target: `pid ${r.pid}`,
        subject: subjectOf('backend', String(r.pid), context),
        evidence: sessionEvidence(r),
        units: SESSION_UNITS
      }))
    return capFindings(RULE, out)
  }
})
