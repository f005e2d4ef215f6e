/**
 * Turns index candidates and their evidence into findings. Pure: the live part gathers the evidence.
 *
 * A candidate is advice only when the planner proves it: with the hypothetical index (hypopg) the planner
 * uses it and the statement's estimated cost falls by at least half. 50 % is Dexter's default
 * (`--min-cost-savings-pct 50`, github.com/ankane/dexter), the hypopg-based advisor this follows.
 * Without hypopg the plan alone ranks candidates, gated by size and selectivity (UNPROVEN_GATES).
 */
import type { EvidenceUnit, Finding } from '../../../../shared/findings'
import { remedy } from '../../pipeline/remedy'
import { candidateKey, type IndexCandidate } from './plan-candidates'

export const MIN_COST_SAVING = 0.5

/**
 * Plan-only gates: below ~10k rows a sequential scan reads a few hundred pages at most; a filter keeping
 * more than 5 % of the rows reads most pages through an index anyway (random_page_cost 4 vs seq 1).
 */
export const UNPROVEN_GATES = { minTableRows: 10_000, maxKeptShare: 0.05 } as const

export interface AdvisedStatement {
  queryid: string
  query: string
  calls: number
  meanMs: number
  /** The generic plan's total cost without any new index. */
  cost: number
}

export interface TableActivity {
  /** Rows inserted, updated and deleted since the statistics were reset: each also writes the new index. */
  writes: number
  rows: number
}

/** One EXPLAIN of a statement with the hypothetical index. */
export interface Trial {
  queryid: string
  costAfter: number
  used: boolean
}

export interface CandidateEvidence {
  candidate: IndexCandidate
  /** The statements whose plans (or pg_qualstats) proposed it. */
  from: string[]
  /** Null when hypopg is not there: the candidate is ranked from the plans only. */
  trials: Trial[] | null
  hypotheticalBytes: number | null
  table: TableActivity | null
}

const utf8 = new TextEncoder()

/** PostgreSQL's own default name (table_col_col_idx), shortened to the 63-byte identifier limit. */
export const indexName = (c: Pick<IndexCandidate, 'table' | 'columns'>): string => {
  let name = `${c.table}_${c.columns.join('_')}`
  while (utf8.encode(`${name}_idx`).length > 63) name = name.slice(0, -1)
  return `${name}_idx`
}

interface Judged {
  evidence: CandidateEvidence
  proven: boolean
  helped: { statement: AdvisedStatement; costAfter: number | null }[]
  /** calls x cost saved (proven) or calls x cost (plan only): what ranks candidates. */
  benefit: number
}

const judgeOne = (e: CandidateEvidence, statements: Map<string, AdvisedStatement>): Judged | null => {
  if (e.trials) {
    const helped = e.trials.flatMap((t) => {
      const s = statements.get(t.queryid)
      return s && t.used && t.costAfter <= s.cost * (1 - MIN_COST_SAVING)
        ? [{ statement: s, costAfter: t.costAfter }]
        : []
    })
    if (!helped.length) return null
    const benefit = helped.reduce((sum, h) => sum + h.statement.calls * (h.statement.cost - h.costAfter), 0)
    return { evidence: e, proven: true, helped, benefit }
  }
  const rows = e.table?.rows ?? 0
  if (rows < UNPROVEN_GATES.minTableRows) return null
  const kept = e.candidate.keptRows
  // A sort or join key serves the whole table's order or each probe: only a filter has a share to test.
  const filterOnly = e.candidate.reasons.every((r) => r === 'filter')
  if (filterOnly && (kept === null || kept / rows > UNPROVEN_GATES.maxKeptShare)) return null
  const helped = e.from.flatMap((id) => {
    const s = statements.get(id)
    return s ? [{ statement: s, costAfter: null }] : []
  })
  const benefit = helped.reduce((sum, h) => sum + h.statement.calls * h.statement.cost, 0)
  return helped.length ? { evidence: e, proven: false, helped, benefit } : null
}

const overlaps = (a: IndexCandidate, b: IndexCandidate): boolean => {
  if (a.schema !== b.schema || a.table !== b.table) return false
  const [short, long] = a.columns.length <= b.columns.length ? [a.columns, b.columns] : [b.columns, a.columns]
  return short.every((col, i) => long[i] === col)
}

const UNITS: Record<string, EvidenceUnit> = {
  calls: 'count',
  mean_ms: 'ms',
  cost_reduction: 'ratio',
  hypothetical_size_bytes: 'bytes',
  table_writes: 'count',
  table_rows: 'count'
}

const pct = (ratio: number): string => `${Math.round(ratio * 100)} %`

