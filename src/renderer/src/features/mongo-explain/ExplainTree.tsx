import { useEffect, useId, useRef, type KeyboardEvent } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { stageKey, type ExplainRow } from './explain-model'
import { ExplainShardRow } from './ExplainShardRow'
import { ExplainStageRow } from './ExplainStageRow'

const ROW_PX = 28

/** The stages as a virtualized tree (the plan view's look): only rows in view are in the DOM. */
export function ExplainTree({
  rows,
  selectedId,
  collapsed,
  worstRatioId,
  onSelect,
  onToggle,
  label,
  testId
}: {
  rows: ExplainRow[]
  selectedId: number | null
  collapsed: ReadonlySet<string>
  worstRatioId: number | null
  onSelect: (id: number) => void
  onToggle: (key: string, open?: boolean) => void
  label: string
  testId: string
}) {
  const scroller = useRef<HTMLDivElement>(null)
  const prefix = useId()
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12
  })
  const selectedIndex = rows.findIndex((r) => r.kind === 'stage' && r.stage.id === selectedId)

  // Whatever selected the stage (a finding, the keyboard), bring it into view.
  useEffect(() => {
    if (selectedIndex >= 0) virtual.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtual])

  const onKeyDown = (event: KeyboardEvent) => {
    const stageRows = rows.filter((r) => r.kind === 'stage')
    const at = stageRows.findIndex((r) => r.stage.id === selectedId)
    const current = stageRows[at]?.stage
    const go = (index: number) => {
      const row = stageRows[Math.max(0, Math.min(stageRows.length - 1, index))]
      if (row !== undefined) onSelect(row.stage.id)
    }
    const keys: Record<string, () => void> = {
      ArrowDown: () => go(at + 1),
      ArrowUp: () => go(at <= 0 ? 0 : at - 1),
      Home: () => go(0),
      End: () => go(stageRows.length - 1),
      ArrowRight: () => {
        if (current !== undefined && current.childIds.length > 0) onToggle(stageKey(current.id), true)
      },
      ArrowLeft: () => {
        if (current === undefined) return
        if (current.childIds.length > 0 && !collapsed.has(stageKey(current.id)))
          onToggle(stageKey(current.id), false)
        else if (current.parentId !== null) onSelect(current.parentId)
      }
    }
    const action = keys[event.key]
    if (action === undefined) return
    event.preventDefault()
    action()
  }

  return (
    <div className="plan-tree mx-tree">
      <div className="plan-row mx-row plan-row-head" aria-hidden="true">
        <div className="plan-cell plan-cell-node">Stage</div>
        <div className="plan-cell mx-cell-filter">Filter</div>
        <div className="plan-cell mx-cell-num" title="nReturned">
          Returned
        </div>
        <div className="plan-cell mx-cell-num" title="docsExamined">
          Docs ex.
        </div>
        <div className="plan-cell mx-cell-num" title="keysExamined">
          Keys ex.
        </div>
        <div className="plan-cell mx-cell-num" title="executionTimeMillisEstimate (stage and its inputs)">
          Time est.
        </div>
      </div>
      <div
        ref={scroller}
        className="plan-tree-scroll mx-tree-scroll"
        role="tree"
        aria-label={label}
        tabIndex={0}
        aria-activedescendant={selectedIndex >= 0 ? `${prefix}-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        {rows.length === 0 ? (
          <p className="muted plan-tree-empty">This plan has no stages the parser could read.</p>
        ) : (
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const row = rows[item.index]
              if (row === undefined) return null
              return (
                <div
                  key={row.key}
                  className="plan-row-slot"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_PX }}
                >
                  {row.kind === 'shard' ? (
                    <ExplainShardRow
                      shard={row.shard}
                      depth={row.depth}
                      totals={row.totals}
                      collapsed={collapsed.has(row.key)}
                      onToggle={() => onToggle(row.key)}
                    />
                  ) : (
                    <ExplainStageRow
                      stage={row.stage}
                      depth={row.depth}
                      domId={`${prefix}-${row.stage.id}`}
                      flags={{
                        selected: row.stage.id === selectedId,
                        collapsed: collapsed.has(row.key),
                        worstRatio: row.stage.id === worstRatioId
                      }}
                      onSelect={onSelect}
                      onToggle={() => onToggle(row.key)}
                    />
                  )}
                </div>
              )
            })}
          </div>
        )}
      </div>
    </div>
  )
}
