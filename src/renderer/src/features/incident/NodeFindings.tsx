import { useState } from 'react'
import { FindingRow } from './FindingRow'
import type { IncidentFinding, NodeGroup } from './incident-model'

/** A node's findings; info ones start folded so warnings and criticals stay on the first screen. */
export function NodeFindings({ node, onOpen }: { node: NodeGroup; onOpen: (item: IncidentFinding) => void }) {
  const [showInfo, setShowInfo] = useState(false)
  const info = node.findings.filter((f) => f.finding.severity === 'info' && !f.isNew)
  const shown = showInfo ? node.findings : node.findings.filter((f) => !info.includes(f))
  const actionSlot = shown.some((f) => f.finding.remedy !== undefined)
  return (
    <>
      {shown.length > 0 && (
        <ul className="incident-findings" aria-label={`Findings on ${node.node}`}>
          {shown.map((f) => (
            <FindingRow key={f.key} item={f} actionSlot={actionSlot} onOpen={onOpen} />
          ))}
        </ul>
      )}
      {info.length > 0 && (
        <button
          type="button"
          className="btn btn-ghost btn-small incident-more"
          aria-expanded={showInfo}
          onClick={() => setShowInfo((v) => !v)}
        >
          {showInfo ? 'Hide' : 'Show'} {info.length} info finding{info.length === 1 ? '' : 's'}
        </button>
      )}
    </>
  )
}
