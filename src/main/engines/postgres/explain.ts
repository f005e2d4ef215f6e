/**
 * Live EXPLAIN from a diagnostics session (ARCHITECTURE.md, Safety):
 * - default: plain EXPLAIN (FORMAT JSON): the statement is planned, never executed;
 * - { analyze: true }: only one SELECT that classify.ts accepts, run as
 *   BEGIN READ ONLY; SET LOCAL statement_timeout/lock_timeout; EXPLAIN (ANALYZE ...); ROLLBACK
 *   on ONE dedicated client, so nothing it does can outlive the call.
 */
import { AppFailure } from '../../../shared/errors'
import { analyzeDocument, type PlanAnalysis } from '../../diagnostics/plan/analyze-plan'
import { parsePlan } from '../../diagnostics/plan/parse-plan'
import type { PgSession } from '../types'
import { assertAnalyzableSelect, assertSingleStatement } from './classify'

export interface ExplainOptions {
  analyze?: boolean
  buffers?: boolean
  /** Per-statement budget inside the transaction; capped at the session's 30 s. */
  statementTimeoutMs?: number
}

/** One client for the whole callback (BEGIN ... ROLLBACK must not hop between pooled clients). */
export interface ExplainResult {
  /** The JSON text as the server returned it. */
  raw: string
  analysis: PlanAnalysis
  /** How it ran: 'plan-only', or 'read-only-transaction' (ANALYZE on one dedicated client, rolled back). */
  mode: 'plan-only' | 'read-only-transaction'
}

const DEFAULT_TIMEOUT_MS = 10_000
const MAX_TIMEOUT_MS = 30_000
const LOCK_TIMEOUT_MS = 1_000

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
  if (options.analyze) await assertAnalyzableSelect(statement)
  else await assertSingleStatement(statement)
  const explain = `EXPLAIN (${optionsSql(options)}) ${statement}`
  let rows: Record<string, unknown>[]
  let mode: ExplainResult['mode']
  if (!options.analyze) {
    rows = await session.query(explain)
    mode = 'plan-only'
  } else {
    const timeout = Math.max(1, Math.min(options.statementTimeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS))
    rows = await session.withClient(async (query) => {
      await query('BEGIN READ ONLY')
      try {
        await query(`SET LOCAL statement_timeout = ${timeout}`)
        await query(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`)
        return await query(explain)
      } finally {
        // Always end the transaction, also after an error: the client goes back to the pool clean.
        await query('ROLLBACK')
      }
    })
    mode = 'read-only-transaction'
  }
  const raw = planText(rows)
  const doc = parsePlan(raw)
  if (!doc.ok)
    throw new AppFailure('INTERNAL', `The server's EXPLAIN output could not be read: ${doc.message}`)
  return { raw, analysis: analyzeDocument(doc.value), mode }
}
