import { useEffect, useId, useRef, type KeyboardEvent } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import type { AnalyzedNode } from '../../../../shared/plan'
import { PlanTreeRow } from './PlanTreeRow'

const ROW_PX = 28

export interface PlanTreeProps {
  rows: AnalyzedNode[]
  selectedId: number | null
  collapsed: ReadonlySet<number>
  matches: ReadonlySet<number> | null
  slowestId: number | null
  worstEstimateId: number | null
  onSelect: (id: number) => void
  onToggle: (id: number, open?: boolean) => void
}

/** The plan as a virtualized tree: only the rows in view are in the DOM, so 1,000 nodes stay fluid. */
export function PlanTree(props: PlanTreeProps) {
  const { rows, selectedId, collapsed, matches, onSelect, onToggle } = props
  const scroller = useRef<HTMLDivElement>(null)
  const prefix = useId()
  // Not memoized by the React Compiler, which is fine: this component re-renders on scroll anyway.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12
  })
  const selectedIndex = rows.findIndex((r) => r.id === selectedId)
  // Without BUFFERS the column would be all dashes: give its width to the node names instead.
  const showBuffers = rows.some((r) => r.node.buffers !== null)

  // Whatever selected the node (a finding, the flame graph, the keyboard), bring it into view.
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtual])

  const onKeyDown = (event: KeyboardEvent) => {
    const current = rows[selectedIndex]
    const go = (index: number) => {
      const row = rows[Math.max(0, Math.min(rows.length - 1, index))]
      if (row !== undefined) onSelect(row.id)
    }
    const keys: Record<string, () => void> = {
      ArrowDown: () => go(selectedIndex + 1),
      ArrowUp: () => go(selectedIndex <= 0 ? 0 : selectedIndex - 1),
      Home: () => go(0),
      End: () => go(rows.length - 1),
      PageDown: () => go(selectedIndex + 20),
      PageUp: () => go(selectedIndex - 20),
      ArrowRight: () => {
        if (current !== undefined && current.childIds.length > 0) onToggle(current.id, true)
      },
      ArrowLeft: () => {
        if (current === undefined) return
        if (current.childIds.length > 0 && !collapsed.has(current.id)) onToggle(current.id, false)
        else if (current.parentId !== null) onSelect(current.parentId)
      }
    }
    const action = keys[event.key]
    if (action === undefined) return
    event.preventDefault()
    action()
  }

  return (
    <div className="plan-tree" data-buffers={showBuffers}>
      <div className="plan-row plan-row-head" aria-hidden="true">
        <div className="plan-cell plan-cell-node">Node</div>
        <div className="plan-cell plan-cell-time">Own time</div>
        <div className="plan-cell plan-cell-rows">Rows plan → act</div>
        <div className="plan-cell plan-cell-estimate">Estimate</div>
        <div className="plan-cell plan-cell-loops">Loops</div>
        {showBuffers && <div className="plan-cell plan-cell-buffers">Buffers</div>}
      </div>
      <div
        ref={scroller}
        className="plan-tree-scroll"
        role="tree"
        aria-label="Plan nodes"
        tabIndex={0}
        aria-activedescendant={selectedIndex >= 0 ? `${prefix}-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="plan-tree"
      >
        {rows.length === 0 ? (
          <p className="muted plan-tree-empty">No node matches the search. Clear it to see the whole plan.</p>
        ) : (
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const node = rows[item.index]
              if (node === undefined) return null
              return (
                <div
                  key={node.id}
                  className="plan-row-slot"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_PX }}
                >
                  <PlanTreeRow
                    node={node}
                    domId={`${prefix}-${node.id}`}
                    showBuffers={showBuffers}
                    flags={{
                      selected: node.id === selectedId,
                      collapsed: collapsed.has(node.id),
                      match: matches?.has(node.id) === true,
                      slowest: node.id === props.slowestId,
                      worstEstimate: node.id === props.worstEstimateId
                    }}
                    onSelect={onSelect}
                    onToggle={onToggle}
                  />
                </div>
              )
            })}
          </div>
        )}
      </div>
    </div>
  )
}
