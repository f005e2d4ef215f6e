import { CONSOLE_LIMITS, type ConsoleResult } from '../../../shared/console'
import { cappedRows } from '../console-result'
import type { PgSession } from '../types'
import { sqlVerdict } from './sql-safety'

const stripTrailingSemicolons = (sql: string): string => sql.replace(/[\s;]+$/, '')

/**
 * A statement sql-safety.ts calls a read runs at once, as ONE statement through the extended protocol
 * inside BEGIN READ ONLY ... ROLLBACK (PgSession.readTransaction); anything else comes back for the
 * guard's confirm dialog with the reason.
 */
export const runPostgresConsole = async (
  session: PgSession,
  text: string,
  maxRows: number
): Promise<ConsoleResult> => {
  const sql = stripTrailingSemicolons(text)
  const verdict = await sqlVerdict(sql).catch((err: unknown) => {
    // Several statements are not an error of the text: they go to the confirm path as typed.
    if (err instanceof Error && 'code' in err && err.code === 'REFUSED')
      return { verdict: 'confirm' as const, reason: err.message }
    throw err
  })
  if (verdict.verdict === 'confirm') {
    return {
      kind: 'confirmation-required',
      reason: `Not provably read-only: ${verdict.reason.replace(/\.$/, '')}.`,
      action: 'postgres.consoleStatement',
      target: { sql }
    }
  }
  const started = performance.now()
  // The cursor stops at maxRows + 1 rows: that one more row only tells us the result was cut.
  const { columns, rows } = await session.readTransaction((tx) =>
    tx.rows(sql, { maxRows, maxBytes: CONSOLE_LIMITS.maxBytes })
  )
  return cappedRows(columns, rows, maxRows, started)
}
