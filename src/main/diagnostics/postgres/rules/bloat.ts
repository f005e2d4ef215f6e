/**
 * pg.bloat: statistics-based estimate of wasted space in tables and B-tree indexes (the ioguix estimate;
 * nothing is scanned). For an exact figure on one relation, inspectRelation (pgstattuple_approx /
 * pgstatindex) is offered on demand.
 * Probes: table_bloat_estimate, index_bloat_estimate (sizes on disk from pg_relation_size, never relpages),
 * pg_stat_user_tables when it ran (whether the statistics the estimate rests on are stale). Checked against
 * PostgreSQL 15. Stale: never analyzed (reltuples -1), or more rows changed since the last analyze than
 * STALE_MOD_RATIO of reltuples (twice autovacuum_analyze_scale_factor's default 0.1: autoanalyze is behind).
 * Threshold: our judgement, the seeds give none for bloat: warning at 40% estimated waste and at least
 * 8 MiB (smaller relations churn and are cheap to rewrite; the estimate is +-20% on typical rows),
 * critical at 70% and at least 1 GiB. Relations the estimate cannot cover (no pg_stats rows: never
 * analyzed, or columns the role cannot SELECT) are reported as one info finding, not hidden.
 */
import type { Finding, FindingMeasure, FindingRemedy, FindingSubject } from '../../../../shared/findings'
import { remedy } from '../../pipeline/remedy'
import {
  capFindings,
  fmtBytes,
  fmtSeconds,
  GiB,
  MiB,
  pct,
  pgRule,
  qualified,
  subjectOf,
  type PgContext
} from '../health-input'
import type { IndexBloat, TableBloat, TableStat } from '../../../../shared/records/postgres'

export const RULE = 'pg.bloat'
export const BLOAT_RATIO_WARNING = 0.4
export const BLOAT_BYTES_WARNING = 8 * MiB
export const BLOAT_RATIO_CRITICAL = 0.7
export const BLOAT_BYTES_CRITICAL = GiB
export const STALE_MOD_RATIO = 0.2

/** Why the statistics behind a table's estimate are stale, or null when they are fresh (or unknown). */
export const staleStatistics = (t: TableStat | undefined): string | null => {
  if (!t) return null
  const analyzed = [t.last_analyze_s, t.last_autoanalyze_s].filter((v): v is number => v !== null)
  if (t.reltuples < 0 || analyzed.length === 0) return 'the table has never been analyzed'
  const mod = t.n_mod_since_analyze
  if (mod === null || mod <= STALE_MOD_RATIO * Math.max(t.reltuples, 1)) return null
  return `${mod} rows changed since the last analyze ${fmtSeconds(Math.min(...analyzed))} ago (statistics count ${Math.round(t.reltuples)} rows)`
}

const severityOf = (ratio: number, bytes: number): 'warning' | 'critical' | null =>
  ratio >= BLOAT_RATIO_CRITICAL && bytes >= BLOAT_BYTES_CRITICAL
    ? 'critical'
    : ratio >= BLOAT_RATIO_WARNING && bytes >= BLOAT_BYTES_WARNING
      ? 'warning'
      : null

// Each estimate is judged on its own: a failed index estimate still leaves the table findings.
export const bloatRule = pgRule({
  id: RULE,
  needs: [],
  evaluate: (
    { table_bloat_estimate: tables, index_bloat_estimate: indexes, pg_stat_user_tables: stats },
    context,
    unmet
  ) => {
    const out: Finding[] = []
    const naNames: string[] = []
    const statsOf = new Map((stats ?? []).map((t) => [qualified(t.schemaname, t.relname), t]))
    const staleOf = (schema: string, table: string) => staleStatistics(statsOf.get(qualified(schema, table)))
    if (!tables) out.push(...unmet('table_bloat_estimate'))
    else
      out.push(
        ...bloatFindings(
          tables,
          naNames,
          (r) => describeTable(r, context),
          (r) => staleOf(r.schemaname, r.tblname)
        )
      )
    if (!indexes) out.push(...unmet('index_bloat_estimate'))
    else
      out.push(
        ...bloatFindings(
          indexes,
          naNames,
          (r) => describeIndex(r, context),
          (r) => staleOf(r.schemaname, r.tblname)
        )
      )
    const capped = capFindings(
      RULE,
      out.sort((a, b) => Number(b.evidence['bloatBytes'] ?? 0) - Number(a.evidence['bloatBytes'] ?? 0))
    )
    if (naNames.length > 0) {
      capped.push({
        rule: RULE,
        severity: 'info',
        title: `Bloat not estimated for ${naNames.length} relations`,
        detail:
          'The estimate needs pg_stats rows for every column: run ANALYZE on never-analyzed tables, and grant the ' +
          'monitoring role SELECT on the tables (pg_stats hides columns it cannot read). Tables with name-typed ' +
          `columns are not estimable. First few: ${naNames.slice(0, 10).join(', ')}.`,
        target: null,
        evidence: { relations: naNames.slice(0, 50), count: naNames.length },
        units: { count: 'count' }
      })
    }
    return capped
  }
})

