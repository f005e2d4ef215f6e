/**
 * Session settings every diagnostics connection gets at start-up (the `options` startup parameter, so a
 * reconnect can never come back without them). Values: ARCHITECTURE.md "Safety" and
 * notes/reliability-and-safety.md D1 (statement_timeout <= 30 s, lock_timeout <= 1 s, idle in tx <= 10 s).
 */
export const PG_APPLICATION_NAME = {
  diagnostics: 'dbconsole diagnostics',
  action: 'dbconsole action'
} as const

export const PG_TIMEOUTS = {
  statementMs: 30_000,
  lockMs: 1_000,
  idleInTransactionMs: 10_000,
  connectMs: 5_000
} as const

/** Diagnostics sessions are read-only on the server; action sessions are not, but have the same timeouts. */
export const startupOptions = (readOnly: boolean): string =>
  [
    readOnly ? '-c default_transaction_read_only=on' : '',
    `-c statement_timeout=${PG_TIMEOUTS.statementMs}`,
    `-c lock_timeout=${PG_TIMEOUTS.lockMs}`,
    `-c idle_in_transaction_session_timeout=${PG_TIMEOUTS.idleInTransactionMs}`
  ]
    .filter(Boolean)
    .join(' ')
