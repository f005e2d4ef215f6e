/**
 * csvlog records -> entries. Columns as in PostgreSQL's "Using CSV-Format Log Output": 23 up to 12,
 * + backend_type (13), + leader_pid and query_id (14+). The CSV itself is read by csv-parse (the
 * csv project's parser: RFC 4180 quoting with newlines inside fields, streaming, maintained for a
 * decade and used by millions of installs), not by a hand-written splitter.
 */
import type { LogEntry } from './entry'

export const CSVLOG_MIN_COLUMNS = 23

const col = (r: readonly string[], i: number): string | null => {
  const v = r[i]
  return v === undefined || v === '' ? null : v
}

/** A record -> entry, or null when it has too few columns to be a csvlog line. */
export const csvlogEntry = (record: readonly string[], line: number): LogEntry | null => {
  if (record.length < CSVLOG_MIN_COLUMNS) return null
  const severity = col(record, 11)
  if (severity === null) return null
  const pid = Number(record[3])
  return {
    line,
    time: col(record, 0),
    pid: Number.isInteger(pid) && pid > 0 ? pid : null,
    user: col(record, 1),
    database: col(record, 2),
    application: col(record, 22),
    severity,
    sqlState: col(record, 12),
    message: record[13] ?? '',
    detail: col(record, 14),
    hint: col(record, 15),
    context: col(record, 18) ?? col(record, 16),
    statement: col(record, 19)
  }
}
