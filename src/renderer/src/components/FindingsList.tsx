import type { ReactNode } from 'react'
import type { Finding } from '../../../shared/findings'
import { KeyValueList } from './KeyValueList'
import { SeverityBadge } from './SeverityBadge'
import { ServerText } from './ServerText'

/**
 * Findings in the order main ranked them (worst first): severity, title, what it is about, detail and the
 * evidence, all as text. `action` renders a control per finding (the views pass the rule's remedy).
 */
export function FindingsList({
  findings,
  emptyText = 'No findings: nothing here needs attention.',
  action
}: {
  findings: Finding[]
  emptyText?: string
  action?: (finding: Finding) => ReactNode
}) {
  if (findings.length === 0) return <p className="muted">{emptyText}</p>
  return (
    <ul className="findings" aria-label="Findings">
      {findings.map((finding, i) => (
        <li key={`${finding.rule}-${i}`} className="finding" data-severity={finding.severity}>
          <div className="finding-head">
            <SeverityBadge severity={finding.severity} />
            <span className="finding-title">
              <ServerText text={finding.title} />
            </span>
            <span className="finding-rule truncate" title={finding.rule}>
              {finding.rule}
            </span>
          </div>
          {finding.subject !== undefined && (
            <div className="finding-subject" data-subject-kind={finding.subject.kind}>
              <span className="muted">{finding.subject.kind}</span> <ServerText text={finding.subject.name} />
            </div>
          )}
          {finding.target !== null && finding.target !== finding.subject?.name && (
            <div className="finding-target">
              <ServerText text={finding.target} />
            </div>
          )}
          {action?.(finding)}
          {finding.detail !== '' && (
            <p className="finding-detail">
              <ServerText text={finding.detail} />
            </p>
          )}
          {Object.keys(finding.evidence).length > 0 && (
            <KeyValueList
              className="evidence"
              entries={Object.entries(finding.evidence)}
              label="Evidence"
              units={finding.units}
            />
          )}
        </li>
      ))}
    </ul>
  )
}
