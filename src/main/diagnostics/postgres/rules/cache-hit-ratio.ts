/**
 * pg.cache-hit-ratio: share of this database's block reads served from shared buffers.
 * Probe: pg_stat_database (blks_hit, blks_read; since stats_reset). Checked against PostgreSQL 15.
 * Threshold: the seeds' "should be > 99%" (004:2116-2129) as info; below 95% warning (our judgement:
 * clearly working set > shared_buffers + OS cache). Ignored below 100,000 block accesses (not enough
 * traffic to mean anything; a fresh database is all misses).
 */
import { pct, pgRule, subjectOf } from '../health-input'

export const RULE = 'pg.cache-hit-ratio'
export const HIT_INFO = 0.99
export const HIT_WARNING = 0.95
export const MIN_ACCESSES = 100_000

export const cacheHitRatioRule = pgRule({
  id: RULE,
  needs: ['pg_stat_database'],
  evaluate: ({ pg_stat_database: d }, context) => {
    const total = d.blks_hit + d.blks_read
    if (total < MIN_ACCESSES) return []
    const ratio = d.blks_hit / total
    if (ratio >= HIT_INFO) return []
    return [
      {
        rule: RULE,
        severity: ratio < HIT_WARNING ? 'warning' : 'info',
        title: `Cache hit ratio of ${d.datname} is ${pct(ratio)}`,
        detail:
          `${d.blks_read} of ${total} block reads missed shared buffers since ${d.stats_reset ?? 'statistics began'}. ` +
          'Misses may still hit the OS page cache. Look at the statements with most shared_blks_read (pg.slow-query) before adding memory.',
        target: d.datname,
        subject: subjectOf('database', d.datname, context),
        evidence: { blksHit: d.blks_hit, blksRead: d.blks_read, ratio, statsReset: d.stats_reset },
        units: { blksHit: 'count', blksRead: 'count', ratio: 'ratio' }
      }
    ]
  }
})
