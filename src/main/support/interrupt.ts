/**
 * Settling a promise early: with a timeout, or when the caller cancels. The work itself goes on (a
 * promise cannot be stopped from outside); the caller just stops waiting for it.
 */

/**
 * Settles with `work`, or rejects with the error `interrupt` raises first. `interrupt` arms its trigger
 * and returns how to disarm it, which runs as soon as either side settles.
 */
export const settleUnless = <T>(
  work: Promise<T>,
  interrupt: (fail: (err: Error) => void) => () => void
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const disarm = interrupt(reject)
    work.then(
      (value) => {
        disarm()
        resolve(value)
      },
      (err: unknown) => {
        disarm()
        reject(err instanceof Error ? err : new Error(String(err)))
      }
    )
  })

/** Rejects with `failure()` when `work` has not settled within `ms`. */
export const withTimeout = <T>(work: Promise<T>, ms: number, failure: () => Error): Promise<T> =>
  settleUnless(work, (fail) => {
    const timer = setTimeout(() => fail(failure()), ms)
    return () => clearTimeout(timer)
  })
