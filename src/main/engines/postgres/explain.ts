/**
 * Live EXPLAIN from a diagnostics session (docs/architecture.md, Safety):
 * - default: plain EXPLAIN (FORMAT JSON): the statement is planned, never executed;
 * - { analyze: true }: only one SELECT that sql-safety.ts calls a read, run through
 *   PgSession.readTransaction (BEGIN READ ONLY; SET LOCAL timeouts; the EXPLAIN as one statement through
 *   the extended protocol; ROLLBACK), so nothing it does can outlive the call.
 */
import { AppFailure } from '../../../shared/errors'
import { analyzeDocument, type PlanAnalysis } from '../../diagnostics/plan/analyze-plan'
import { parsePlan } from '../../diagnostics/plan/parse-plan'
import type { PgSession } from '../types'
import { assertAnalyzableSelect, assertExplainable, relationVerdict, shadowVerdict } from './sql-safety'

export interface ExplainOptions {
  analyze?: boolean
  buffers?: boolean
  /** Per-statement budget inside the transaction; capped at the session's 30 s. */
  statementTimeoutMs?: number
}

export interface ExplainResult {
  /** The JSON text as the server returned it. */
  raw: string
  analysis: PlanAnalysis
  /** How it ran: 'plan-only', or 'read-only-transaction' (ANALYZE on one dedicated client, rolled back). */
  mode: 'plan-only' | 'read-only-transaction'
}

const DEFAULT_TIMEOUT_MS = 10_000
const MAX_TIMEOUT_MS = 30_000
/** One row holds the whole JSON plan. */
const PLAN_LIMITS = { maxRows: 1, maxBytes: 64 * 1024 * 1024 }

const planText = (rows: Record<string, unknown>[]): string => {
  const cell = rows[0]?.['QUERY PLAN']
  // node-postgres parses the json column; keep a string either way for the parser.
  return typeof cell === 'string' ? cell : JSON.stringify(cell)
}

const optionsSql = (o: ExplainOptions): string =>
  ['FORMAT JSON', ...(o.analyze ? ['ANALYZE'] : []), ...(o.buffers ? ['BUFFERS'] : [])].join(', ')

export const explainLive = async (
  session: PgSession,
  sql: string,
  options: ExplainOptions = {}
): Promise<ExplainResult> => {
  const statement = sql.trim().replace(/;\s*$/, '')
  const stmt = options.analyze ? await assertAnalyzableSelect(statement) : await assertExplainable(statement)
  const explain = `EXPLAIN (${optionsSql(options)}) ${statement}`
  const timeout = options.analyze
    ? Math.min(options.statementTimeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS)
    : MAX_TIMEOUT_MS
  // Both modes: the planner inlines views and evaluates RLS policies, so the relations are checked first.
  const read = await session.readTransaction(
    async (tx) => {
      const relations = (await relationVerdict(tx, stmt)) ?? (await shadowVerdict(tx, stmt))
      if (relations?.verdict === 'confirm')
        throw new AppFailure('REFUSED', `dbconsole will not EXPLAIN this: ${relations.reason}.`)
      return tx.rows(explain, PLAN_LIMITS)
    },
    { statementTimeoutMs: timeout }
  )
  const rows = read.rows.map((row) => ({ 'QUERY PLAN': row[0] }))
  const mode: ExplainResult['mode'] = options.analyze ? 'read-only-transaction' : 'plan-only'
  const raw = planText(rows)
  const doc = parsePlan(raw)
  if (!doc.ok)
    throw new AppFailure('INTERNAL', `The server's EXPLAIN output could not be read: ${doc.message}`)
  return { raw, analysis: analyzeDocument(doc.value), mode }
}
