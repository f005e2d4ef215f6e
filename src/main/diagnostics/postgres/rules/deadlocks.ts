/**
 * pg.deadlocks: transactions of this database aborted by the deadlock detector.
 * Probe: pg_stat_database (deadlocks since stats_reset). Checked against PostgreSQL 15. The counter is a
 * total since the reset, judged over the window since the previous poll (counter-window.ts).
 * Threshold: any deadlock in the window is a warning (each one rolled back a transaction); without a
 * window the total only informs.
 */
import { NO_WINDOW, windowedSeverity } from '../../counter-window'
import { pgRule, subjectOf } from '../health-input'
import { countedSinceReset } from '../pg-counters'

export const RULE = 'pg.deadlocks'

export const deadlocksRule = pgRule({
  id: RULE,
  needs: ['pg_stat_database'],
  evaluate: ({ pg_stat_database: d }, context) => {
    const window = context.counters ?? NO_WINDOW
    const deadlocks = countedSinceReset(window, 'deadlocks', d.deadlocks, d.stats_reset)
    if (deadlocks.count === 0) return []
    return [
      {
        rule: RULE,
        severity: windowedSeverity(deadlocks, 'warning'),
        title: `${deadlocks.count} deadlock${deadlocks.count === 1 ? '' : 's'} in ${d.datname} ${deadlocks.span}`,
        detail:
          'Each deadlock rolled back one of the transactions involved. The server log (log_lock_waits, the ' +
          'deadlock DETAIL lines) names the statements; take locks in the same order everywhere.',
        target: d.datname,
        subject: subjectOf('database', d.datname, context),
        evidence: { deadlocks: deadlocks.count, deadlocksTotal: d.deadlocks, windowSeconds: window.seconds },
        units: { deadlocks: 'count', deadlocksTotal: 'count', windowSeconds: 'seconds' }
      }
    ]
  }
})
