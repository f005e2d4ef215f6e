import type { AnalyzedNode } from '../../../../shared/plan'
import { VirtualTree } from '../../components/tree/VirtualTree'
import { PlanTreeRow } from './PlanTreeRow'

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

/** The plan as a virtualised tree: only the rows in view are in the DOM, so 1,500 nodes stay fluid. */
export function PlanTree(props: PlanTreeProps) {
  const { rows, selectedId, collapsed, matches, onSelect, onToggle } = props
  // Without BUFFERS the column would be all dashes: give its width to the node names instead.
  const showBuffers = rows.some((r) => r.node.buffers !== null)
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
      <VirtualTree
        rows={rows}
        rowKey={(node) => node.id}
        itemOf={(node) => ({
          id: node.id,
          parentId: node.parentId,
          hasChildren: node.childIds.length > 0,
          collapsed: collapsed.has(node.id)
        })}
        selectedId={selectedId}
        onSelect={onSelect}
        onToggle={onToggle}
        label="Plan nodes"
        testId="plan-tree"
        className="plan-tree-scroll"
        empty={
          <p className="muted plan-tree-empty">No node matches the search. Clear it to see the whole plan.</p>
        }
        renderRow={(node, domId) => (
          <PlanTreeRow
            node={node}
            domId={domId(node.id)}
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
        )}
      />
    </div>
  )
}
