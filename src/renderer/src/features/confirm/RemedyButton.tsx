import type { ExecutedAction } from '../../../../shared/actions'
import type { Finding, FindingRemedy } from '../../../../shared/findings'
import { useConfirmAction } from './confirm-context'
import { ForgetButton } from './ForgetButton'

/** One guarded action as a button that opens the confirm dialog; `onDone` hears its result. */
export function ActionButton({
  connectionId,
  remedy,
  onDone
}: {
  connectionId: string
  remedy: FindingRemedy
  onDone?: (result: ExecutedAction) => void
}) {
  const confirm = useConfirmAction()
  return (
    <button
      type="button"
      className="btn btn-small btn-danger"
      title={`${remedy.action}: opens the confirm dialog; nothing runs before you type the challenge`}
      onClick={(e) => {
        e.stopPropagation()
        confirm({ connectionId, action: remedy.action, target: remedy.target, ...(onDone ? { onDone } : {}) })
      }}
    >
      <span className="truncate suggested-action-label">{remedy.label}…</span>
    </button>
  )
}

/** The guarded action the rule attached to the finding (and its alternatives), as buttons; nothing when it names none. */
export function RemedyButton({ connectionId, finding }: { connectionId: string; finding: Finding }) {
  const remedy = finding.remedy
  if (remedy === undefined)
    return finding.forgettable ? (
      <ForgetButton connectionId={connectionId} member={finding.forgettable.member} />
    ) : null
  const alternatives = finding.alternatives ?? []
  if (alternatives.length === 0) return <ActionButton connectionId={connectionId} remedy={remedy} />
  return (
    <span className="remedy-group">
      {[remedy, ...alternatives].map((r) => (
        <ActionButton key={`${r.action} ${r.label}`} connectionId={connectionId} remedy={r} />
      ))}
    </span>
  )
}
