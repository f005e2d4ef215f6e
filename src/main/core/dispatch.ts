/**
 * Transport-free dispatch: known method? valid input? call the handler, and turn every failure into an
 * error envelope with a redacted message. IPC and HTTP both come through here; so do the tests.
 */
import type { z } from 'zod'
import {
  contract,
  isMethodName,
  type MethodInput,
  type MethodName,
  type MethodOutput
} from '../../shared/contract'
import { isCancellable } from '../../shared/cancellable'
import { AppFailure, fail, ok, type Result } from '../../shared/errors'
import { runInCallScope, untilCancelled } from '../support/call-scope'
import { EventHub } from './events'
import { redact } from '../../shared/redact'
import { RequestRegistry, type ReportProgress } from './requests'

/** What a handler gets besides its input: the call's cancel signal and a way to report progress. */
export interface CallContext {
  signal: AbortSignal
  progress: ReportProgress
}

export type Handlers = {
  [M in MethodName]: (input: MethodInput<M>, call: CallContext) => Promise<MethodOutput<M>>
}

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>

const describeIssues = (issues: readonly z.core.$ZodIssue[]): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ')

export interface DispatchOptions {
  /** Where calls named by a `requestId` are registered, so that `requests.cancel` can reach them. */
  requests?: RequestRegistry
  log?: (line: string) => void
}

/** The caller's name for a cancellable call (requests.cancel's own requestId names another call). */
const requestIdOf = (method: string, input: unknown): string | undefined => {
  const id = (input as { requestId?: unknown }).requestId
  return isCancellable(method) && typeof id === 'string' ? id : undefined
}

export const createDispatch = (handlers: Handlers, options: DispatchOptions = {}): Dispatch => {
  const requests = options.requests ?? new RequestRegistry(new EventHub())
  const log = options.log ?? console.error
  return async (method, input) => {
    if (!isMethodName(method))
      return fail('UNKNOWN_METHOD', `Unknown method "${String(method).slice(0, 80)}".`)
    const parsed = contract[method].input.safeParse(input ?? {})
    if (!parsed.success)
      return fail('INVALID_INPUT', `Invalid input for ${method}: ${describeIssues(parsed.error.issues)}.`)
    try {
      const handler = handlers[method] as (input: unknown, call: CallContext) => Promise<unknown>
      const value = await requests.run(requestIdOf(method, parsed.data), (signal, progress) =>
        untilCancelled(
          runInCallScope({ signal, progress }, () => handler(parsed.data, { signal, progress })),
          signal
        )
      )
      return ok(value)
    } catch (err) {
      if (err instanceof AppFailure) return fail(err.code, redact(err.message))
      const message = redact(err instanceof Error ? err.message : String(err))
      log(`[dbconsole] ${method} failed: ${message}`)
      return fail('INTERNAL', `Internal error in ${method}: ${message}`)
    }
  }
}
