/**
 * dbconsole's own statements in pg_stat_statements. pg_stat_statements keeps no application_name, but it
 * keeps a leading comment: every statement the diagnostics session sends starts with OWN_MARKER (probes
 * `/* dbconsole:health <probe> *\/`, the rest `/* dbconsole:diagnostics *\/`, set in engines/postgres/adapter.ts),
 * so the slow-query lists leave them out and say how many. Console statements a user types are not ours.
 */
import type { StatementStat } from '../../../shared/records/postgres'

export const OWN_MARKER = '/* dbconsole:'

/** The statement with our marker in front (unchanged when it already carries one). */
export const markedOwn = (sql: string, tag: string): string =>
  sql.trimStart().startsWith(OWN_MARKER) ? sql : `${OWN_MARKER}${tag} */ ${sql}`

export const isOwnStatement = (query: string | null): boolean =>
  (query ?? '').trimStart().startsWith(OWN_MARKER)

/** pg_stat_statements rows without ours, and how many of ours were left out. */
export const withoutOwnStatements = (
  rows: readonly StatementStat[]
): { rows: StatementStat[]; ownLeftOut: number } => {
  const theirs = rows.filter((s) => !isOwnStatement(s.query))
  return { rows: theirs, ownLeftOut: rows.length - theirs.length }
}

/** "3 of dbconsole's own statements left out", or nothing when there were none. */
export const ownLeftOutNote = (ownLeftOut: number): string =>
  ownLeftOut === 0 ? '' : `${ownLeftOut} of dbconsole's own statements left out.`
