import { useState } from 'react'
import type { AnalyzedText } from '../../../../shared/analysis'
import { ENGINE_LABEL } from '../../components/EngineBadge'
import { ReportView } from '../../components/ReportView'
import { PastedExplain } from '../mongo-explain/PastedExplain'
import { PlanViewer } from '../plan/PlanViewer'

/**
 * Routes by what the text turned out to be: a PostgreSQL plan opens the plan viewer, a Mongo explain the
 * explain view (both on the tree the report carries: the paste was parsed once), anything else the report.
 */
export function PasteResult({ result }: { result: AnalyzedText }) {
  const { view, ...report } = result
  const [showReport, setShowReport] = useState(false)
  const reportView = (
    <ReportView
      report={report}
      title={`${report.engine === null ? 'Unknown engine' : ENGINE_LABEL[report.engine]} output`}
      summaryOpen
    />
  )
  if (view?.kind === 'mongo.explain') return <PastedExplain result={result} report={reportView} />
  if (view?.kind !== 'pg.plan') return reportView
  return (
    <div className="paste-plan">
      <div className="inline">
        <span className="muted">PostgreSQL plan</span>
        <div className="segmented" role="group" aria-label="Plan result view">
          <button type="button" aria-pressed={!showReport} onClick={() => setShowReport(false)}>
            Plan view
          </button>
          <button type="button" aria-pressed={showReport} onClick={() => setShowReport(true)}>
            Report
          </button>
        </div>
      </div>
      {showReport ? reportView : <PlanViewer analysis={view.plan} />}
    </div>
  )
}
