import { useState, type ReactNode } from 'react'
import type { AnalyzedText } from '../../../../shared/analysis'
import { MongoExplainResult } from './MongoExplainResult'

/**
 * The explain view for text the Paste view found to be a mongo.explain (its report carries the tree),
 * with a switch back to the plain report (the same pattern as a pasted PostgreSQL plan).
 */
export function PastedExplain({ result, report }: { result: AnalyzedText; report: ReactNode }) {
  const [showReport, setShowReport] = useState(false)
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
      </div>
      {showReport ? report : <MongoExplainResult report={result} />}
    </div>
  )
}
