import { useRef, useState, type KeyboardEvent } from 'react'
import type { PreparedAction } from '../../../../shared/actions'
import { KeyValueList } from '../../components/KeyValueList'
import { Progress } from '../../components/Progress'
import { ServerText } from '../../components/ServerText'
import { useNow } from '../../components/use-now'
import { dialogPolicy } from './dialog-policy'
import { tierName } from './error-help'
import { PermissionNotice } from './PermissionNotice'

/**
 * A prepared action as the dialog shows it: what the guard found (privileges first), the server, the
 * exact statement, the preview, then the challenge and Confirm, kept in view.
 */
export function PreparedBody({
  prepared,
  sending,
  onConfirm,
  onPrepareAgain
}: {
  prepared: PreparedAction
  sending: boolean
  onConfirm: (typed: string) => void
  onPrepareAgain: () => void
}) {
  const policy = dialogPolicy(prepared)
  const [openedAt] = useState(() => Date.now())
  const [typed, setTyped] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const now = useNow(250)
  const waitLeft = Math.max(0, openedAt + policy.cooldownMs - now)
  const expired = now >= prepared.expiresAt
  const matches = typed === prepared.challenge
  // The guard refuses a denied action whatever is typed: no challenge is asked for it.
  const denied = prepared.preview.permission.verdict === 'denied'
  const canConfirm = matches && waitLeft === 0 && !expired && !sending && !denied
  const { serverIdentity: id } = prepared

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    if (policy.enterConfirms && canConfirm) onConfirm(typed)
  }

  return (
    <>
      <div className="confirm-title">
        <span className="confirm-tier" data-tier={prepared.tier}>
          Tier {prepared.tier} · {tierName(prepared.tier)}
        </span>
        <h2 className="wrap">{prepared.title}</h2>
      </div>
      <PermissionNotice permission={prepared.preview.permission} />
      <section aria-label="Server identity" className="confirm-identity">
        <div className="confirm-label">Server (as it describes itself now)</div>
        <div className="mono wrap">
          <ServerText text={id.summary} />
        </div>
        <KeyValueList
          entries={[
            ['identity', id.id],
            ['role', id.role],
            ['address', id.address]
          ]}
          label="Server identity facts"
        />
      </section>
      <section aria-label="Exact statement">
        <div className="confirm-label">Exact statement, sent once</div>
        <pre className="confirm-statement" data-testid="exact-statement">
          <ServerText text={prepared.exactStatement} />
        </pre>
        {prepared.redacted === true && (
          <p className="faint">
            Passwords are shown as *** here and in the audit log; they are sent as typed.
          </p>
        )}
      </section>
      <section aria-label="Preview">
        <div className="confirm-label">What will happen</div>
        <p className="wrap">
          <ServerText text={prepared.preview.summary} />
        </p>
        {Object.keys(prepared.preview.facts).length > 0 && (
          <KeyValueList entries={Object.entries(prepared.preview.facts)} label="Preview facts" />
        )}
        {prepared.preview.warnings.length > 0 && (
          <ul className="confirm-warnings" aria-label="Warnings">
            {prepared.preview.warnings.map((w, i) => (
              <li key={i} className="wrap">
                <ServerText text={w} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {/* Kept in view while the preview scrolls: the challenge and Confirm are never off-screen. */}
      <div className="confirm-commit">
        <label className="confirm-challenge">
          <span>
            Type{' '}
            <code className="confirm-challenge-text">
              <ServerText text={prepared.challenge} />
            </code>{' '}
            to confirm
          </span>
          <input
            ref={input}
            className="input mono"
            aria-label="Confirmation text"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            value={typed}
            aria-invalid={typed !== '' && !prepared.challenge.startsWith(typed)}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={onKeyDown}
            disabled={sending || expired || denied}
            placeholder={denied ? 'Not offered: this action cannot succeed with these privileges' : undefined}
          />
        </label>
        {expired ? (
          <div className="notice" role="status">
            The ticket expired: nothing was sent.{' '}
            <button type="button" className="btn btn-small" onClick={onPrepareAgain}>
              Prepare again
            </button>
          </div>
        ) : (
          <div className="confirm-actions">
            <button
              type="button"
              className="btn btn-danger confirm-go"
              disabled={!canConfirm}
              onClick={() => onConfirm(typed)}
            >
              {waitLeft > 0 ? `Confirm (${Math.ceil(waitLeft / 1000)} s)` : 'Confirm'}
            </button>
            {sending && <Progress active label="Sending…" />}
            <span className="faint">
              {policy.enterConfirms
                ? 'Enter confirms once the text matches.'
                : 'Enter does not confirm at this tier.'}{' '}
              Expires in {Math.max(0, Math.ceil((prepared.expiresAt - now) / 1000))} s.
            </span>
          </div>
        )}
      </div>
    </>
  )
}
