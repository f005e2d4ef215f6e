import { useRef, useState } from 'react'
import type { EngineKind } from '../../../../shared/connection'
import { CodeEditor } from '../../components/code-editor/CodeEditor'
import { ENGINE_LABEL } from '../../components/EngineBadge'
import { EmptyState } from '../../components/EmptyState'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { useAnalyzeText } from '../../api/queries'
import { PasteResult } from './PasteResult'

type EngineChoice = 'auto' | EngineKind

/** Paste what a server printed (EXPLAIN, INFO, SLOWLOG, rs.status()...) and get the same report as `dbconsole analyze`. */
export function PasteView() {
  const [engine, setEngine] = useState<EngineChoice>('auto')
  const [empty, setEmpty] = useState(true)
  const text = useRef('')
  const analyze = useAnalyzeText()
  const run = () => {
    if (text.current.trim() !== '') analyze.mutate({ text: text.current, engine, name: 'pasted' })
  }
  return (
    <div className="paste">
      <header className="pane-head">
        <h1>Paste output</h1>
        <span className="muted truncate">
          EXPLAIN plans, INFO, SLOWLOG, CLUSTER NODES, explain(), rs.status(), currentOp…
        </span>
      </header>
      <div className="paste-toolbar">
        <label className="inline">
          Engine
          <select
            className="input"
            style={{ width: 140 }}
            value={engine}
            onChange={(e) => setEngine(e.target.value as EngineChoice)}
          >
            <option value="auto">Detect</option>
            {(['postgres', 'redis', 'mongo'] as const).map((e) => (
              <option key={e} value={e}>
                {ENGINE_LABEL[e]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-primary"
          disabled={empty || analyze.isPending}
          onClick={run}
          title="Analyze (Ctrl+Enter)"
        >
          Analyze
        </button>
        <Progress active={analyze.isPending} label="Analyzing…" />
        <span className="faint">
          <kbd>Ctrl</kbd> <kbd>Enter</kbd> in the editor
        </span>
      </div>
      <div className="paste-body">
        <div className="paste-editor" data-testid="paste-editor">
          <CodeEditor
            language="plaintext"
            ariaLabel="Raw server output"
            wrap
            autoFocus
            onChange={(value) => {
              text.current = value
              setEmpty(value.trim() === '')
            }}
            onSubmit={run}
          />
        </div>
        <div className="paste-result" aria-label="Analysis result">
          {analyze.error !== null && <ErrorMessage error={analyze.error} prefix="Analysis failed" />}
          {analyze.data !== undefined && (
            <PasteResult report={analyze.data} text={analyze.variables?.text ?? ''} />
          )}
          {analyze.data === undefined && analyze.error === null && (
            <EmptyState title="Nothing analyzed yet">
              Paste raw output on the left, then press Analyze. dbconsole parses the text itself; nothing is
              sent to a database.
            </EmptyState>
          )}
        </div>
      </div>
    </div>
  )
}
