/**
 * pg.temp-files: sorts and hashes of this database that spilled to temporary files.
 * Probe: pg_stat_database (temp_files, temp_bytes since stats_reset). Checked against PostgreSQL 15.
 * Threshold: 1 GiB written is an info, 100 GiB a warning (our judgement: cumulative since the reset, so
 * only sustained spilling reaches it). The statements responsible carry temp_blks_written in pg.slow-query.
 */
import type { Finding } from '../../../../shared/findings'
import { fmtBytes, GiB, need, type PgHealthInput } from '../health-input'

export const RULE = 'pg.temp-files'
export const TEMP_INFO_BYTES = GiB
export const TEMP_WARNING_BYTES = 100 * GiB

export const tempFilesRule = (input: PgHealthInput): Finding[] => {
  const db = need(input, 'pg_stat_database', RULE)
  if ('finding' in db) return [db.finding]
  const d = db.value
  if (d.temp_bytes < TEMP_INFO_BYTES) return []
  return [
    {
      rule: RULE,
      severity: d.temp_bytes >= TEMP_WARNING_BYTES ? 'warning' : 'info',
      title: `${d.datname} wrote ${fmtBytes(d.temp_bytes)} in ${d.temp_files} temporary files`,
      detail:
        `Since ${d.stats_reset ?? 'statistics began'}. Queries spill sorts and hashes to disk when they exceed work_mem. ` +
        'Raise work_mem for the session or role that runs them (not globally: it applies per sort/hash node per connection).',
      target: d.datname,
      evidence: { tempFiles: d.temp_files, tempBytes: d.temp_bytes, statsReset: d.stats_reset }
    }
  ]
}
