/**
 * pg.slow-query: statements of this database that are slow on average, the top consumers of total time,
 * and (when an earlier snapshot exists) statements that got slower within the snapshot window.
 * Probe: pg_stat_statements (total_exec_time/mean_exec_time PG 13+, total_time/mean_time before),
 * pg_settings (has the extension / the preload library). Checked against PostgreSQL 15, pg_stat_statements 1.10.
 * Thresholds: mean >= 100 ms over more than 10 calls is a warning (the seeds' analyzer default and their
 * `calls > 10` filter, 004:6362-6387: one-off loads and ad-hoc reports are not "slow queries", they show in
 * the top-by-total info instead); mean >= 1 s over at least 100 calls is critical (our judgement: frequent and user-visible). Got slower: mean in the
 * window >= 100 ms and at least twice the mean before it. dbconsole's own statements (own-statements.ts:
 * they carry its marker comment) are left out, and the top-by-total finding says how many.
 * Findings name a statement by its normalised text (the queryid stays in the subject and the evidence).
 */
import type { EvidenceUnit, Finding } from '../../../../shared/findings'
import { fmtMs, fmtSeconds, oneLine, pgRule, subjectOf } from '../health-input'
import { isOwnStatement, ownLeftOutNote, withoutOwnStatements } from '../own-statements'
import type { StatementStat } from '../../../../shared/records/postgres'

export const RULE = 'pg.slow-query'
export const MEAN_WARNING_MS = 100
export const MIN_CALLS = 11
export const MEAN_CRITICAL_MS = 1000
export const CALLS_CRITICAL = 100
export const SLOWDOWN_FACTOR = 2
export const TOP_BY_TOTAL = 5

export const ENABLE_HINT =
  'To enable it: add pg_stat_statements to shared_preload_libraries in postgresql.conf (needs a restart), then run CREATE EXTENSION pg_stat_statements in this database.'

const STATEMENT_UNITS: Record<string, EvidenceUnit> = {
  calls: 'count',
  totalMs: 'ms',
  meanMs: 'ms',
  rows: 'count',
  sharedBlksRead: 'count',
  sharedBlksHit: 'count',
  tempBlksWritten: 'count'
}

export const slowQueryRule = pgRule({
  id: RULE,
  needs: ['pg_stat_statements'],
  // A failed read is almost always the extension missing: say how to enable it.
  explainFailure: (_probe, failure, { pg_settings: settings }) => {
    const preloaded = settings
      ? /(^|,)\s*pg_stat_statements\s*(,|$)/.test(settings.shared_preload_libraries)
      : null
    const installed = settings ? settings.has_pg_stat_statements : null
    const why =
      installed === false
        ? `The pg_stat_statements extension is not installed in this database${preloaded === false ? ' and the library is not preloaded' : ''}. `
        : preloaded === false
          ? 'The pg_stat_statements library is not in shared_preload_libraries. '
          : `pg_stat_statements could not be read (${failure}). `
    return why + ENABLE_HINT
  },
  evaluate: ({ pg_stat_statements: statements }, context) => {
    const { rows: theirs, ownLeftOut } = withoutOwnStatements(statements)
    const rows = theirs.filter((s) => s.calls > 0)
    const out: Finding[] = []
    const slow = rows
      .filter((s) => s.mean_ms >= MEAN_WARNING_MS && s.calls >= MIN_CALLS)
      .sort((a, b) => b.total_ms - a.total_ms)
    for (const s of slow.slice(0, 10)) {
      out.push({
        rule: RULE,
        severity: s.mean_ms >= MEAN_CRITICAL_MS && s.calls >= CALLS_CRITICAL ? 'critical' : 'warning',
        title: `Slow query: ${fmtMs(s.mean_ms)} on average over ${s.calls} calls: ${oneLine(s.query, 80)}`,
        detail:
          `${oneLine(s.query)} — total ${fmtMs(s.total_ms)}, ${s.rows} rows, ${s.shared_blks_read} shared blocks read from outside the buffer cache` +
          `${s.temp_blks_written > 0 ? `, ${s.temp_blks_written} temp blocks written (sorts or hashes spilling: work_mem)` : ''}. ` +
          'EXPLAIN it with representative parameters (the text is normalised: $1 stands for a value).',
        target: oneLine(s.query, 80),
        subject: subjectOf('statement', s.queryid ?? oneLine(s.query, 80), context),
        evidence: evidenceOf(s),
        units: STATEMENT_UNITS
      })
    }
    const top = [...rows].sort((a, b) => b.total_ms - a.total_ms).slice(0, TOP_BY_TOTAL)
    const note = ownLeftOutNote(ownLeftOut)
    if (top.length > 0) {
      out.push({
        rule: RULE,
        severity: 'info',
        title: `Top ${top.length} statements by total time`,
        detail:
          top
            .map(
              (s, n) =>
                `${n + 1}. ${fmtMs(s.total_ms)} total, ${s.calls} calls, ${fmtMs(s.mean_ms)} mean: ${oneLine(s.query, 120)}`
            )
            .join('\n') + (note ? `\n${note}` : ''),
        target: null,
        evidence: { statements: top.map(evidenceOf), ownStatementsLeftOut: ownLeftOut },
        units: { ownStatementsLeftOut: 'count' }
      })
    } else if (ownLeftOut > 0) {
      // A replica nobody queries: its list is all ours. Say so rather than show our probes as its workload.
      out.push({
        rule: RULE,
        severity: 'info',
        title: 'No statements of the workload in pg_stat_statements',
        detail: `Every statement recorded for this database is dbconsole's own. ${note}`,
        target: null,
        evidence: { ownStatementsLeftOut: ownLeftOut },
        units: { ownStatementsLeftOut: 'count' }
      })
    }
    for (const d of context.statementDeltas ?? []) {
      if (isOwnStatement(d.query) || d.meanMs < MEAN_WARNING_MS) continue
      if (d.previousMeanMs !== null && d.meanMs < d.previousMeanMs * SLOWDOWN_FACTOR) continue
      out.push({
        rule: RULE,
        severity: 'warning',
        title:
          d.previousMeanMs === null
            ? `New slow query in the last ${fmtSeconds(d.windowSeconds)}: ${fmtMs(d.meanMs)} mean: ${oneLine(d.query, 80)}`
            : `Query got slower in the last ${fmtSeconds(d.windowSeconds)}: ${fmtMs(d.meanMs)} mean, was ${fmtMs(d.previousMeanMs)}: ${oneLine(d.query, 80)}`,
        detail: `${oneLine(d.query)} — ${d.calls} calls, ${fmtMs(d.totalMs)} in the window.`,
        target: oneLine(d.query, 80),
        subject: subjectOf('statement', d.queryid, context),
        evidence: { ...d, query: oneLine(d.query, 500) },
        units: {
          windowSeconds: 'seconds',
          calls: 'count',
          totalMs: 'ms',
          meanMs: 'ms',
          previousMeanMs: 'ms'
        }
      })
    }
    return out
  }
})

const evidenceOf = (s: StatementStat): Record<string, unknown> => ({
  queryid: s.queryid,
  query: oneLine(s.query, 500),
  user: s.username,
  calls: s.calls,
  totalMs: s.total_ms,
  meanMs: s.mean_ms,
  rows: s.rows,
  sharedBlksRead: s.shared_blks_read,
  sharedBlksHit: s.shared_blks_hit,
  tempBlksWritten: s.temp_blks_written
})
