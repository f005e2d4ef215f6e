/**
 * The call being served (its cancel signal and progress reporter), visible to the engine adapters and
 * probes without threading them through every function: a PostgreSQL query started inside a cancelled
 * call sends the server a cancel request, a Redis or Mongo command is not sent at all, and a sweep says
 * how far it got. Work outside any call (the poller) has no scope: no signal, progress goes nowhere.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { AppFailure } from '../../shared/errors'
import { settleUnless } from './interrupt'

/** How a long call reports how far it got (travels to the renderer as progress events). */
export type ReportProgress = (done: number, total: number | null, message: string) => void

interface CallScope {
  signal: AbortSignal
  progress: ReportProgress
}

const scope = new AsyncLocalStorage<CallScope>()

export const runInCallScope = <T>(call: CallScope, work: () => Promise<T>): Promise<T> =>
  scope.run(call, work)

export const callSignal = (): AbortSignal | undefined => scope.getStore()?.signal

/** Progress of the current call (shown next to its Cancel button); a no-op outside a call. */
export const reportProgress: ReportProgress = (done, total, message) =>
  scope.getStore()?.progress(done, total, message)

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
  return settleUnless(work, (fail) => {
    const onAbort = () => fail(cancelledFailure())
    signal.addEventListener('abort', onAbort, { once: true })
    return () => signal.removeEventListener('abort', onAbort)
  })
}
