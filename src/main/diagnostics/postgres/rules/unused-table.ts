/**
 * pg.unused-table: a table of some size that nothing has read since its statistics began: no sequential
 * and no index scan (our own probes read catalogues and sizes, never the table; ANALYZE samples without
 * counting a scan). Often a leftover of a migration or a feature, still vacuumed, backed up and
 * replicated. Counts are since the statistics reset or the server start, so a table read only monthly
 * looks unused after a week: info only, with the span it was observed over.
 * Probe: pg_stat_user_tables (seq_scan, idx_scan, table_bytes), pg_settings (stats_reset,
 * postmaster_start). Checked against PostgreSQL 15. Threshold: at least MIN_BYTES on disk (ours: smaller
 * tables cost nothing to keep).
 */
import { capFindings, fmtBytes, MiB, pgRule, qualified, subjectOf } from '../health-input'

export const RULE = 'pg.unused-table'
export const MIN_BYTES = MiB

export const unusedTableRule = pgRule({
  id: RULE,
  needs: ['pg_stat_user_tables', 'pg_settings'],
  evaluate: ({ pg_stat_user_tables: tables, pg_settings: settings }, context) => {
    const since = settings.stats_reset
      ? `the statistics reset at ${settings.stats_reset}`
      : settings.postmaster_start
        ? `the server start at ${settings.postmaster_start}`
        : 'statistics began'
    return capFindings(
      RULE,
      tables
        .filter((t) => t.seq_scan === 0 && (t.idx_scan ?? 0) === 0 && t.table_bytes >= MIN_BYTES)
        .sort((a, b) => b.table_bytes - a.table_bytes)
        .map((t) => {
          const table = qualified(t.schemaname, t.relname)
          return {
            rule: RULE,
            severity: 'info' as const,
            title: `${table} (${fmtBytes(t.table_bytes)}) has not been read since ${since}`,
            detail:
              `No sequential or index scan of ${table} since ${since}; it is still vacuumed, backed up and replicated. ` +
              `Make sure the observation spans the workload's whole cycle (month-end jobs, reports) and that no replica reads it, ` +
              `then archive or drop it.`,
            target: table,
            subject: subjectOf('table', table, context),
            evidence: {
              table,
              tableBytes: t.table_bytes,
              liveRows: t.n_live_tup,
              seqScan: t.seq_scan,
              idxScan: t.idx_scan,
              statsReset: settings.stats_reset,
              serverStart: settings.postmaster_start
            },
            units: { tableBytes: 'bytes' as const, liveRows: 'count' as const }
          }
        })
    )
  }
})
