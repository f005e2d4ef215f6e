/**
 * dbconsole names its Redis connections (CLIENT SETNAME) so that its own traffic can be told apart: the
 * probes of the diagnostics connection (MEMORY USAGE, TYPE, SCAN...) land in the SLOWLOG like anyone's,
 * and a finding about them would blame the server for what dbconsole did.
 */
export const REDIS_CLIENT_NAMES = {
  diagnostics: 'dbconsole:diagnostics',
  action: 'dbconsole:action'
} as const

/** A connection dbconsole opened (diagnostics or action): the client list marks it and never offers to kill it. */
export const isOwnClientName = (name: string): boolean =>
  (Object.values(REDIS_CLIENT_NAMES) as string[]).includes(name)

/** Entries sent by dbconsole's own diagnostics connection, and the rest. Actions are the user's own. */
export const splitOwnEntries = <E extends { clientName: string | null }>(
  entries: readonly E[]
): { theirs: E[]; own: number } => {
  const theirs = entries.filter((e) => e.clientName !== REDIS_CLIENT_NAMES.diagnostics)
  return { theirs, own: entries.length - theirs.length }
}
