/**
 * pg.checkpoints: checkpoints requested (WAL volume hit max_wal_size, or an explicit CHECKPOINT / CREATE
 * DATABASE) vs timed (checkpoint_timeout). Server-wide.
 * Probe: checkpoints (pg_stat_checkpointer num_timed/num_requested on PG 17+, pg_stat_bgwriter
 * checkpoints_timed/checkpoints_req before). Checked against PostgreSQL 15; PG 17 column set from fixtures
 * made by hand. Threshold: requested more than half of all, with at least 10 requested (our judgement; the
 * docs' advice is that checkpoints should mostly be timed).
 */
import type { Finding } from '../../../../shared/findings'
import { need, pct, type PgHealthInput } from '../health-input'

export const RULE = 'pg.checkpoints'
export const REQUESTED_SHARE_WARNING = 0.5
export const MIN_REQUESTED = 10

export const checkpointsRule = (input: PgHealthInput): Finding[] => {
  const cp = need(input, 'checkpoints', RULE)
  if ('finding' in cp) return [cp.finding]
  const { timed, requested, stats_reset } = cp.value
  const total = timed + requested
  const share = total > 0 ? requested / total : 0
  if (requested < MIN_REQUESTED || share <= REQUESTED_SHARE_WARNING) return []
  return [
    {
      rule: RULE,
      severity: 'warning',
      title: `${pct(share)} of checkpoints were requested, not timed (${requested} vs ${timed})`,
      detail:
        `Since ${stats_reset ?? 'statistics began'}. Frequent requested checkpoints mean more full-page writes and I/O spikes: ` +
        'usually max_wal_size is too small for the write volume (raise it, reload). Explicit CHECKPOINT and CREATE DATABASE also count.',
      target: null,
      evidence: { timed, requested, requestedShare: share, statsReset: stats_reset }
    }
  ]
}
