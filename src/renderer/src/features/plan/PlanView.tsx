import './plan.css'
import { useState } from 'react'
import type { PlanAnalysis } from '../../../../shared/plan'
import { EmptyState } from '../../components/EmptyState'
import { PlanCompare } from './PlanCompare'
import { PlanInput } from './PlanInput'
import { PlanViewer } from './PlanViewer'

type Mode = 'single' | 'compare'

/** "Analyze a plan": paste or open an EXPLAIN, see where the time went; or compare two plans. */
export function PlanView() {
  const [mode, setMode] = useState<Mode>('single')
  const [analysis, setAnalysis] = useState<PlanAnalysis | null>(null)
  const [seq, setSeq] = useState(0)
  return (
    <div className="plan-page">
      <header className="pane-head">
        <h1>Analyze a plan</h1>
        <span className="muted truncate">
          PostgreSQL EXPLAIN in JSON or text, as psql, pgAdmin or a log printed it
        </span>
        <span className="spacer" />
        <div className="segmented" role="group" aria-label="Plan mode">
          <button type="button" aria-pressed={mode === 'single'} onClick={() => setMode('single')}>
            One plan
          </button>
          <button type="button" aria-pressed={mode === 'compare'} onClick={() => setMode('compare')}>
            Compare two
          </button>
        </div>
      </header>
      <div className="plan-page-body">
        {mode === 'compare' ? (
          <PlanCompare />
        ) : (
          <>
            <PlanInput
              label="Plan"
              testId="plan-editor"
              onAnalysis={(a) => {
                setAnalysis(a)
                setSeq((s) => s + 1)
              }}
            />
            {analysis === null ? (
              <EmptyState title="No plan yet">
                Paste the output of EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) — or plain EXPLAIN ANALYZE text —
                above, or open a file, then press Analyze (<kbd>Ctrl</kbd> <kbd>Enter</kbd>). Nothing is sent
                to a database.
              </EmptyState>
            ) : (
              <PlanViewer key={seq} analysis={analysis} />
            )}
          </>
        )}
      </div>
    </div>
  )
}
