/**
 * pg.seq-scan-heavy: large tables read mostly by sequential scans (a likely missing index).
 * Probe: pg_stat_user_tables (seq_scan, seq_tup_read, idx_scan, reltuples). Checked against PostgreSQL 15.
 * Threshold: seed 004:2145-2146 / 004:4743-4746 combined and fixed (seed catalogue s8 item 4: idx_scan is
 * NULL for a table without indexes, so it counts as 0): at least 10,000 rows, more seq scans than index
 * scans, at least 10 seq scans and on average 10,000 rows read per seq scan.
 */
import type { Finding } from '../../../../shared/findings'
import { capFindings, pgRule, qualified, subjectOf } from '../health-input'

export const RULE = 'pg.seq-scan-heavy'
export const MIN_ROWS = 10_000
export const MIN_SEQ_SCANS = 10
export const MIN_ROWS_PER_SCAN = 10_000

export const seqScanHeavyRule = pgRule({
  id: RULE,
  needs: ['pg_stat_user_tables'],
  evaluate: ({ pg_stat_user_tables: tables }, context) => {
    const out = tables
      .map((t) => ({ t, idx: t.idx_scan ?? 0, perScan: t.seq_scan > 0 ? t.seq_tup_read / t.seq_scan : 0 }))
      .filter(
        ({ t, idx, perScan }) =>
          t.reltuples >= MIN_ROWS &&
          t.seq_scan >= MIN_SEQ_SCANS &&
          t.seq_scan > idx &&
          perScan >= MIN_ROWS_PER_SCAN
      )
      .sort((a, b) => b.t.seq_tup_read - a.t.seq_tup_read)
      .map(({ t, idx, perScan }): Finding => ({
        rule: RULE,
        severity: 'warning',
        title: `${qualified(t.schemaname, t.relname)} is read mostly by sequential scans (${t.seq_scan} seq vs ${idx} index)`,
        detail:
          `${t.seq_tup_read} rows read by ${t.seq_scan} sequential scans (${Math.round(perScan)} per scan) on a table of about ${Math.round(t.reltuples)} rows` +
          `${t.idx_scan === null ? ', which has no index at all' : ''}. Find the queries in pg_stat_statements and EXPLAIN them; ` +
          'an index built with CREATE INDEX CONCURRENTLY does not block writes (a failed build leaves an invalid index).',
        target: qualified(t.schemaname, t.relname),
        subject: subjectOf('table', qualified(t.schemaname, t.relname), context),
        evidence: {
          seqScan: t.seq_scan,
          seqTupRead: t.seq_tup_read,
          idxScan: t.idx_scan,
          reltuples: t.reltuples,
          rowsPerSeqScan: perScan
        },
        units: {
          seqScan: 'count',
          seqTupRead: 'count',
          idxScan: 'count',
          reltuples: 'count',
          rowsPerSeqScan: 'count'
        }
      }))
    return capFindings(RULE, out)
  }
})
