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
import { AppFailure, fail, ok, type Result } from '../../shared/errors'
import { redact } from '../core/redact'

export type Handlers = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> }

export type Dispatch = (method: string, input: unknown) => Promise<Result<unknown>>

const describeIssues = (issues: readonly z.core.$ZodIssue[]): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ')

export const createDispatch = (handlers: Handlers, log: (line: string) => void = console.error): Dispatch => {
  return async (method, input) => {
    if (!isMethodName(method))
      return fail('UNKNOWN_METHOD', `Unknown method "${String(method).slice(0, 80)}".`)
    const parsed = contract[method].input.safeParse(input ?? {})
    if (!parsed.success)
      return fail('INVALID_INPUT', `Invalid input for ${method}: ${describeIssues(parsed.error.issues)}.`)
    try {
      const handler = handlers[method] as (input: unknown) => Promise<unknown>
      return ok(await handler(parsed.data))
    } catch (err) {
      if (err instanceof AppFailure) return fail(err.code, redact(err.message))
      const message = redact(err instanceof Error ? err.message : String(err))
      log(`[dbconsole] ${method} failed: ${message}`)
      return fail('INTERNAL', `Internal error in ${method}: ${message}`)
    }
  }
}
