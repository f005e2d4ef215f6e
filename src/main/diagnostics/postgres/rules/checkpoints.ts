/**
 * pg.checkpoints: checkpoints requested (WAL volume hit max_wal_size, or an explicit CHECKPOINT / CREATE
 * DATABASE) vs timed (checkpoint_timeout). Server-wide.
 * Probe: checkpoints (pg_stat_checkpointer num_timed/num_requested on PG 17+, pg_stat_bgwriter
 * checkpoints_timed/checkpoints_req before). Checked against PostgreSQL 15; PG 17 column set from fixtures
 * made by hand. The counters are totals since the reset, judged over the window since the previous poll
 * (counter-window.ts); without one the rule only informs. Threshold: requested more than half of all,
 * with at least 10 requested since the reset, or 2 in a window (one may be an explicit CHECKPOINT); our
 * judgement: the docs' advice is that checkpoints should mostly be timed.
 */
import { NO_WINDOW, windowedSeverity } from '../../counter-window'
import { nodeSubject, pct, pgRule } from '../health-input'
import { countedSinceReset } from '../pg-counters'

export const RULE = 'pg.checkpoints'
export const REQUESTED_SHARE_WARNING = 0.5
export const MIN_REQUESTED = 10
export const MIN_REQUESTED_IN_WINDOW = 2

export const checkpointsRule = pgRule({
  id: RULE,
  needs: ['checkpoints'],
  evaluate: ({ checkpoints: cp }, context) => {
    const { stats_reset } = cp
    const window = context.counters ?? NO_WINDOW
    const requested = countedSinceReset(window, 'checkpoints_requested', cp.requested, stats_reset)
    const timed = countedSinceReset(window, 'checkpoints_timed', cp.timed, stats_reset).count
    const total = timed + requested.count
    const share = total > 0 ? requested.count / total : 0
    const minimum = requested.windowed ? MIN_REQUESTED_IN_WINDOW : MIN_REQUESTED
    if (requested.count < minimum || share <= REQUESTED_SHARE_WARNING) return []
    return [
      {
        rule: RULE,
        severity: windowedSeverity(requested, 'warning'),
        title: `${pct(share)} of checkpoints were requested, not timed (${requested.count} vs ${timed} ${requested.span})`,
        detail:
          'Frequent requested checkpoints mean more full-page writes and I/O spikes: ' +
          'usually max_wal_size is too small for the write volume (raise it, reload). Explicit CHECKPOINT and CREATE DATABASE also count.',
        target: null,
        ...nodeSubject(context),
        evidence: {
          timed,
          requested: requested.count,
          requestedShare: share,
          windowSeconds: window.seconds,
          statsReset: stats_reset
        },
        units: { timed: 'count', requested: 'count', requestedShare: 'ratio', windowSeconds: 'seconds' }
      }
    ]
  }
})
