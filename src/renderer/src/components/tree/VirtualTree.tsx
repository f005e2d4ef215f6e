import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { TREE_KEYS, treeKeyMove, type TreeItem } from './tree-keys'

const ROW_PX = 28

/**
 * A keyboard-driven tree of fixed-height rows, virtualised: only the rows in view (plus an overscan)
 * are in the DOM, so a plan of thousands of nodes scrolls like one of ten. The plan tree and the
 * Mongo explain tree are this with their own rows.
 */
export function VirtualTree<R>({
  rows,
  rowKey,
  itemOf,
  selectedId,
  onSelect,
  onToggle,
  label,
  testId,
  className,
  empty,
  renderRow
}: {
  rows: readonly R[]
  rowKey: (row: R) => string | number
  /** The selectable part of a row; null for rows the keyboard skips (a shard header). */
  itemOf: (row: R) => TreeItem | null
  selectedId: number | null
  onSelect: (id: number) => void
  /** Fold (`open` false) or unfold a row from the keyboard. */
  onToggle: (id: number, open: boolean) => void
  label: string
  testId: string
  className: string
  /** Shown instead of rows when there are none. */
  empty: ReactNode
  /** One row; `domId` is the id its treeitem must carry for aria-activedescendant. */
  renderRow: (row: R, domId: (id: number) => string) => ReactNode
}) {
  const scroller = useRef<HTMLDivElement>(null)
  const prefix = useId()
  const domId = (id: number): string => `${prefix}-${id}`
  // Not memoized by the React Compiler, which is fine: this component re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12
  })
  const selectedIndex = selectedId === null ? -1 : rows.findIndex((r) => itemOf(r)?.id === selectedId)

  // Whatever selected the row (a finding, the flame graph, the keyboard), bring it into view.
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtual])

  const onKeyDown = (event: KeyboardEvent) => {
    if (!TREE_KEYS.has(event.key)) return
    event.preventDefault()
    const items = rows.map(itemOf).filter((item): item is TreeItem => item !== null)
    const move = treeKeyMove(event.key, items, selectedId)
    if (move === null) return
    if ('select' in move) onSelect(move.select)
    else onToggle(move.toggle, move.open)
  }

  return (
    <div
      ref={scroller}
      className={className}
      role="tree"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={selectedIndex >= 0 && selectedId !== null ? domId(selectedId) : undefined}
      onKeyDown={onKeyDown}
      data-testid={testId}
    >
      {rows.length === 0 ? (
        empty
      ) : (
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows[item.index]
            if (row === undefined) return null
            return (
              <div
                key={rowKey(row)}
                className="plan-row-slot"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_PX }}
              >
                {renderRow(row, domId)}
              </div>
            )
          })}
        </div>
      )}
    </div>
  )
}
