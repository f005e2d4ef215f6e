import type { Finding } from '../../../../shared/findings'
import type { AnalyzedNode } from '../../../../shared/plan'
import { LinkedFindings } from '../../components/LinkedFindings'
import { nodeIdForFinding } from './plan-model'

/** The plan's findings as main ranked them (worst first); a finding about a node selects it (and scrolls the tree to it). */
export function PlanFindings({
  findings,
  nodes,
  selectedId,
  onSelect
}: {
  findings: Finding[]
  nodes: readonly AnalyzedNode[]
  selectedId: number | null
  onSelect: (id: number) => void
}) {
  return (
    <LinkedFindings
      findings={findings}
      rowIds={findings.map((f) => nodeIdForFinding(f, nodes))}
      rowName="node"
      label="Plan findings"
      emptyText="No findings: nothing in this plan crossed a rule's threshold."
      selectedId={selectedId}
      onSelect={onSelect}
    />
  )
}
