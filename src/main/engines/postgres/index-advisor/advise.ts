/**
 * The index advisor (issue 18): for the statements of this database that took the most time
 * (pg_stat_statements), candidates from each generic plan and from pg_qualstats, each tried as a
 * hypothetical index with hypopg, judged by diagnostics/postgres/index-advice/judge.ts.
 *
 * Everything runs in ONE read transaction of the diagnostics session (BEGIN READ ONLY, the session's
 * timeouts): nothing here can write. The two pieces of session state it creates, prepared statements and
 * hypothetical indexes, are removed before the transaction ends (generic-plan.ts, hypothetical.ts).
 */
import type { AnalysisReport } from '../../../../shared/findings'
import { sortFindings } from '../../../../shared/findings'
import {
  judgeCandidates,
  noStatementsFinding,
  toolFindings,
  type AdvisedStatement,
  type CandidateEvidence,
  type Trial
} from '../../../diagnostics/postgres/index-advice/judge'
import {
  candidateKey,
  mergeCandidates,
  planCandidates,
  planCost,
  indexesUsed,
  planRoot,
  walk,
  type IndexCandidate
} from '../../../diagnostics/postgres/index-advice/plan-candidates'
import { reportProgress, throwIfCancelled } from '../../../support/call-scope'
import type { PgReadTransaction, PgSession } from '../../types'
import {
  ensureParser,
  functionRefusal,
  oneStatementText,
  relationVerdict,
  shadowVerdict,
  statementKind
} from '../sql-safety'
import { readContext, readTables, slowStatements, type TableRow } from './catalogue'
import { genericPlanner, type GenericPlanner } from './generic-plan'
import { withHypotheticalIndex } from './hypothetical'
import { rethrowIfUnusable } from './savepoint'
import { qualstatsCandidates } from './qualstats'

export const ADVISOR_LIMITS = { statements: 50, candidates: 40 } as const

/** Statement kinds an index can serve; the rest (utility, INSERT ... VALUES) is skipped. */
const PLANNABLE = new Set(['SelectStmt', 'UpdateStmt', 'DeleteStmt'])
const SYSTEM_SCHEMAS = new Set(['pg_catalog', 'information_schema', 'pg_toast'])

interface Planned extends AdvisedStatement {
  body: string
  /** schema.table of every relation the plan reads. */
  relations: Set<string>
  candidates: IndexCandidate[]
}

interface Skipped {
  queryid: string
  reason: string
  /** DDL, utility and INSERT ... VALUES: counted, not listed. */
  notPlannable?: true
}

const tableKey = (c: { schema: string; table: string }): string => `${c.schema}.${c.table}`

