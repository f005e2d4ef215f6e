import { useEffect, useRef, type KeyboardEvent } from 'react'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { useConnections } from '../../api/queries'
import type { ConfirmRequest } from './confirm-context'
import { ConfirmResult } from './ConfirmResult'
import { errorHelp } from './error-help'
import { PreparedBody } from './PreparedBody'
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
