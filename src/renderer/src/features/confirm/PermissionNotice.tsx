import type { ActionPermission } from '../../../../shared/actions'
import { ServerText } from '../../components/ServerText'

/**
 * What the guard found about the connection's privileges, shown above everything else in the dialog:
 * a denied action is said before any typing, with the next step, and offers no challenge.
 */
export function PermissionNotice({ permission }: { permission: ActionPermission }) {
  if (permission.verdict === 'denied') {
    return (
      <section
        className="alert confirm-permission"
        role="alert"
        aria-label="Privileges"
        data-verdict="denied"
      >
        <div className="confirm-label">Cannot succeed with this connection's privileges</div>
        <p className="wrap">
          <ServerText text={permission.reason} />
        </p>
        <p className="wrap">
          <strong>Next step:</strong> <ServerText text={permission.nextStep} />
        </p>
      </section>
    )
  }
  if (permission.verdict === 'unchecked') {
    return (
      <section className="notice confirm-permission" aria-label="Privileges" data-verdict="unchecked">
        <div className="confirm-label">Privileges not checked in advance</div>
        <p className="wrap">
          <ServerText text={permission.reason} />
        </p>
      </section>
    )
  }
  return (
    <section className="confirm-permission" aria-label="Privileges" data-verdict="permitted">
      <div className="confirm-label">Privileges</div>
      <p className="wrap faint">
        <ServerText text={permission.basis} />
      </p>
    </section>
  )
}
