import { VirtualTree } from '../../components/tree/VirtualTree'
import { stageKey, type ExplainRow } from './explain-model'
import { ExplainShardRow } from './ExplainShardRow'
import { ExplainStageRow } from './ExplainStageRow'

/** The stages as a virtualised tree (the plan view's look); shard headers fold but are not selectable. */
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
      <VirtualTree
        rows={rows}
        rowKey={(row) => row.key}
        itemOf={(row) =>
          row.kind === 'shard'
            ? null
            : {
                id: row.stage.id,
                parentId: row.stage.parentId,
                hasChildren: row.stage.childIds.length > 0,
                collapsed: collapsed.has(row.key)
              }
        }
        selectedId={selectedId}
        onSelect={onSelect}
        onToggle={(id, open) => onToggle(stageKey(id), open)}
        label={label}
        testId={testId}
        className="plan-tree-scroll mx-tree-scroll"
        empty={<p className="muted plan-tree-empty">This plan has no stages the parser could read.</p>}
        renderRow={(row, domId) =>
          row.kind === 'shard' ? (
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
              domId={domId(row.stage.id)}
              flags={{
                selected: row.stage.id === selectedId,
                collapsed: collapsed.has(row.key),
                worstRatio: row.stage.id === worstRatioId
              }}
              onSelect={onSelect}
              onToggle={() => onToggle(row.key)}
            />
          )
        }
      />
    </div>
  )
}