const finding = (j: Judged, node: string): Finding => {
  const { candidate: c, hypotheticalBytes, table } = j.evidence
  const qualified = `${c.schema}.${c.table}`
  const name = indexName(c)
  const definition = `${qualified} (${c.columns.join(', ')})`
  const best = j.helped.reduce((a, b) =>
    b.statement.calls * b.statement.cost > a.statement.calls * a.statement.cost ? b : a
  )
  const reduction = best.costAfter === null ? null : 1 - best.costAfter / best.statement.cost
  const writes = table
    ? `${qualified} has taken ${table.writes} row writes since the statistics reset; each also updates the index.`
    : ''
  const proof = j.proven
    ? `With it as a hypothetical index (hypopg) the planner uses it and the estimated cost of ${j.helped.length} statement(s) falls by at least ${pct(MIN_COST_SAVING)} (the busiest: ${best.statement.cost.toFixed(0)} -> ${(best.costAfter ?? 0).toFixed(0)}${hypotheticalBytes === null ? '' : `; estimated size ${hypotheticalBytes} bytes`}).`
    : 'Unproven: hypopg is not installed, so this comes from the plan alone (a sequential scan that keeps few rows, or a sort over one); test it with hypopg before building it.'
  return {
    rule: 'pg.index-advice',
    severity: j.proven ? 'warning' : 'info',
    title: j.proven
      ? `An index on ${definition} would serve ${j.helped.length} slow statement(s)`
      : `Possible index on ${definition} (unproven)`,
    detail: `${proof} ${writes} Build it with CREATE INDEX CONCURRENTLY ${name}.`.replace(/\s+/g, ' ').trim(),
    target: qualified,
    subject: { kind: 'table', name: qualified, node },
    evidence: {
      table: qualified,
      columns: c.columns,
      reasons: c.reasons,
      proof: j.proven ? 'hypopg' : 'plan-only',
      statements: j.helped.map((h) => ({
        queryid: h.statement.queryid,
        query: h.statement.query.slice(0, 500),
        calls: h.statement.calls,
        mean_ms: h.statement.meanMs,
        cost_before: h.statement.cost,
        cost_after: h.costAfter
      })),
      calls: j.helped.reduce((n, h) => n + h.statement.calls, 0),
      mean_ms: best.statement.meanMs,
      cost_reduction: reduction,
      planner_uses: j.proven ? true : null,
      hypothetical_size_bytes: hypotheticalBytes,
      table_writes: table?.writes ?? null,
      table_rows: table?.rows ?? null
    },
    units: UNITS,
    remedy: remedy(
      'postgres.createIndex',
      { schema: c.schema, table: c.table, columns: c.columns, index: name },
      `Create index ${name}`
    )
  }
}

/**
 * The advice for one database, best first: proven candidates before unproven ones, then by benefit;
 * of overlapping candidates on a table (one's columns lead the other's) only the best stays.
 */
export const judgeCandidates = (
  evidence: CandidateEvidence[],
  statements: AdvisedStatement[],
  node: string
): Finding[] => {
  const byId = new Map(statements.map((s) => [s.queryid, s]))
  const judged = evidence
    .map((e) => judgeOne(e, byId))
    .filter((j): j is Judged => j !== null)
    // On equal benefit the narrower index wins: it is smaller and cheaper to maintain.
    .sort(
      (a, b) =>
        Number(b.proven) - Number(a.proven) ||
        b.benefit - a.benefit ||
        a.evidence.candidate.columns.length - b.evidence.candidate.columns.length
    )
  const kept: Judged[] = []
  const seen = new Set<string>()
  for (const j of judged) {
    const key = candidateKey(j.evidence.candidate)
    if (seen.has(key) || kept.some((k) => overlaps(k.evidence.candidate, j.evidence.candidate))) continue
    seen.add(key)
    kept.push(j)
  }
  return kept.map((j) => finding(j, node))
}

/** What is missing and what it would add, as findings, so a report without proof says why. */
export const toolFindings = (
  tools: { hypopg: boolean; qualstats: boolean },
  where: { node: string; database: string }
): Finding[] => [
  ...(tools.hypopg
    ? []
    : [
        {
          rule: 'pg.index-advice.hypopg-missing',
          severity: 'info' as const,
          title: 'hypopg is not installed: index advice is unproven',
          detail:
            'Without hypopg the candidates come from the plans alone. hypopg adds hypothetical indexes the planner sees in this session only: the cost with each candidate, whether the planner would use it, and its estimated size, before anything is built. It needs only CREATE EXTENSION hypopg (Debian: postgresql-<major>-hypopg), no restart.',
          target: where.database,
          subject: { kind: 'database' as const, name: where.database, node: where.node },
          evidence: { extension: 'hypopg', installed: false }
        }
      ]),
  ...(tools.qualstats
    ? []
    : [
        {
          rule: 'pg.index-advice.qualstats-missing',
          severity: 'info' as const,
          title: 'pg_qualstats is not installed: candidates come from plans only',
          detail:
            'pg_qualstats samples the predicates of real executions (columns, operators, how selective each was), so it finds candidates for statements whose generic plan hides them. It needs shared_preload_libraries = pg_qualstats (a restart) and CREATE EXTENSION pg_qualstats (Debian: postgresql-<major>-pg-qualstats).',
          target: where.database,
          subject: { kind: 'database' as const, name: where.database, node: where.node },
          evidence: { extension: 'pg_qualstats', installed: false }
        }
      ])
]

/** Without pg_stat_statements there is nothing to start from. */
export const noStatementsFinding = (where: { node: string; database: string }): Finding => ({
  rule: 'pg.index-advice.no-statements',
  severity: 'info',
  title: 'pg_stat_statements is not installed in this database: no statements to advise on',
  detail:
    'The advisor starts from the statements that took the most time. Add pg_stat_statements to shared_preload_libraries (a restart) and CREATE EXTENSION pg_stat_statements in this database.',
  target: where.database,
  subject: { kind: 'database', name: where.database, node: where.node },
  evidence: { extension: 'pg_stat_statements', installed: false }
})
