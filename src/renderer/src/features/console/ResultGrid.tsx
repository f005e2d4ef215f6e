import { useRef } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { ConsoleCell } from '../../../../shared/console'
import { ServerText } from '../../components/ServerText'
import { showHidden } from '../../../../shared/hidden-chars'

const ROW_H = 24
const COL_W = 200
const NUM_W = 56
/** Tooltips longer than this only slow the browser down; the cell is still copyable in full. */
const TITLE_MAX = 2_000

const titleOf = (text: string): string =>
  showHidden(text.length > TITLE_MAX ? `${text.slice(0, TITLE_MAX)}…` : text)

/** Rows as text in a virtualized grid: 10,000 rows render as the ~40 in view. */
export function ResultGrid({ columns, rows }: { columns: string[]; rows: ConsoleCell[][] }) {
  const scroller = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's own memoisation is fine here
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_H,
    overscan: 12
  })
  const width = NUM_W + columns.length * COL_W
  const template = `${NUM_W}px repeat(${columns.length}, ${COL_W}px)`
  return (
    <div
      className="grid-scroll"
      ref={scroller}
      role="table"
      aria-label="Result rows"
      aria-rowcount={rows.length + 1}
    >
      <div className="grid-head" role="row" style={{ width, gridTemplateColumns: template }}>
        <span className="grid-num" role="columnheader">
          #
        </span>
        {columns.map((c, i) => (
          <span key={i} className="grid-cell truncate" role="columnheader" title={titleOf(c)}>
            {c}
          </span>
        ))}
      </div>
      <div style={{ height: virtual.getTotalSize(), width, position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => {
          const row = rows[item.index] ?? []
          return (
            <div
              key={item.key}
              className="grid-row"
              role="row"
              style={{ transform: `translateY(${item.start}px)`, gridTemplateColumns: template, width }}
            >
              <span className="grid-num faint">{item.index + 1}</span>
              {columns.map((_c, ci) => {
                const cell = row[ci] ?? null
                return cell === null ? (
                  <span key={ci} className="grid-cell faint" role="cell">
                    NULL
                  </span>
                ) : (
                  <span key={ci} className="grid-cell truncate" role="cell" title={titleOf(cell)}>
                    <ServerText text={cell} />
                  </span>
                )
              })}
            </div>
          )
        })}
      </div>
    </div>
  )
}
