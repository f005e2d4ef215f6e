/**
 * Session settings every diagnostics connection gets at start-up (the `options` startup parameter, so a
 * reconnect can never come back without them). Values: docs/architecture.md "Safety" and
 * docs/reliability-and-safety.md D1 (statement_timeout <= 30 s, lock_timeout <= 1 s, idle in tx <= 10 s).
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

export interface SessionTimeouts {
  statementMs: number
  lockMs: number
}

/**
 * The settings a session must hold, as `pg_settings.setting` shows them (timeouts in ms). Diagnostics
 * sessions are read-only on the server; action sessions are not, and may get longer timeouts.
 * standard_conforming_strings=on everywhere: with it off, a backslash inside a literal ends it for the
 * server but not for our parser or for quoteLiteral.
 */
export const sessionSettings = (
  readOnly: boolean,
  timeouts: SessionTimeouts = PG_TIMEOUTS
): Readonly<Record<string, string>> => ({
  ...(readOnly ? { default_transaction_read_only: 'on' } : {}),
  statement_timeout: String(timeouts.statementMs),
  lock_timeout: String(timeouts.lockMs),
  idle_in_transaction_session_timeout: String(PG_TIMEOUTS.idleInTransactionMs),
  standard_conforming_strings: 'on'
})

/** The `options` startup parameter that sets them. */
export const startupOptions = (settings: Readonly<Record<string, string>>): string =>
  Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ')
