import type { ReportErrorCode } from '../../shared/findings'

/** What every parser returns: typed records, or a failure that says what and where. Never `{}`. */
export type ParseResult<T> = { ok: true; value: T } | ParseFailure

export interface ParseFailure {
  ok: false
  code: Extract<ReportErrorCode, 'UNRECOGNIZED' | 'MALFORMED' | 'TRUNCATED' | 'SERVER_ERROR' | 'TOO_LARGE'>
  message: string
  /** 1-based line in the input, when known. */
  line: number | null
}

export const parsed = <T>(value: T): ParseResult<T> => ({ ok: true, value })

export const parseFailure = (
  code: ParseFailure['code'],
  message: string,
  line: number | null = null
): ParseFailure => ({
  ok: false,
  code,
  message,
  line
})
