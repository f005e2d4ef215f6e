import '../plan/plan.css'
import './mongo-explain.css'
import { lazy, Suspense, useRef, useState } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import type { EditorLoad } from '../plan/PlanEditor'
import { MongoExplainResult } from './MongoExplainResult'
import { useMongoExplainAnalyze } from './queries'
import { useTextFile } from '../../components/use-text-file'

const PlanEditor = lazy(() => import('../plan/PlanEditor').then((m) => ({ default: m.PlanEditor })))

/** Files bigger than the core accepts are refused before reading them into memory. */

/** "Analyze a Mongo explain": paste explain() output, see the stage tree, what it read and why. */
export function MongoExplainView() {
  const text = useRef('')
  const [empty, setEmpty] = useState(true)
  const [load, setLoad] = useState<EditorLoad | null>(null)
  const [seq, setSeq] = useState(0)
  const analyze = useMongoExplainAnalyze()

  const run = () => {
    if (text.current.trim() === '') return
    analyze.mutate({ text: text.current }, { onSettled: () => setSeq((s) => s + 1) })
  }

  const { onFile, fileError } = useTextFile((value) => {
    text.current = value
    setEmpty(value.trim() === '')
    setLoad((old) => ({ text: value, seq: (old?.seq ?? 0) + 1 }))
  })

  return (
    <div className="plan-page">
      <header className="pane-head">
        <h1>Analyze a Mongo explain</h1>
        <span className="muted truncate">
          explain() of find or aggregate: JSON, Extended JSON or mongo-shell text, any verbosity, sharded or
          not
        </span>
      </header>
      <div className="plan-page-body">
        <div className="plan-input" role="group" aria-label="Explain">
          <div className="plan-input-bar">
            <span className="plan-input-label">Explain</span>
            <button
              type="button"
              className="btn btn-primary btn-small"
              disabled={empty || analyze.isPending}
              onClick={run}
              title="Analyze (Ctrl+Enter)"
            >
              Analyze
            </button>
            <label className="btn btn-small plan-file">
              Open file…
              <input type="file" accept=".json,.txt,.log,text/plain,application/json" onChange={onFile} />
            </label>
            <Progress active={analyze.isPending} label="Analyzing…" />
          </div>
          <div className="plan-editor mx-editor" data-testid="mongo-explain-editor">
            <Suspense fallback={<span className="muted">Loading editor…</span>}>
              <PlanEditor
                language="plaintext"
                ariaLabel="Explain output"
                load={load}
                onChange={(value) => {
                  text.current = value
                  setEmpty(value.trim() === '')
                }}
                onSubmit={run}
              />
            </Suspense>
          </div>
          {fileError !== null && <ErrorMessage error={{ code: 'FILE', message: fileError }} />}
          {analyze.error !== null && <ErrorMessage error={analyze.error} prefix="Analysis failed" />}
        </div>
        {analyze.data === undefined ? (
          analyze.error === null && (
            <EmptyState title="No explain yet">
              Paste the output of <code>db.collection.find(…).explain("executionStats")</code> (or an
              aggregate’s explain) above, or open a file, then press Analyze (<kbd>Ctrl</kbd> <kbd>Enter</kbd>
              ). Shell text with ISODate(), NumberLong() or ObjectId() is fine. Nothing is sent to a database.
            </EmptyState>
          )
        ) : (
          <MongoExplainResult key={seq} result={analyze.data} />
        )}
      </div>
    </div>
  )
}
