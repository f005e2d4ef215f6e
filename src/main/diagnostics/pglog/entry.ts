/** One server log message with its DETAIL/HINT/CONTEXT/STATEMENT, whatever format it was written in. */
export interface LogEntry {
  /** 1-based line of the input where the entry starts. */
  line: number
  /** The timestamp as the server printed it (its own time zone), or null when the prefix has none. */
  time: string | null
  pid: number | null
  user: string | null
  database: string | null
  application: string | null
  /** LOG, ERROR, FATAL, PANIC, WARNING, NOTICE, INFO, DEBUG1..5. */
  severity: string
  sqlState: string | null
  message: string
  detail: string | null
  hint: string | null
  context: string | null
  /** The statement the message is about (STATEMENT: line, csv/json "query"/"statement"). */
  statement: string | null
}

export const MAIN_SEVERITIES = /^(?:LOG|ERROR|FATAL|PANIC|WARNING|NOTICE|INFO|DEBUG[1-5])$/

/** Labels of the secondary lines PostgreSQL writes after a message, and the entry field each fills. */
export const SECONDARY_FIELDS = {
  DETAIL: 'detail',
  HINT: 'hint',
  CONTEXT: 'context',
  STATEMENT: 'statement',
  QUERY: 'context',
  LOCATION: null
} as const satisfies Record<string, keyof LogEntry | null>

export type SecondaryLabel = keyof typeof SECONDARY_FIELDS

/** "2026-12-03 07:12:03.188 UTC" -> "2026-12-03 07:12": the per-minute bucket, in the server's zone. */
export const minuteOf = (time: string | null): string | null =>
  time !== null && /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(time) ? time.slice(0, 16).replace('T', ' ') : null