const relationsOf = (plan: unknown): Set<string> => {
  const out = new Set<string>()
  const root = planRoot(plan)
  if (root)
    walk(root, (n) => {
      if (typeof n['Relation Name'] === 'string')
        out.add(`${typeof n.Schema === 'string' ? n.Schema : 'public'}.${n['Relation Name']}`)
    })
  return out
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/** Plans one statement, or says why it was skipped (the same checks as a live EXPLAIN). */
const planStatement = async (
  tx: PgReadTransaction,
  planner: GenericPlanner,
  row: { queryid: string; query: string; calls: number; mean_ms: number }
): Promise<Planned | Skipped> => {
  const skip = (reason: string): Skipped => ({ queryid: row.queryid, reason })
  const split = oneStatementText(row.query)
  if (!split.ok || !split.stmt) return skip(split.reason ?? 'not one statement')
  if (!PLANNABLE.has(statementKind(split.stmt)))
    return { ...skip(`${statementKind(split.stmt)} is not served by an index`), notPlannable: true }
  const refusal = functionRefusal(split.stmt)
  if (refusal) return skip(refusal)
  const verdict = (await relationVerdict(tx, split.stmt)) ?? (await shadowVerdict(tx, split.stmt))
  if (verdict?.verdict === 'confirm') return skip(verdict.reason)
  let plan: unknown
  try {
    plan = await planner.explain(split.body)
  } catch (err) {
    rethrowIfUnusable(err)
    return skip(`it does not plan: ${errorText(err)}`)
  }
  const cost = planCost(plan)
  if (cost === null) return skip('its plan has no cost')
  return {
    queryid: row.queryid,
    query: row.query,
    calls: row.calls,
    meanMs: row.mean_ms,
    cost,
    body: split.body,
    relations: relationsOf(plan),
    candidates: planCandidates(plan).filter((c) => !SYSTEM_SCHEMAS.has(c.schema))
  }
}

/** An existing valid index whose leading columns are the candidate's already serves it. */
const alreadyIndexed = (c: IndexCandidate, table: TableRow): boolean =>
  table.indexes.some((cols) => c.columns.every((col, i) => cols[i] === col))

const tryCandidate = async (
  tx: PgReadTransaction,
  planner: GenericPlanner,
  hypopgSchema: string,
  candidate: IndexCandidate,
  statements: Planned[]
): Promise<{ trials: Trial[]; bytes: number | null }> =>
  withHypotheticalIndex(tx, hypopgSchema, candidate, async (index) => {
    const trials: Trial[] = []
    for (const s of statements) {
      throwIfCancelled()
      // It planned without the index; should it fail with it, that statement simply gets no trial.
      const plan = await planner.explain(s.body).catch((err: unknown) => {
        rethrowIfUnusable(err)
        return null
      })
      const costAfter = plan === null ? null : planCost(plan)
      if (costAfter !== null)
        trials.push({ queryid: s.queryid, costAfter, used: indexesUsed(plan).includes(index.name) })
    }
    return { trials, bytes: index.bytes }
  })

export interface AdviseOptions {
  maxStatements?: number
}

export const adviseIndexes = async (
  session: PgSession,
  options: AdviseOptions = {}
): Promise<AnalysisReport> => {
  await ensureParser()
  return session.readTransaction(async (tx) => {
    const ctx = await readContext(tx)
    const node = session.address
    const base = {
      input: `${node}/${ctx.database}`,
      ok: true,
      engine: 'postgres' as const,
      kind: 'pg.index-advice',
      error: null
    }
    if (!ctx.pgss_schema)
      return {
        ...base,
        summary: { database: ctx.database, pg_stat_statements: false },
        findings: [noStatementsFinding({ node, database: ctx.database })]
      }
    const planner = genericPlanner(tx, ctx.version_num)
    const rows = await slowStatements(tx, ctx, options.maxStatements ?? ADVISOR_LIMITS.statements)
    const planned: Planned[] = []
    const skipped: Skipped[] = []
    for (const [i, row] of rows.entries()) {
      throwIfCancelled()
      reportProgress(i, rows.length, `planning statement ${i + 1} of ${rows.length}`)
      const result = await planStatement(tx, planner, row)
      if ('body' in result) planned.push(result)
      else skipped.push(result)
    }

    let qualstatsError: string | null = null
    const fromQualstats = ctx.qualstats_schema
      ? await qualstatsCandidates(tx, ctx.qualstats_schema).catch((err: unknown) => {
          rethrowIfUnusable(err)
          qualstatsError = errorText(err)
          return []
        })
      : []
    const sources = new Map<string, string[]>()
    for (const s of planned)
      for (const c of s.candidates)
        sources.set(candidateKey(c), [...(sources.get(candidateKey(c)) ?? []), s.queryid])
    const all = mergeCandidates([...planned.flatMap((s) => s.candidates), ...fromQualstats])
    const tables = await readTables(tx, all)
    const candidates = all
      .filter((c) => {
        const table = tables.get(tableKey(c))
        return table && c.columns.every((col) => table.columns.includes(col)) && !alreadyIndexed(c, table)
      })
      .slice(0, ADVISOR_LIMITS.candidates)

    const evidence: CandidateEvidence[] = []
    const refused: { table: string; columns: string[]; reason: string }[] = []
    for (const [i, c] of candidates.entries()) {
      throwIfCancelled()
      reportProgress(i, candidates.length, `trying ${tableKey(c)} (${c.columns.join(', ')})`)
      const table = tables.get(tableKey(c)) ?? null
      const on = planned.filter((s) => s.relations.has(tableKey(c)))
      let tried: { trials: Trial[]; bytes: number | null } | null = null
      if (ctx.hypopg_schema) {
        // hypopg may still refuse one (the table dropped meanwhile): no proof, so no advice.
        tried = await tryCandidate(tx, planner, ctx.hypopg_schema, c, on).catch((err: unknown) => {
          rethrowIfUnusable(err)
          throwIfCancelled()
          refused.push({ table: tableKey(c), columns: c.columns, reason: errorText(err) })
          return { trials: [], bytes: null }
        })
      }
      evidence.push({
        candidate: c,
        from: sources.get(candidateKey(c)) ?? [],
        trials: tried?.trials ?? null,
        hypotheticalBytes: tried?.bytes ?? null,
        table: table ? { writes: table.writes, rows: table.rows } : null
      })
    }
    const advice = judgeCandidates(evidence, planned, node)
    const tools = { hypopg: ctx.hypopg_schema !== null, qualstats: ctx.qualstats_schema !== null }
    return {
      ...base,
      summary: {
        database: ctx.database,
        statements: rows.length,
        planned: planned.length,
        not_plannable: skipped.filter((s) => s.notPlannable).length,
        skipped: skipped.filter((s) => !s.notPlannable).map(({ queryid, reason }) => ({ queryid, reason })),
        candidates: candidates.length,
        refused,
        advised: advice.length,
        hypopg: tools.hypopg,
        pg_qualstats: tools.qualstats,
        pg_qualstats_candidates: fromQualstats.length,
        pg_qualstats_error: qualstatsError,
        generic_plan:
          ctx.version_num >= 160000
            ? 'EXPLAIN (GENERIC_PLAN)'
            : 'PREPARE + plan_cache_mode = force_generic_plan'
      },
      findings: sortFindings([...advice, ...toolFindings(tools, { node, database: ctx.database })])
    }
  })
}
