import type { Finding } from '../../../../shared/findings'
import { useConfirmAction } from './confirm-context'
import { ForgetButton } from './ForgetButton'

/** The guarded action the rule attached to the finding, as a button; nothing when it names none. */
export function RemedyButton({ connectionId, finding }: { connectionId: string; finding: Finding }) {
  const confirm = useConfirmAction()
  const remedy = finding.remedy
  if (remedy === undefined)
    return finding.forgettable ? (
      <ForgetButton connectionId={connectionId} member={finding.forgettable.member} />
    ) : null
  return (
    <button
      type="button"
      className="btn btn-small btn-danger"
      title={`${remedy.action}: opens the confirm dialog; nothing runs before you type the challenge`}
      onClick={(e) => {
        e.stopPropagation()
        confirm({ connectionId, action: remedy.action, target: remedy.target })
      }}
    >
      <span className="truncate suggested-action-label">{remedy.label}…</span>
    </button>
  )
}
