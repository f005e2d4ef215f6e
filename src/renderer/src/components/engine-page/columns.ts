import type { Column } from '../data-table-model'

type Rec = Record<string, unknown>

/** A column over a record field, with an optional display formatter (bytes, ms...). */
export const field = <R extends object = Rec>(
  id: string,
  header: string,
  format?: (v: unknown) => string,
  opts: Partial<Column<R>> = {}
): Column<R> => ({
  id,
  header,
  value: (row) => (row as Rec)[id],
  ...(format ? { text: (row: R) => format((row as Rec)[id]) } : {}),
  ...opts
})

export const NUM = { align: 'right' as const, width: 'minmax(70px, 0.8fr)' }
export const WIDE = { width: 'minmax(0, 3fr)' }
