import { useEffect, useState } from 'react'
import type { AnalysisReport } from '../../../../shared/findings'
import { ENGINE_LABEL } from '../../components/EngineBadge'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { ReportView } from '../../components/ReportView'
import { PastedExplain } from '../mongo-explain/PastedExplain'
import { PlanViewer } from '../plan/PlanViewer'
import { usePlanAnalyze } from '../plan/queries'

/** Routes by what the text turned out to be: a PostgreSQL plan opens the plan viewer, anything else the report. */
export function PasteResult({ report, text }: { report: AnalysisReport; text: string }) {
  const isPlan = report.ok && report.kind === 'pg.plan'
  const plan = usePlanAnalyze()
  const analyzePlan = plan.mutate
  useEffect(() => {
    if (isPlan) analyzePlan({ text })
  }, [isPlan, text, analyzePlan])
  const [showReport, setShowReport] = useState(false)
  const reportView = (
    <ReportView
      report={report}
      title={`${report.engine === null ? 'Unknown engine' : ENGINE_LABEL[report.engine]} output`}
      summaryOpen
    />
  )
  if (report.ok && report.kind === 'mongo.explain') return <PastedExplain text={text} report={reportView} />
  if (!isPlan) return reportView
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
        <Progress active={plan.isPending} label="Analyzing the plan…" />
      </div>
      {showReport && reportView}
      {!showReport && plan.error !== null && (
        <ErrorMessage error={plan.error} prefix="Plan analysis failed" />
      )}
      {!showReport && plan.data?.ok === false && (
        <ErrorMessage error={plan.data.error} prefix="The plan could not be read" />
      )}
      {!showReport && plan.data?.ok === true && <PlanViewer analysis={plan.data.analysis} />}
    </div>
  )
}
