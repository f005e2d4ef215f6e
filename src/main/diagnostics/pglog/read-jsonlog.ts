/** jsonlog (PostgreSQL 15+): one JSON object per line, keys as in the docs' "Keys and values of JSON log entries". */
import type { LogEntry } from './entry'

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

/** A parsed line -> entry, or null when it is not a jsonlog object. */
export const jsonlogEntry = (value: unknown, line: number): LogEntry | null => {
  if (typeof value !== 'object' || value === null) return null
  const o = value as Record<string, unknown>
  const severity = str(o.error_severity)
  const message = typeof o.message === 'string' ? o.message : null
  if (severity === null || message === null) return null
  return {
    line,
    time: str(o.timestamp),
    pid: typeof o.pid === 'number' ? o.pid : null,
    user: str(o.user),
    database: str(o.dbname),
    application: str(o.application_name),
    severity,
    sqlState: str(o.state_code),
    message,
    detail: str(o.detail),
    hint: str(o.hint),
    context: str(o.context) ?? str(o.internal_query),
    statement: str(o.statement)
  }
}
