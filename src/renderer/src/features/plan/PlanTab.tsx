import './plan.css'
import { useRef, useState } from 'react'
import { CodeEditor } from '../../components/code-editor/CodeEditor'
import { EmptyState } from '../../components/EmptyState'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import type { ConnectionTabProps } from '../workspace/tab-registry'
import { PlanViewer } from './PlanViewer'
import { usePlanExplain } from './queries'

const MODE_TEXT = {
  'plan-only': 'Plan only: the statement was not executed.',
  'read-only-transaction': 'Executed inside BEGIN READ ONLY with timeouts, then rolled back.'
} as const

/** Live EXPLAIN on a PostgreSQL connection; the core refuses what it cannot run safely and says why. */
export function PlanTab({ profile }: ConnectionTabProps) {
  const sql = useRef('')
  const [empty, setEmpty] = useState(true)
  const [analyze, setAnalyze] = useState(false)
  const [buffers, setBuffers] = useState(false)
  const explain = usePlanExplain()
  const run = () => {
    if (sql.current.trim() === '') return
    explain.mutate({ connectionId: profile.id, sql: sql.current, analyze, buffers })
  }
  return (
    <div className="plan-live">
      <div className="plan-input" role="group" aria-label="Statement">
        <div className="plan-input-bar">
          <span className="plan-input-label">Statement</span>
          <label
            className="check"
            title="Runs the statement: only SELECTs, inside a read-only transaction that is rolled back"
          >
            <input type="checkbox" checked={analyze} onChange={(e) => setAnalyze(e.target.checked)} />
            ANALYZE
          </label>
          <label className="check">
            <input type="checkbox" checked={buffers} onChange={(e) => setBuffers(e.target.checked)} />
            BUFFERS
          </label>
          <button
            type="button"
            className="btn btn-primary btn-small"
            disabled={empty || explain.isPending}
            onClick={run}
            title="EXPLAIN (Ctrl+Enter)"
          >
            {analyze ? 'EXPLAIN ANALYZE' : 'EXPLAIN'}
          </button>
          <Progress active={explain.isPending} label={analyze ? 'Running the statement…' : 'Planning…'} />
          <span className="faint truncate">
            ANALYZE runs SELECTs only; writes, FOR UPDATE/SHARE and side-effecting functions are refused.
          </span>
        </div>
        <div className="plan-editor plan-editor-sql" data-testid="explain-editor">
          <CodeEditor
            language="sql"
            ariaLabel="SQL statement to EXPLAIN"
            wrap
            onChange={(value) => {
              sql.current = value
              setEmpty(value.trim() === '')
            }}
            onSubmit={run}
          />
        </div>
      </div>
      <div aria-label="EXPLAIN result" role="region">
        {explain.error !== null && <ErrorMessage error={explain.error} prefix="EXPLAIN refused" />}
        {explain.data !== undefined && explain.error === null && (
          <>
            <p className="muted plan-mode" role="status">
              {MODE_TEXT[explain.data.mode]}
            </p>
            <PlanViewer key={explain.submittedAt} analysis={explain.data.analysis} />
            <details className="plan-raw">
              <summary className="muted">Raw EXPLAIN output</summary>
              <pre>{explain.data.raw}</pre>
            </details>
          </>
        )}
        {explain.data === undefined && explain.error === null && (
          <EmptyState title="No plan yet">
            Type a statement and press EXPLAIN (<kbd>Ctrl</kbd> <kbd>Enter</kbd>). Without ANALYZE nothing is
            executed; with ANALYZE a SELECT runs in a read-only transaction that is rolled back.
          </EmptyState>
        )}
      </div>
    </div>
  )
}
