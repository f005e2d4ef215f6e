import { useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { formatValue } from './format'
import { KeyValueList } from './KeyValueList'
import { nextSort, sortRows, type Column, type SortState } from './data-table-model'
import './data-table.css'
import { ServerText } from './ServerText'
import { showHidden } from '../../../shared/hidden-chars'

export type { Column } from './data-table-model'

const ROW_H = 26

/**
 * A sortable, virtualized table of server records. Cells are text only (truncated, full text in the
 * tooltip); clicking a row (or Enter) opens every field of the record below the table.
 */
export function DataTable<R extends object>({
  rows,
  columns,
  label,
  initialSort,
  maxHeight = 340,
  rowTone,
  rowKey,
  emptyText = 'No rows.',
  testId
}: {
  rows: readonly R[]
  columns: Column<R>[]
  label: string
  initialSort?: SortState
  maxHeight?: number
  /** A data-tone for a row ('bad', 'warn'): long-running, failed, COLLSCAN... */
  rowTone?: (row: R) => 'bad' | 'warn' | undefined
  rowKey?: (row: R, index: number) => string
  emptyText?: string
  testId?: string
}) {
  const [sort, setSort] = useState<SortState | null>(initialSort ?? null)
  const [open, setOpen] = useState<R | null>(null)
  const scroller = useRef<HTMLDivElement>(null)
  const sorted = useMemo(
    () =>
      sortRows(
        rows,
        columns.find((c) => c.id === sort?.id),
        sort?.desc ?? false
      ),
    [rows, columns, sort]
  )
  // The virtualizer re-renders this component itself; the compiler skipping it is expected.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_H,
    overscan: 12,
    initialRect: { width: 800, height: maxHeight }
  })
  const template = columns.map((c) => c.width ?? 'minmax(0, 1fr)').join(' ')
  const bodyHeight = Math.min(sorted.length * ROW_H, maxHeight)

  if (rows.length === 0)
    return (
      <p className="muted" data-testid={testId} data-rows={0}>
        {emptyText}
      </p>
    )

  const onRowKey = (event: KeyboardEvent, row: R) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      setOpen((cur) => (cur === row ? null : row))
    }
  }

  return (
    <div className="data-table" data-testid={testId} data-rows={rows.length}>
      <div role="table" aria-label={label} aria-rowcount={sorted.length + 1}>
        <div role="rowgroup">
          <div role="row" className="dt-row dt-head" style={{ gridTemplateColumns: template }}>
            {columns.map((c) => (
              <div
                key={c.id}
                role="columnheader"
                className="dt-cell"
                data-align={c.align}
                aria-sort={sort?.id === c.id ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  className="dt-sort truncate"
                  title={c.title ?? `Sort by ${c.header}`}
                  onClick={() => setSort((cur) => nextSort(cur, c.id))}
                >
                  {c.header}
                  {sort?.id === c.id && <span aria-hidden="true">{sort.desc ? ' ▾' : ' ▴'}</span>}
                </button>
              </div>
            ))}
          </div>
        </div>
        <div role="rowgroup" ref={scroller} className="dt-body" style={{ height: bodyHeight }}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const row = sorted[item.index]
              if (row === undefined) return null
              return (
                <div
                  key={rowKey ? rowKey(row, item.index) : item.index}
                  role="row"
                  aria-rowindex={item.index + 2}
                  tabIndex={0}
                  className="dt-row"
                  data-tone={rowTone?.(row)}
                  aria-selected={open === row}
                  style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)` }}
                  onClick={() => setOpen((cur) => (cur === row ? null : row))}
                  onKeyDown={(e) => onRowKey(e, row)}
                >
                  {columns.map((c) => {
                    const text = c.text ? c.text(row) : formatValue(c.value(row), c.id)
                    return (
                      <div
                        key={c.id}
                        role="cell"
                        className="dt-cell truncate"
                        data-align={c.align}
                        title={showHidden(text)}
                      >
                        {c.render ? c.render(row) : <ServerText text={text} />}
                      </div>
                    )
                  })}
                </div>
              )
            })}
          </div>
        </div>
      </div>
      {open !== null && (
        <div className="dt-details" role="region" aria-label="Row details">
          <div className="section-head">
            <span className="muted">Every field of this row</span>
            <span className="spacer" />
            <button type="button" className="btn btn-small" onClick={() => setOpen(null)}>
              Close
            </button>
          </div>
          <KeyValueList entries={Object.entries(open)} label="Row fields" />
        </div>
      )}
    </div>
  )
}

/** Columns for records of unknown shape: one per key, in the order the server sent them. */
export const columnsFor = (keys: string[]): Column<Record<string, unknown>>[] =>
  keys.map((key) => ({ id: key, header: key, value: (row) => row[key] }))
