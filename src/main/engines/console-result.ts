import { CONSOLE_LIMITS, type ConsoleCell, type ConsoleResult } from '../../shared/console'

/** Server values as text for the grid: JSON for structures, never markup. */
export const cellText = (value: unknown): ConsoleCell => {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString()
  if (Buffer.isBuffer(value)) return `\\x${value.toString('hex')}`
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
    } catch {
      return String(value)
    }
  }
  return String(value)
}

/** The bytes a row takes on screen: the measure both the streaming read and the cap use. */
export const rowTextBytes = (row: readonly unknown[]): number =>
  row.reduce<number>((n, value) => n + (cellText(value)?.length ?? 0), 0)

/**
 * Caps rows and bytes. `fetched` may hold one row more than `maxRows`: that is how we know the
 * server had more to give without asking it for everything.
 */
export const cappedRows = (
  columns: string[],
  fetched: unknown[][],
  maxRows: number,
  startedAt: number
): ConsoleResult => {
  const rows: ConsoleCell[][] = []
  let bytes = 0
  let truncated: { reason: 'rows' | 'bytes'; limit: number } | null = null
  for (const raw of fetched) {
    if (rows.length === maxRows) {
      truncated = { reason: 'rows', limit: maxRows }
      break
    }
    const row = raw.map(cellText)
    bytes += rowTextBytes(row)
    if (bytes > CONSOLE_LIMITS.maxBytes) {
      truncated = { reason: 'bytes', limit: CONSOLE_LIMITS.maxBytes }
      break
    }
    rows.push(row)
  }
  return {
    kind: 'rows',
    columns,
    rows,
    rowCount: rows.length,
    truncated,
    elapsedMs: Math.round(performance.now() - startedAt)
  }
}
