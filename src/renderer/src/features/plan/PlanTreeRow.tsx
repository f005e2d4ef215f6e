import { memo } from 'react'
import type { AnalyzedNode } from '../../../../shared/plan'
import { formatCompact, formatCount, formatMs, formatPercent } from '../../components/format'
import { sameRowProps } from '../../components/tree/same-row-props'
import { TreeToggle } from '../../components/tree/TreeToggle'
import { BAD_ESTIMATE_FACTOR, barPercent, estimateLabel } from './plan-model'

export interface RowFlags {
  selected: boolean
  collapsed: boolean
  match: boolean
  slowest: boolean
  worstEstimate: boolean
}

const INDENT_PX = 14

const buffersText = (n: AnalyzedNode): string => {
  const b = n.node.buffers
  if (b === null) return '—'
  const parts = [`hit ${formatCount(b.sharedHit)}`, `read ${formatCount(b.sharedRead)}`]
  if (b.sharedWritten > 0) parts.push(`written ${formatCount(b.sharedWritten)}`)
  if (b.tempRead + b.tempWritten > 0) parts.push(`temp ${formatCount(b.tempRead + b.tempWritten)}`)
  return parts.join(' · ')
}

/** One plan node as a tree row: name and badges, own time bar, rows estimated vs actual, loops, buffers. */
function PlanTreeRowView({
  node,
  flags,
  showBuffers,
  domId,
  onSelect,
  onToggle
}: {
  node: AnalyzedNode
  flags: RowFlags
  showBuffers: boolean
  domId: string
  onSelect: (id: number) => void
  onToggle: (id: number) => void
}) {
  const n = node.node
  const hasKids = node.childIds.length > 0
  const estimate = estimateLabel(node)
  const bad = (node.estimateFactor ?? 0) >= BAD_ESTIMATE_FACTOR
  const pct = barPercent(node.percentOfTotal)
  const prefix =
    n.subplanName ??
    (n.parentRelationship === 'InitPlan' || n.parentRelationship === 'SubPlan' ? n.parentRelationship : null)
  return (
    <div
      id={domId}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-selected={flags.selected}
      aria-expanded={hasKids ? !flags.collapsed : undefined}
      className="plan-row"
      data-node-id={node.id}
      data-match={flags.match || undefined}
      data-never={n.neverExecuted || undefined}
      onClick={() => onSelect(node.id)}
    >
      <div className="plan-cell plan-cell-node" style={{ paddingLeft: 4 + node.depth * INDENT_PX }}>
        <TreeToggle show={hasKids} collapsed={flags.collapsed} onToggle={() => onToggle(node.id)} />
        <span className="plan-node-id faint">#{node.id}</span>
        {prefix !== null && (
          <span className="plan-subplan faint truncate" title={prefix}>
            {prefix}
          </span>
        )}
        <span className="plan-node-title truncate" title={node.title}>
          {node.title}
        </span>
        {flags.slowest && (
          <span className="plan-badge plan-badge-slowest" title="Slowest node: the most exclusive time">
            slowest
          </span>
        )}
        {flags.worstEstimate && (
          <span
            className="plan-badge plan-badge-estimate"
            data-mild={bad ? undefined : true}
            title={
              bad ? 'Worst row estimate in the plan' : 'Worst row estimate in the plan (under 10x: mild)'
            }
          >
            worst estimate
          </span>
        )}
        {n.neverExecuted && <span className="plan-badge plan-badge-never">never executed</span>}
        {node.parallel && (
          <span className="plan-badge plan-badge-parallel" title="Runs in parallel workers">
            ∥
          </span>
        )}
      </div>
      <div
        className="plan-cell plan-cell-time"
        title={`Exclusive ${formatMs(node.exclusiveMs)} · inclusive ${formatMs(node.inclusiveMs)}`}
      >
        <span className="plan-bar" aria-hidden="true">
          <span
            className="plan-bar-fill"
            style={{ width: `${pct}%` }}
            data-heat={pct >= 50 ? 3 : pct >= 20 ? 2 : pct >= 5 ? 1 : 0}
          />
        </span>
        <span className="plan-num">{formatMs(node.exclusiveMs)}</span>
        <span className="plan-num faint">
          {node.percentOfTotal === null ? '' : formatPercent(node.percentOfTotal)}
        </span>
      </div>
      <div
        className="plan-cell plan-cell-rows"
        title={`Planned ${formatCount(n.planRows)} rows per loop, got ${formatCount(n.actualRows)} per loop`}
      >
        <span className="plan-num">
          {formatCompact(n.planRows)} → {formatCompact(n.actualRows)}
        </span>
      </div>
      <div
        className="plan-cell plan-cell-estimate"
        data-bad={bad || undefined}
        title={estimate === null ? 'Not analyzed' : `Estimate ${estimate} (factor ${node.estimateFactor})`}
      >
        {estimate !== null && (
          <span className="plan-factor" data-direction={node.estimateDirection}>
            {estimate}
          </span>
        )}
      </div>
      <div className="plan-cell plan-cell-loops plan-num" title="Loops">
        {formatCount(n.actualLoops)}
      </div>
      {showBuffers && (
        <div
          className="plan-cell plan-cell-buffers truncate"
          title={`Buffers (including children): ${buffersText(node)}`}
        >
          {buffersText(node)}
        </div>
      )}
    </div>
  )
}

/** Memoised: a scroll re-renders only the rows that come into view. */
export const PlanTreeRow = memo(PlanTreeRowView, sameRowProps)
