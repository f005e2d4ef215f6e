/** Pure parts of DataTable: column derivation and a stable, type-aware sort. */
import type { ReactNode } from 'react'

export interface Column<R> {
  id: string
  header: string
  /** The value sorted on (and shown, when `text` is absent). */
  value: (row: R) => unknown
  /** Display text; defaults to formatValue of `value`. */
  text?: (row: R) => string
  /** A CSS grid track, e.g. '120px' or 'minmax(0, 3fr)'. */
  width?: string
  align?: 'left' | 'right'
  /** Header tooltip: what the column means. */
  title?: string
  /** A control in the cell (a row's button) instead of its text; the text stays the cell's tooltip. */
  render?: (row: R) => ReactNode
}

export interface SortState {
  id: string
  desc: boolean
}

/** Every key of the rows' objects, first-seen order: nothing the server sent is hidden. */
export const keysOf = (rows: readonly Record<string, unknown>[], limit = 200): string[] => {
  const seen = new Set<string>()
  for (const row of rows.slice(0, limit)) for (const key of Object.keys(row)) seen.add(key)
  return [...seen]
}

const rank = (v: unknown): number => (v === null || v === undefined ? 2 : typeof v === 'number' ? 0 : 1)

/** Numbers numerically, text naturally, null/undefined always last whatever the direction. */
export const compareValues = (a: unknown, b: unknown): number => {
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (ra === 2) return 0
  const sa = typeof a === 'string' ? a : JSON.stringify(a)
  const sb = typeof b === 'string' ? b : JSON.stringify(b)
  return sa.localeCompare(sb, 'en', { numeric: true })
}

export const sortRows = <R>(rows: readonly R[], column: Column<R> | undefined, desc: boolean): R[] => {
  const indexed = rows.map((row, i) => ({ row, i }))
  if (column === undefined) return rows.slice()
  indexed.sort((x, y) => {
    const a = column.value(x.row)
    const b = column.value(y.row)
    const nulls = rank(a) === 2 || rank(b) === 2
    const c = compareValues(a, b)
    // Missing values stay at the bottom in both directions.
    const directed = nulls ? c : desc ? -c : c
    return directed !== 0 ? directed : x.i - y.i
  })
  return indexed.map((x) => x.row)
}

export const nextSort = (current: SortState | null, id: string): SortState =>
  current?.id === id ? { id, desc: !current.desc } : { id, desc: true }
