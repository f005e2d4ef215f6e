import type { AnalyzedNode } from '../../../../shared/plan'
import { KeyValueList } from '../../components/KeyValueList'
import { formatCount, formatMs, formatPercent } from '../../components/format'
import { estimateLabel } from './plan-model'

/**
 * Every raw field of the node as the parser kept it, plus what dbconsole derived. The core sends nodes
 * without their subtrees (childIds links them), so children are counted from childIds.
 */
const rawEntries = (node: AnalyzedNode): [string, unknown][] => [
  ...Object.entries(node.node).filter(([key]) => key !== 'children'),
  ['children', `${node.childIds.length} child node(s)`]
]

export function NodeDetails({ node }: { node: AnalyzedNode | null }) {
  if (node === null) {
    return (
      <section className="plan-details" aria-label="Node details">
        <p className="muted">
          Select a node in the tree, the flame graph or a finding to see all its fields.
        </p>
      </section>
    )
  }
  const derived: [string, unknown][] = [
    ['exclusive time', formatMs(node.exclusiveMs)],
    ['inclusive time', formatMs(node.inclusiveMs)],
    ['share of total', node.percentOfTotal === null ? null : formatPercent(node.percentOfTotal)],
    ['rows (all loops)', formatCount(node.totalRows)],
    ['estimate', estimateLabel(node)],
    ['rows removed', node.rowsRemoved],
    ['own temp blocks written', node.ownTempWritten],
    ['I/O time', node.ioMs === null ? null : formatMs(node.ioMs)],
    ['in parallel workers', node.parallel]
  ]
  return (
    <section className="plan-details" aria-label="Node details">
      <h3 className="truncate" title={node.title}>
        #{node.id} {node.title}
      </h3>
      <KeyValueList entries={derived} label="Derived" />
      <h3 className="plan-details-sub">Raw fields</h3>
      <KeyValueList entries={rawEntries(node)} label="Raw fields" />
    </section>
  )
}
