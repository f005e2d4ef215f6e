import type { Finding } from '../../../../shared/findings'
import { useConfirmAction } from './ConfirmProvider'
import { suggestedAction } from './suggested-actions'

/** The finding's suggested guarded action as a button; nothing when it suggests none. */
export function SuggestedActionButton({ connectionId, finding }: { connectionId: string; finding: Finding }) {
  const confirm = useConfirmAction()
  const suggestion = suggestedAction(finding)
  if (suggestion === null) return null
  return (
    <button
      type="button"
      className="btn btn-small btn-danger"
      title={`${suggestion.action}: opens the confirm dialog; nothing runs before you type the challenge`}
      onClick={(e) => {
        e.stopPropagation()
        confirm({ connectionId, action: suggestion.action, target: suggestion.target })
      }}
    >
      <span className="truncate suggested-action-label">{suggestion.label}…</span>
    </button>
  )
}
