import type { PgReadTransaction } from '../../types'

/**
 * Runs `fn` inside a savepoint of the read transaction: when one statement fails (a text that does not
 * plan, a candidate hypopg refuses) the transaction is usable again for the next. A savepoint writes
 * nothing, so it is allowed in READ ONLY; if rolling back to it fails, that error propagates and the
 * adapter destroys the connection.
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
    await tx.query(`ROLLBACK TO SAVEPOINT ${name}`, [])
    throw err
  }
}
