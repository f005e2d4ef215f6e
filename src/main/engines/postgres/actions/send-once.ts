/** How every PostgreSQL action sends its statement: once, with a failure reported as an outcome. */
import type pg from 'pg'
import { errorText, type PerformResult } from '../../action-kit'
import type { PgActionHandle } from './connection'

/** Perform helper: one statement, failures become outcomes, a broken connection is reported as such. */
export const sendOnce = async (
  h: PgActionHandle,
  statement: string,
  done: (results: pg.QueryResult[]) => { outcome: 'done' | 'failed'; detail: string; data?: unknown }
): Promise<PerformResult> => {
  try {
    const results = await h.simple(statement)
    return { ...done(results), connectionUsable: h.usable() }
  } catch (err) {
    const usable = h.usable()
    return {
      outcome: 'failed',
      detail: usable
        ? `The server refused it: ${errorText(err)}`
        : `The connection was lost while the statement was in flight (${errorText(err)}). It was sent once and NOT retried; whether the server applied it is unknown.`,
      connectionUsable: usable
    }
  }
}

export const firstValue = (results: pg.QueryResult[]): unknown => {
  const row = results[0]?.rows[0] as Record<string, unknown> | undefined
  return row ? Object.values(row)[0] : undefined
}
