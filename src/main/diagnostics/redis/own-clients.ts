/**
 * dbconsole names its Redis connections (CLIENT SETNAME) so that its own traffic can be told apart: the
 * probes of the diagnostics connection (MEMORY USAGE, TYPE, SCAN...) land in the SLOWLOG like anyone's,
 * and a finding about them would blame the server for what dbconsole did.
 */
export const REDIS_CLIENT_NAMES = {
  diagnostics: 'dbconsole:diagnostics',
  action: 'dbconsole:action'
} as const

/** Entries sent by dbconsole's own diagnostics connection, and the rest. Actions are the user's own. */
export const splitOwnEntries = <E extends { clientName: string | null }>(
  entries: readonly E[]
): { theirs: E[]; own: number } => {
  const theirs = entries.filter((e) => e.clientName !== REDIS_CLIENT_NAMES.diagnostics)
  return { theirs, own: entries.length - theirs.length }
}
