import type { Column } from '../data-table-model'

/**
 * A column over a record field, with an optional display formatter (bytes, ms...). The field name is
 * checked against the record type (shared/topics.ts), so a column cannot read a field main never sends.
 */
export const field = <R extends object>(
  id: keyof R & string,
  header: string,
  format?: (v: unknown) => string,
  opts: Partial<Column<R>> = {}
): Column<R> => ({
  id,
  header,
  value: (row) => row[id],
  ...(format ? { text: (row: R) => format(row[id]) } : {}),
  ...opts
})

export const NUM = { align: 'right' as const, width: 'minmax(70px, 0.8fr)' }
export const WIDE = { width: 'minmax(0, 3fr)' }