/** What differs between a table's and an index's bloat finding: its name, wording, identity and remedy. */
interface BloatSubject {
  name: string
  title: string
  detail: string
  identity: Record<string, unknown>
  subject: FindingSubject
  remedy?: FindingRemedy
  measure: FindingMeasure
}

/** One finding per relation past the thresholds; relations the estimate cannot cover go to `naNames`. */
const bloatFindings = <R extends TableBloat | IndexBloat>(
  rows: R[],
  naNames: string[],
  describe: (row: R) => BloatSubject,
  staleness: (row: R) => string | null
): Finding[] => {
  const out: Finding[] = []
  for (const r of rows) {
    const subject = describe(r)
    if (r.is_na) {
      naNames.push(subject.name)
      continue
    }
    const severity = severityOf(r.bloat_ratio, r.bloat_bytes)
    if (!severity) continue
    const stale = staleness(r)
    out.push({
      rule: RULE,
      severity,
      title: subject.title + (stale ? ' (statistics stale)' : ''),
      detail:
        subject.detail +
        (stale
          ? ` The estimate rests on stale statistics: ${stale}. ANALYZE the table for a better estimate, or measure it (Inspect).`
          : ''),
      target: subject.name,
      subject: subject.subject,
      ...(subject.remedy && { remedy: subject.remedy }),
      measure: subject.measure,
      evidence: {
        ...subject.identity,
        realBytes: r.real_bytes,
        bloatBytes: r.bloat_bytes,
        bloatRatio: r.bloat_ratio,
        method: 'statistics estimate (ioguix)',
        statsStale: stale
      },
      units: { realBytes: 'bytes', bloatBytes: 'bytes', bloatRatio: 'ratio' }
    })
  }
  return out
}

/** The exact figure on demand: pg.inspectRelation reads the one relation (size-capped, allow-listed). */
const inspect = (schema: string, relation: string, fn: string): FindingMeasure => ({
  method: 'pg.inspectRelation',
  schema,
  relation,
  label: `Inspect ${qualified(schema, relation)} (${fn})`
})

const describeTable = (r: TableBloat, context: PgContext): BloatSubject => {
  const name = qualified(r.schemaname, r.tblname)
  return {
    name,
    title: `Table ${name}: about ${fmtBytes(r.bloat_bytes)} (${pct(r.bloat_ratio)}) estimated bloat`,
    detail:
      `Estimated from statistics: ${fmtBytes(r.real_bytes)} on disk, about ${fmtBytes(r.bloat_bytes)} more than the live rows need. ` +
      'VACUUM makes the space reusable but does not shrink the file; to give it back use pg_repack (brief exclusive locks, ~2x disk) ' +
      'or VACUUM FULL (blocks reads and writes for the whole rewrite). Confirm first with pgstattuple_approx (Inspect).',
    identity: { kind: 'table', schema: r.schemaname, table: r.tblname },
    subject: subjectOf('table', name, context),
    measure: inspect(r.schemaname, r.tblname, 'pgstattuple_approx'),
    // VACUUM makes the space reusable; index bloat needs REINDEX, which is no guarded action.
    remedy: remedy('postgres.vacuum', { schema: r.schemaname, table: r.tblname }, `VACUUM ${name}`)
  }
}

const describeIndex = (r: IndexBloat, context: PgContext): BloatSubject => {
  const name = qualified(r.schemaname, r.idxname)
  return {
    name,
    title: `Index ${name} on ${r.tblname}: about ${fmtBytes(r.bloat_bytes)} (${pct(r.bloat_ratio)}) estimated bloat`,
    detail:
      `Estimated from statistics: ${fmtBytes(r.real_bytes)} on disk. REINDEX INDEX CONCURRENTLY (PG 12+) rebuilds it without ` +
      'blocking writes; plain REINDEX blocks writes for the whole build. Confirm first with pgstatindex (Inspect).',
    identity: { kind: 'index', schema: r.schemaname, index: r.idxname, table: r.tblname },
    subject: subjectOf('index', name, context),
    measure: inspect(r.schemaname, r.idxname, 'pgstatindex')
  }
}
