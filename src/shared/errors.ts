/**
 * Errors cross every boundary (IPC, HTTP, CLI) as data, never as thrown Error objects.
 * The set of codes is closed: the renderer and scripts can switch on it exhaustively.
 */
export const ERROR_CODES = [
  'UNKNOWN_METHOD',
  'INVALID_INPUT',
  'NOT_FOUND',
  'UNREACHABLE',
  'AUTH_FAILED',
  'TIMEOUT',
  'CANCELLED',
  'TLS_FAILED',
  'SERVER_ERROR',
  'NOT_CONNECTED',
  'READ_ONLY_PROFILE',
  'REFUSED',
  'CONFIRMATION_REQUIRED',
  'CONFIRMATION_MISMATCH',
  'TICKET_EXPIRED',
  'TICKET_USED',
  'IDENTITY_CHANGED',
  'TIER_DISABLED',
  'SECRET_UNAVAILABLE',
  'STORE_CORRUPT',
  /** A session did not hold its safety settings after connecting (read-only, timeouts, quoting); it was closed. */
  'UNSAFE_SESSION',
  /** A write failed for lack of space; the message names the path. */
  'DISK_FULL',
  /** The profile's connection budget is in use; try again when a running call ends. */
  'BUSY',
  /** An SSH bastion presented a host key that was never trusted: nothing was sent; check and trust it. */
  'HOST_KEY_UNKNOWN',
  /** An SSH bastion presented a different host key than the trusted one: refused, nothing was sent. */
  'HOST_KEY_CHANGED',
  'INTERNAL'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface AppError {
  code: ErrorCode
  /** One sentence a person can act on. Never contains a secret. */
  message: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: ErrorCode, message: string): { ok: false; error: AppError } => ({
  ok: false,
  error: { code, message }
})

/** Thrown inside the core when a handler wants a specific code; the dispatcher turns it into data. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'AppFailure'
  }
}

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
