import type { AppEvent, MethodInput, MethodName, MethodOutput } from '../../../shared/contract'
import type { AppError, ErrorCode, Result } from '../../../shared/errors'

/** The one typed seam between the renderer and whichever host runs it (Electron IPC or `dbconsole serve`). */
export interface Api {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>
  /** Subscribe to pushed events; returns the unsubscribe function. */
  onEvent(cb: (event: AppEvent) => void): () => void
}

/** An error that react-query can carry: always a `{ code, message }` object, never a raw string. */
export class ApiError extends Error implements AppError {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'ApiError'
  }

  static from(error: AppError): ApiError {
    return new ApiError(error.code, error.message)
  }
}

/** Anything thrown by a transport, turned into the same `{ code, message }` shape. */
export const toAppError = (cause: unknown, fallback: ErrorCode = 'INTERNAL'): AppError => {
  if (cause instanceof ApiError) return { code: cause.code, message: cause.message }
  if (cause instanceof Error) return { code: fallback, message: cause.message }
  return { code: fallback, message: String(cause) }
}
