import type { Finding } from '../../../../shared/findings'
import { SeverityBadge } from '../../components/SeverityBadge'

/**
 * The explain's findings (already worst first); one about a stage selects it. Uses the plan view's
 * finding cards.
 */
export function ExplainFindings({
  findings,
  stageIds,
  selectedId,
  onSelect
}: {
  findings: Finding[]
  /** The stage each finding is about, by index; null when it is about the whole query. */
  stageIds: (number | null)[]
  selectedId: number | null
  onSelect: (id: number) => void
}) {
  if (findings.length === 0) {
    return <p className="muted">No findings: nothing in this explain crossed a rule's threshold.</p>
  }
  return (
    <ul className="plan-findings" aria-label="Explain findings">
      {findings.map((f, i) => {
        const id = stageIds[i] ?? null
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
          <li key={`${f.rule}-${i}`} className="plan-finding" data-severity={f.severity} data-rule={f.rule}>
            {id === null ? (
              <div className="plan-finding-body">{body}</div>
            ) : (
              <button
                type="button"
                className="plan-finding-body"
                aria-pressed={id === selectedId}
                title={`Show stage #${id}`}
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
