import { useEffect, useRef, useState } from 'react'
import type { ActionId } from '../../../../shared/actions'
import type { ConsoleResult } from '../../../../shared/console'
import { CodeEditor, type EditorLoad } from '../../components/code-editor/CodeEditor'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { useConfirmAction } from '../confirm/confirm-context'
import type { ConnectionTabProps } from '../workspace/tab-registry'
import { addToHistory, loadDraft, loadHistory, saveDraft, saveHistory } from './console-storage'
import { CONSOLE_LANGUAGE } from './console-language'
import { ConsoleResultView } from './ConsoleResultView'
import { HistoryList } from './HistoryList'
import { useConsoleRun } from './queries'
import './console.css'

const DRAFT_DEBOUNCE_MS = 500

type Confirmation = Extract<ConsoleResult, { kind: 'confirmation-required' }>

/** One statement at a time against this connection; anything not provably read-only goes to the confirm dialog. */
export function ConsoleTab({ profile }: ConnectionTabProps) {
  const connectionId = profile.id
  const [initial] = useState(() => loadDraft(connectionId))
  const [history, setHistory] = useState(() => loadHistory(connectionId))
  const [restore, setRestore] = useState<EditorLoad | null>(null)
  const [empty, setEmpty] = useState(initial.trim() === '')
  const text = useRef(initial)
  const draftTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const run = useConsoleRun()
  const confirm = useConfirmAction()

  // Flush a pending draft when leaving the tab, so nothing typed is lost.
  useEffect(
    () => () => {
      if (draftTimer.current !== null) {
        clearTimeout(draftTimer.current)
        saveDraft(connectionId, text.current)
      }
    },
    [connectionId]
  )

  const onChange = (value: string) => {
    text.current = value
    setEmpty(value.trim() === '')
    if (draftTimer.current !== null) clearTimeout(draftTimer.current)
    draftTimer.current = setTimeout(() => {
      draftTimer.current = null
      saveDraft(connectionId, value)
    }, DRAFT_DEBOUNCE_MS)
  }

  const openConfirm = (c: Confirmation) =>
    confirm({ connectionId, action: c.action as ActionId, target: c.target })

  const submit = () => {
    const statement = text.current
    if (statement.trim() === '' || run.isPending) return
    const next = addToHistory(loadHistory(connectionId), statement, Date.now())
    saveHistory(connectionId, next)
    setHistory(next)
    run.mutate(
      { connectionId, text: statement },
      { onSuccess: (result) => result.kind === 'confirmation-required' && openConfirm(result) }
    )
  }

  return (
    <div className="console">
      <div className="console-toolbar">
        <button
          type="button"
          className="btn btn-primary"
          onClick={submit}
          disabled={empty || run.isPending}
          title="Run (Ctrl+Enter)"
        >
          Run
        </button>
        <span className="faint">
          <kbd>Ctrl</kbd> <kbd>Enter</kbd> runs · read-only statements run at once; anything else asks for
          confirmation
        </span>
        <span className="spacer" />
        <Progress active={run.isPending} label="Running…" />
      </div>
      <div className="console-body">
        <div className="console-main">
          <div className="console-editor" data-testid="console-editor">
            <CodeEditor
              language={CONSOLE_LANGUAGE[profile.engine].language}
              ariaLabel="Console statement"
              placeholder={CONSOLE_LANGUAGE[profile.engine].placeholder}
              initial={initial}
              load={restore}
              wrap
              autoFocus
              onChange={onChange}
              onSubmit={submit}
            />
          </div>
          <div className="console-result" aria-label="Console result">
            {run.error !== null && (
              <ErrorMessage
                error={run.error}
                prefix={run.error.code === 'CANCELLED' ? 'Stopped' : 'Not run'}
              />
            )}
            {run.data !== undefined && <ConsoleResultView result={run.data} onConfirm={openConfirm} />}
            {run.data === undefined && run.error === null && !run.isPending && (
              <p className="muted console-pad">
                Write a statement above and press Run. Results are capped (rows and bytes) and shown as text.
              </p>
            )}
          </div>
        </div>
        <aside className="console-side" aria-label="Statement history">
          <div className="console-side-head">History</div>
          <HistoryList
            history={history}
            onPick={(t) => setRestore((r) => ({ text: t, seq: (r?.seq ?? 0) + 1 }))}
          />
        </aside>
      </div>
    </div>
  )
}
