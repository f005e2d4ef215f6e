import { sortFindings, type Finding } from '../../../../shared/findings'
import type { AnalyzedNode } from '../../../../shared/plan'
import { SeverityBadge } from '../../components/SeverityBadge'
import { nodeIdForFinding } from './plan-model'

/** The plan's findings, worst first; a finding about a node selects it (and scrolls the tree to it). */
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
  if (findings.length === 0) {
    return <p className="muted">No findings: nothing in this plan crossed a rule's threshold.</p>
  }
  return (
    <ul className="plan-findings" aria-label="Plan findings">
      {sortFindings(findings).map((f, i) => {
        const id = nodeIdForFinding(f, nodes)
        const body = (
          <>
            <span className="finding-head">
              <SeverityBadge severity={f.severity} />
              <span className="finding-title wrap">{f.title}</span>
            </span>
            {f.target !== null && (
              <span className="finding-target truncate" title={f.target}>
                {f.target}
              </span>
            )}
            {f.detail !== '' && <span className="plan-finding-detail">{f.detail}</span>}
            <span className="finding-rule faint">{f.rule}</span>
          </>
        )
        return (
          <li key={`${f.rule}-${i}`} className="plan-finding" data-severity={f.severity}>
            {id === null ? (
              <div className="plan-finding-body">{body}</div>
            ) : (
              <button
                type="button"
                className="plan-finding-body"
                aria-pressed={id === selectedId}
                title={`Show node #${id}`}
                onClick={() => onSelect(id)}
              >
                {body}
              </button>
            )}
          </li>
        )
      })}
    </ul>
  )
}
