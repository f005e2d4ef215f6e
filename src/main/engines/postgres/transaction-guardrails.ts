/**
 * Guardrails that hold per transaction, for a transaction-mode pooler (PgBouncer): there a session SET
 * sticks to whichever server connection ran it, and the next transaction may get another one, or one
 * that another client poisoned with its own `SET statement_timeout = 0`. So each transaction opens READ
 * ONLY and sets every guardrail with SET LOCAL, which ends with the transaction on whatever server
 * connection the pooler lent it. PgBouncer refuses the `options` startup parameter outright
 * ("unsupported startup parameter: options", unless it is listed in ignore_startup_parameters, and
 * then it is dropped, which verifySession refuses).
 */
import { AppFailure } from '../../../shared/errors'

export type GuardrailScope = 'session' | 'transaction'

/** PgBouncer's answer to a startup packet with `options` (SQLSTATE 08P01), seen through mapDriverError. */
export const isStartupOptionsRefused = (err: unknown): boolean =>
  /unsupported startup parameter: options/i.test(err instanceof Error ? err.message : String(err))

// The values are our own constants (guardrails.ts), never user input; quoted anyway.
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`

/**
 * One simple-query string: BEGIN READ ONLY, then SET LOCAL of every setting (overrides win, e.g. a
 * shorter statement_timeout for one read). One round trip; nothing user-given is in it.
 */
export const guardedBegin = (
  settings: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>> = {}
): string => {
  const all = { ...settings, ...overrides }
  for (const name of Object.keys(all)) {
    if (!/^[a-z_]+$/.test(name)) throw new AppFailure('INTERNAL', `not a setting name: ${name}`)
  }
  return [
    'BEGIN READ ONLY',
    ...Object.entries(all).map(([name, value]) => `SET LOCAL ${name} = ${literal(value)}`)
  ].join('; ')
}
