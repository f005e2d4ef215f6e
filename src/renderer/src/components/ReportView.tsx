import type { ReactNode } from 'react'
import type { AnalysisReport, Finding, Severity } from '../../../shared/findings'
import { ErrorMessage } from './ErrorMessage'
import { FindingsList } from './FindingsList'
import { KeyValueList } from './KeyValueList'
import { SeverityBadge } from './SeverityBadge'

const countBy = (report: AnalysisReport, severity: Severity): number =>
  report.findings.filter((f) => f.severity === severity).length

/** One analysis report: what it is, its facts, its findings, or why it could not be read. */
export function ReportView({
  report,
  title,
  summaryOpen,
  action
}: {
  report: AnalysisReport
  title?: string
  summaryOpen?: boolean
  /** A control per finding (the connection views pass the rule's remedy). */
  action?: (finding: Finding) => ReactNode
}) {
  const summary = Object.entries(report.summary)
  return (
    <section className="report" aria-label={title ?? report.input}>
      <div className="report-head">
        <span className="title truncate" title={title ?? report.input}>
          {title ?? report.input}
        </span>
        {report.kind !== null && <code className="faint">{report.kind}</code>}
        <span className="spacer" style={{ flex: 1 }} />
        <span className="counts">
          {(['critical', 'warning', 'info'] as const).map((s) => {
            const n = countBy(report, s)
            return n > 0 ? (
              <span key={s} className="inline" title={`${n} ${s}`}>
                <SeverityBadge severity={s} /> {n}
              </span>
            ) : null
          })}
        </span>
      </div>
      {report.error !== null && (
        <ErrorMessage
          error={{
            code: report.error.code,
            message:
              report.error.line === null
                ? report.error.message
                : `${report.error.message} (line ${report.error.line})`
          }}
        />
      )}
      {summary.length > 0 && (
        <details className="section" open={summaryOpen ?? report.findings.length === 0}>
          <summary className="muted">Summary ({summary.length} facts)</summary>
          <KeyValueList entries={summary} label="Summary" />
        </details>
      )}
      {(report.ok || report.findings.length > 0) && (
        <FindingsList findings={report.findings} action={action} />
      )}
    </section>
  )
}
