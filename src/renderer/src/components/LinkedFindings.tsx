import type { Finding } from '../../../shared/findings'
import { SeverityBadge } from './SeverityBadge'

/**
 * Findings as cards in the given order; a finding about one row of a tree (a plan node, an explain stage)
 * is a button that selects that row. Used by the plan and the Mongo explain views.
 */
export function LinkedFindings({
  findings,
  rowIds,
  rowName,
  label,
  emptyText,
  selectedId,
  onSelect
}: {
  findings: Finding[]
  /** The row each finding is about, by index; null when it is about the whole plan or query. */
  rowIds: (number | null)[]
  /** 'node' or 'stage': how the button names what it selects. */
  rowName: string
  label: string
  emptyText: string
  selectedId: number | null
  onSelect: (id: number) => void
}) {
  if (findings.length === 0) return <p className="muted">{emptyText}</p>
  return (
    <ul className="plan-findings" aria-label={label}>
      {findings.map((f, i) => {
        const id = rowIds[i] ?? null
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
                title={`Show ${rowName} #${id}`}
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
