/**
 * postgres.explainAnalyzeWrite: one INSERT / UPDATE / DELETE / MERGE really executed under
 * EXPLAIN ANALYZE inside a transaction that is rolled back.
 */
import { AppFailure } from '../../../../shared/errors'
import { defineAction } from '../../action-kit'
import { functionRefusal, oneStatementText } from '../sql-safety'
import type { PgActionHandle } from './connection'
import { estimateWrite, explainedWritePermission, WRITE_START } from './planned-write'
import { sendOnce } from './send-once'

const WRITE_TARGET =
  /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(insert\s+into|update|delete\s+from|merge\s+into)\s+(?:only\s+)?((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)/i

/** Validates the text and returns the one statement to wrap; INVALID_INPUT / REFUSED otherwise. */
export const explainableWrite = (sql: string): { body: string; verb: string; relation: string | null } => {
  const split = oneStatementText(sql)
  if (!split.ok)
    throw new AppFailure(
      'INVALID_INPUT',
      `EXPLAIN ANALYZE takes exactly one statement; found ${split.reason ?? 'something else'}.`
    )
  const start = WRITE_START.exec(split.body)
  if (!start?.[1])
    throw new AppFailure(
      'INVALID_INPUT',
      'Only one INSERT, UPDATE, DELETE or MERGE (optionally with WITH) can be explained with ANALYZE here.'
    )
  // ROLLBACK undoes the write itself, not what a function does outside the transaction.
  const bad = functionRefusal(split.stmt ?? {})
  if (bad) throw new AppFailure('REFUSED', `Refusing to execute it under EXPLAIN ANALYZE: ${bad}.`)
  const target = WRITE_TARGET.exec(split.body)
  return { body: split.body, verb: start[1].toLowerCase(), relation: target?.[2] ?? null }
}

export const explainAnalyzeWrite = defineAction<'postgres.explainAnalyzeWrite', PgActionHandle>(
  'postgres.explainAnalyzeWrite',
  {
    targetName: (t) => {
      const w = explainableWrite(t.sql)
      return w.relation ? `${w.verb} ${w.relation}` : w.verb
    },
    // One simple-query message: the wrapper and the statement travel together, and closing the connection
    // afterwards rolls back whatever an error left open.
    statement: (t) =>
      `BEGIN; EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) ${explainableWrite(t.sql).body}; ROLLBACK;`,
    suggestedCheck: () =>
      'Nothing to check: the statement ran inside BEGIN ... ROLLBACK (only sequences may have advanced).',
    preview: async (h, t) => {
      const w = explainableWrite(t.sql)
      const estimate = await estimateWrite(h, w.body, { primaryOnly: true })
      const warnings = [
        'The statement is really executed (rows are written, triggers fire, locks are taken) and then rolled back.',
        'Sequences advanced by it stay advanced; row locks are held until the rollback.'
      ]
      if (/\bnextval\s*\(/i.test(w.body))
        warnings.push('The statement calls nextval(): the sequence keeps the new value.')
      return {
        summary: `Execute the ${w.verb.toUpperCase()} under EXPLAIN ANALYZE inside a transaction that is rolled back.`,
        facts: {
          statement: w.body,
          relation: w.relation,
          estimated_rows: estimate.rows,
          estimated_cost: estimate.cost,
          top_node: estimate.topNode
        },
        warnings
      }
    },
    permission: async () => explainedWritePermission(),
    perform: async (h, _t, statement) => {
      const result = await sendOnce(h, statement, (results) => {
        const explain = results.find((r) => r.command === 'EXPLAIN')
        const plan = (explain?.rows[0] as Record<string, unknown> | undefined)?.['QUERY PLAN']
        return plan === undefined
          ? { outcome: 'failed', detail: 'The server returned no plan.' }
          : { outcome: 'done', detail: JSON.stringify(plan), data: plan }
      })
      // A failed EXPLAIN leaves the transaction aborted; end it before the post-check reads.
      if (result.outcome === 'failed' && result.connectionUsable)
        await h.simple('ROLLBACK').catch(() => undefined)
      return result
    },
    postCheck: async (h) => {
      // Inside an open transaction block now() is older than the statement; outside they are equal.
      const [row] = await h.query<{ closed: boolean }>('select now() = statement_timestamp() as closed')
      return row?.closed
        ? { ok: true, detail: 'No transaction is left open: the statement was rolled back.' }
        : {
            ok: false,
            detail: 'A transaction is still open on the action connection; it is closed with the connection.'
          }
    }
  }
)
