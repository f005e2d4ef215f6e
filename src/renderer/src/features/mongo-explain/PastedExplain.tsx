import { useEffect, useState, type ReactNode } from 'react'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { MongoExplainResult } from './MongoExplainResult'
import { useMongoExplainAnalyze } from './queries'

/**
 * The explain view for text the Paste view found to be a mongo.explain, with a switch back to the
 * plain report (the same pattern as a pasted PostgreSQL plan).
 */
export function PastedExplain({ text, report }: { text: string; report: ReactNode }) {
  const analyze = useMongoExplainAnalyze()
  const run = analyze.mutate
  const [showReport, setShowReport] = useState(false)
  useEffect(() => {
    run({ text })
  }, [text, run])
  return (
    <div className="paste-plan">
      <div className="inline">
        <span className="muted">MongoDB explain</span>
        <div className="segmented" role="group" aria-label="Explain result view">
          <button type="button" aria-pressed={!showReport} onClick={() => setShowReport(false)}>
            Explain view
          </button>
          <button type="button" aria-pressed={showReport} onClick={() => setShowReport(true)}>
            Report
          </button>
        </div>
        <Progress active={analyze.isPending} label="Analyzing the explain…" />
      </div>
      {showReport && report}
      {!showReport && analyze.error !== null && (
        <ErrorMessage error={analyze.error} prefix="Explain analysis failed" />
      )}
      {!showReport && analyze.data !== undefined && <MongoExplainResult result={analyze.data} />}
    </div>
  )
}
