import { CONSOLE_LIMITS, type ConsoleResult } from '../../../shared/console'
import { cappedRows } from '../console-result'
import type { PgSession } from '../types'
import { parseOne, relationVerdict, shadowVerdict, verdictOf, type SqlVerdict } from './sql-safety'

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
  const confirm = (verdict: { reason: string }): ConsoleResult => ({
    kind: 'confirmation-required',
    reason: `Not provably read-only: ${verdict.reason.replace(/\.$/, '')}.`,
    action: 'postgres.consoleStatement',
    target: { sql }
  })
  let stmt: Record<string, unknown>
  try {
    stmt = await parseOne(sql)
  } catch (err) {
    // Several statements are not an error of the text: they go to the confirm path as typed.
    if (err instanceof Error && 'code' in err && err.code === 'REFUSED')
      return confirm({ reason: err.message })
    throw err
  }
  const verdict = verdictOf(stmt)
  if (verdict.verdict === 'confirm') return confirm(verdict)
  const started = performance.now()
  const read = await session.readTransaction(async (tx) => {
    const relations: SqlVerdict | null = (await relationVerdict(tx, stmt)) ?? (await shadowVerdict(tx, stmt))
    if (relations?.verdict === 'confirm') return relations
    // The cursor stops at maxRows + 1 rows: that one more row only tells us the result was cut.
    return tx.rows(sql, { maxRows, maxBytes: CONSOLE_LIMITS.maxBytes })
  })
  return 'verdict' in read ? confirm(read) : cappedRows(read.columns, read.rows, maxRows, started)
}
