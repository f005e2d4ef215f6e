/**
 * pg.dead-tuples: tables whose dead tuples are a large share of the table.
 * Probe: pg_stat_user_tables. Checked against PostgreSQL 15 (fixtures), column set unchanged since 9.4.
 * Threshold: 20% dead of live+dead (seed 004:6321 "more than 20% dead tuples", which is also the default
 * autovacuum_vacuum_scale_factor), with a floor of 10,000 dead tuples so that small tables do not alarm;
 * critical at 50% and 1,000,000 dead tuples (our judgement: half the table is garbage and scans read it).
 */
import type { Finding } from '../../../../shared/findings'
import { remedy } from '../../pipeline/remedy'
import { capFindings, fmtSeconds, pct, pgRule, qualified, subjectOf } from '../health-input'

export const RULE = 'pg.dead-tuples'
export const DEAD_RATIO_WARNING = 0.2
export const DEAD_MIN_WARNING = 10_000
export const DEAD_RATIO_CRITICAL = 0.5
export const DEAD_MIN_CRITICAL = 1_000_000

export const deadTuplesRule = pgRule({
  id: RULE,
  needs: ['pg_stat_user_tables'],
  evaluate: ({ pg_stat_user_tables: tables }, context) => {
    const out: Finding[] = []
    const sorted = [...tables].sort((a, b) => b.n_dead_tup - a.n_dead_tup)
    for (const t of sorted) {
      const total = t.n_live_tup + t.n_dead_tup
      const ratio = total > 0 ? t.n_dead_tup / total : 0
      if (ratio < DEAD_RATIO_WARNING || t.n_dead_tup < DEAD_MIN_WARNING) continue
      const critical = ratio >= DEAD_RATIO_CRITICAL && t.n_dead_tup >= DEAD_MIN_CRITICAL
      const lastVacuum = minOf(t.last_vacuum_s, t.last_autovacuum_s)
      out.push({
        rule: RULE,
        severity: critical ? 'critical' : 'warning',
        title: `${qualified(t.schemaname, t.relname)}: ${pct(ratio)} dead tuples (${t.n_dead_tup.toLocaleString('en-US')})`,
        detail:
          `${t.n_dead_tup} dead vs ${t.n_live_tup} live tuples; last vacuum ${lastVacuum === null ? 'never (since stats reset)' : `${fmtSeconds(lastVacuum)} ago`}. ` +
          `Scans read the dead rows too. Run VACUUM (ANALYZE) on the table (does not block reads or writes) and check why autovacuum has not (pg.autovacuum-lag).`,
        target: qualified(t.schemaname, t.relname),
        subject: subjectOf('table', qualified(t.schemaname, t.relname), context),
        remedy: remedy(
          'postgres.vacuum',
          { schema: t.schemaname, table: t.relname },
          `VACUUM ${qualified(t.schemaname, t.relname)}`
        ),
        evidence: {
          schema: t.schemaname,
          table: t.relname,
          nDeadTup: t.n_dead_tup,
          nLiveTup: t.n_live_tup,
          deadRatio: ratio,
          lastVacuumSecondsAgo: t.last_vacuum_s,
          lastAutovacuumSecondsAgo: t.last_autovacuum_s,
          lastAnalyzeSecondsAgo: t.last_analyze_s,
          lastAutoanalyzeSecondsAgo: t.last_autoanalyze_s
        },
        units: {
          nDeadTup: 'count',
          nLiveTup: 'count',
          deadRatio: 'ratio',
          lastVacuumSecondsAgo: 'seconds',
          lastAutovacuumSecondsAgo: 'seconds',
          lastAnalyzeSecondsAgo: 'seconds',
          lastAutoanalyzeSecondsAgo: 'seconds'
        }
      })
    }
    return capFindings(RULE, out)
  }
})

const minOf = (a: number | null, b: number | null): number | null =>
  a === null ? b : b === null ? a : Math.min(a, b)
