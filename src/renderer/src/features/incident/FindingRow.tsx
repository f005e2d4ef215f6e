import { SeverityBadge } from '../../components/SeverityBadge'
import { SuggestedActionButton } from '../confirm/SuggestedActionButton'
import type { IncidentFinding } from './incident-model'

/** One finding: a button that opens its view, and the suggested action when there is one. */
export function FindingRow({
  item,
  onOpen
}: {
  item: IncidentFinding
  onOpen: (item: IncidentFinding) => void
}) {
  const { finding } = item
  return (
    <li className="incident-finding" data-severity={finding.severity} data-new={item.isNew}>
      <button
        type="button"
        className="incident-open"
        data-finding-open
        data-rule={finding.rule}
        title={`${finding.title}\n\n${finding.detail}`}
        onClick={() => onOpen(item)}
      >
        <SeverityBadge severity={finding.severity} />
        {item.isNew && (
          <span
            className="chip incident-new"
            title={`First seen ${new Date(item.firstSeen).toLocaleTimeString()}`}
          >
            new
          </span>
        )}
        <span className="incident-title truncate">{finding.title}</span>
        {finding.target !== null && <span className="incident-target mono truncate">{finding.target}</span>}
        <span className="finding-rule faint truncate">{finding.rule}</span>
      </button>
      <SuggestedActionButton connectionId={item.connectionId} finding={finding} />
    </li>
  )
}
