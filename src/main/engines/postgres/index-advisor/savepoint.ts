import type { PgReadTransaction } from '../../types'

/**
 * The transaction (or the session state the advisor created in it) can no longer be trusted: a
 * savepoint could not be rolled back to, or a prepared statement or hypothetical index could not be
 * removed. Never swallowed: it ends the advice, and the adapter destroys the connection.
 */
export class TransactionUnusable extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what}: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

/** Rethrows what must end the advice; the caller handles (skips) the rest. */
export const rethrowIfUnusable = (err: unknown): void => {
  if (err instanceof TransactionUnusable) throw err
}

/** Runs a cleanup statement; its failure makes the transaction unusable. */
export const cleanup = async (tx: PgReadTransaction, sql: string): Promise<void> => {
  try {
    await tx.query(sql, [])
  } catch (err) {
    throw new TransactionUnusable(`${sql} failed`, err)
  }
}

/**
 * Runs `fn` inside a savepoint of the read transaction: when one statement fails (a text that does not
 * plan, a candidate hypopg refuses) the transaction is usable again for the next. A savepoint writes
 * nothing, so it is allowed in READ ONLY.
 */
export const inSavepoint = async <T>(
  tx: PgReadTransaction,
  name: string,
  fn: () => Promise<T>
): Promise<T> => {
  await tx.query(`SAVEPOINT ${name}`, [])
  try {
    const result = await fn()
    await tx.query(`RELEASE SAVEPOINT ${name}`, [])
    return result
  } catch (err) {
    await cleanup(tx, `ROLLBACK TO SAVEPOINT ${name}`)
    throw err
  }
}
