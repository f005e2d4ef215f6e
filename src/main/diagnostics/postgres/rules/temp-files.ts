/**
 * pg.temp-files: sorts and hashes of this database that spilled to temporary files.
 * Probe: pg_stat_database (temp_files, temp_bytes since stats_reset). Checked against PostgreSQL 15.
 * The counters are totals since the reset, judged over the window since the previous poll
 * (counter-window.ts). Threshold: 1 GiB written in the window is a warning (our judgement); without a
 * window 1 GiB since the reset is only an info. The statements responsible carry temp_blks_written
 * in pg.slow-query.
 */
import { NO_WINDOW, windowedSeverity } from '../../counter-window'
import { fmtBytes, GiB, pgRule, subjectOf } from '../health-input'
import { countedSinceReset } from '../pg-counters'

export const RULE = 'pg.temp-files'
export const TEMP_BYTES = GiB

export const tempFilesRule = pgRule({
  id: RULE,
  needs: ['pg_stat_database'],
  evaluate: ({ pg_stat_database: d }, context) => {
    const window = context.counters ?? NO_WINDOW
    const bytes = countedSinceReset(window, 'temp_bytes', d.temp_bytes, d.stats_reset)
    const files = countedSinceReset(window, 'temp_files', d.temp_files, d.stats_reset)
    if (bytes.count < TEMP_BYTES) return []
    return [
      {
        rule: RULE,
        severity: windowedSeverity(bytes, 'warning'),
        title: `${d.datname} wrote ${fmtBytes(bytes.count)} in ${files.count} temporary files ${bytes.span}`,
        detail:
          'Queries spill sorts and hashes to disk when they exceed work_mem. ' +
          'Raise work_mem for the session or role that runs them (not globally: it applies per sort/hash node per connection).',
        target: d.datname,
        subject: subjectOf('database', d.datname, context),
        evidence: {
          tempFiles: files.count,
          tempBytes: bytes.count,
          tempBytesTotal: d.temp_bytes,
          windowSeconds: window.seconds,
          statsReset: d.stats_reset
        },
        units: { tempFiles: 'count', tempBytes: 'bytes', tempBytesTotal: 'bytes', windowSeconds: 'seconds' }
      }
    ]
  }
})
