/**
 * The cancel signal of the call being served, visible to the engine adapters without threading it
 * through every probe: a PostgreSQL query started inside a cancelled call sends the server a cancel
 * request; a Redis or Mongo command is not sent at all. Calls outside any scope (the poller) have none.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { AppFailure } from '../../shared/errors'

const scope = new AsyncLocalStorage<AbortSignal>()

export const runInCallScope = <T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> =>
  scope.run(signal, work)

export const callSignal = (): AbortSignal | undefined => scope.getStore()

export const cancelledFailure = (): AppFailure =>
  new AppFailure('CANCELLED', 'Cancelled: the request was stopped before it finished.')

/** Throws CANCELLED when the current call was cancelled: checked before each command is sent. */
export const throwIfCancelled = (): void => {
  if (callSignal()?.aborted === true) throw cancelledFailure()
}

/**
 * Settles with `work`, or rejects with CANCELLED as soon as `signal` aborts: the caller gets its answer
 * at once even when the server side (a Redis command already sent) cannot be stopped.
 */
export const untilCancelled = <T>(work: Promise<T>, signal: AbortSignal): Promise<T> => {
  if (signal.aborted) return Promise.reject(cancelledFailure())
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledFailure())
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err instanceof Error ? err : new Error(String(err)))
      }
    )
  })
}
