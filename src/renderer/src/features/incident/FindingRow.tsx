import { SeverityBadge } from '../../components/SeverityBadge'
import { RemedyButton } from '../confirm/RemedyButton'
import type { IncidentFinding } from './incident-model'
import { ServerText } from '../../components/ServerText'
import { showHidden } from '../../../../shared/hidden-chars'

/** One finding: a button that opens its view, and the remedy the rule attached, when there is one. */
export function FindingRow({
  item,
  actionSlot,
  onOpen
}: {
  item: IncidentFinding
  /** Keep room for an action even when this finding has none, so columns line up with rows that do. */
  actionSlot: boolean
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
        title={showHidden(
          `${finding.title}\n\n${finding.detail}\n\nFirst seen ${new Date(item.firstSeen).toLocaleString()}`
        )}
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
        <span className="incident-title truncate">
          <ServerText text={finding.title} />
        </span>
        {finding.target !== null && (
          <span className="incident-target mono truncate">
            <ServerText text={finding.target} />
          </span>
        )}
        <span className="finding-rule faint truncate">{finding.rule}</span>
      </button>
      {actionSlot && (
        <span className="incident-action">
          <RemedyButton connectionId={item.connectionId} finding={finding} />
        </span>
      )}
    </li>
  )
}
