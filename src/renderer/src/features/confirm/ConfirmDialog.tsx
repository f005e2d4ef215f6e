import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { PreparedAction } from '../../../../shared/actions'
import { ErrorMessage } from '../../components/ErrorMessage'
import { KeyValueList } from '../../components/KeyValueList'
import { Progress } from '../../components/Progress'
import { ServerText } from '../../components/ServerText'
import { useConnections } from '../../api/queries'
import { useNow } from '../../components/use-now'
import type { ConfirmRequest } from './confirm-context'
import { ConfirmResult } from './ConfirmResult'
import { dialogPolicy } from './dialog-policy'
import { errorHelp, tierName } from './error-help'
import { useExecuteAction, usePrepareAction } from './queries'
import './confirm.css'

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select, textarea, summary, [tabindex="0"]'

/** Tab cycles inside the dialog: nothing behind a modal may be reached by keyboard. */
const trapTab = (e: KeyboardEvent<HTMLDivElement>) => {
  if (e.key !== 'Tab') return
  const items = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE))
  const first = items[0]
  const last = items[items.length - 1]
  if (first === undefined || last === undefined) return
  if (e.shiftKey && (document.activeElement === first || document.activeElement === e.currentTarget)) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault()
    first.focus()
  }
}

/** The one confirm dialog: prepare, show what the guard found, require the challenge, execute once. */
export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest; onClose: () => void }) {
  const prepare = usePrepareAction()
  const execute = useExecuteAction()
  const { connectionId, action, target, onDone } = request
  const prepareNow = prepare.mutate
  useEffect(() => {
    prepareNow({ connectionId, action, target })
  }, [prepareNow, connectionId, action, target])

  const busy = execute.isPending
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape') return
      e.preventDefault()
      e.stopPropagation()
      // Once sent, the answer must be seen: Escape waits for it.
      if (!busy) onClose()
    }
    window.addEventListener('keydown', onKey, { capture: true })
    return () => window.removeEventListener('keydown', onKey, { capture: true })
  }, [busy, onClose])

  // Focus moves into the dialog and returns to where it was (the finding, the console) on close.
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const before = document.activeElement
    box.current?.focus()
    return () => {
      if (before instanceof HTMLElement && before.isConnected) before.focus()
    }
  }, [])

  const profile = useConnections().data?.find((p) => p.id === connectionId)
  const environment = prepare.data?.environment ?? profile?.environment ?? 'development'

  return (
    <div className="overlay confirm-overlay">
      <div
        className="confirm-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Confirm action"
        data-environment={environment}
        ref={box}
        tabIndex={-1}
        onKeyDown={trapTab}
      >
        <div className="confirm-env" data-environment={environment}>
          <span className="confirm-env-name">{environment.toUpperCase()}</span>
          <span className="truncate" title={profile?.name}>
            {profile?.name ?? connectionId}
          </span>
        </div>
        <div className="confirm-body">
          {prepare.isPending && <Progress active label="Reading the target and the server identity…" />}
          {prepare.isPending && <p className="muted">Preparing {action}…</p>}
          {prepare.error !== null && (
            <>
              <ErrorMessage error={prepare.error} prefix="Could not prepare" />
              <p className="confirm-help">{errorHelp(prepare.error.code)}</p>
            </>
          )}
          {prepare.data !== undefined && execute.data === undefined && (
            <PreparedBody
              key={prepare.data.ticketId}
              prepared={prepare.data}
              sending={busy}
              onConfirm={(typed) =>
                execute.mutate(
                  { ticketId: prepare.data.ticketId, typed },
                  { onSuccess: (result) => onDone?.(result) }
                )
              }
              onPrepareAgain={() => {
                execute.reset()
                prepare.mutate({ connectionId, action, target })
              }}
            />
          )}
          {execute.error !== null && (
            <>
              <ErrorMessage error={execute.error} prefix="Not done" />
              <p className="confirm-help">{errorHelp(execute.error.code)}</p>
            </>
          )}
          {execute.data !== undefined && <ConfirmResult result={execute.data} />}
        </div>
        <div className="confirm-foot">
          <span className="faint">
            <kbd>Esc</kbd> cancels
          </span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose} disabled={busy}>
            {execute.data !== undefined ? 'Close' : 'Cancel'}
          </button>
        </div>
      </div>
    </div>
  )
}

function PreparedBody({
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
  const canConfirm = matches && waitLeft === 0 && !expired && !sending
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
            disabled={sending || expired}
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
