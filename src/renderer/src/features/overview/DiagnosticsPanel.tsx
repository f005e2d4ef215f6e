import type { ConnectionProfile } from '../../../../shared/connection'
import { severityRank, type AnalysisReport } from '../../../../shared/findings'
import { EmptyState } from '../../components/EmptyState'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { ReportView } from '../../components/ReportView'
import { useDiagnostics } from '../../api/queries'
import { RemedyButton } from '../confirm/RemedyButton'

const worst = (report: AnalysisReport): number =>
  report.ok
    ? Math.max(-1, ...report.findings.map((f) => severityRank[f.severity]))
    : severityRank.critical + 1

const nodeName = (report: AnalysisReport): string => {
  const node = report.summary['node']
  return typeof node === 'string' && node !== '' ? node : report.input
}

/** "Run diagnostics": one report per node, the nodes with the worst findings first. */
export function DiagnosticsPanel({ profile }: { profile: ConnectionProfile }) {
  const diagnostics = useDiagnostics(profile.id)
  const reports = diagnostics.data ? [...diagnostics.data].sort((a, b) => worst(b) - worst(a)) : undefined
  const total = reports?.reduce((n, r) => n + r.findings.length, 0) ?? 0
  return (
    <section className="section" aria-label="Diagnostics">
      <div className="section-head">
        <h2>Diagnostics</h2>
        {reports && (
          <span className="muted">
            {reports.length} node{reports.length === 1 ? '' : 's'}, {total} finding{total === 1 ? '' : 's'}
            {diagnostics.dataUpdatedAt > 0 &&
              ` · ${new Date(diagnostics.dataUpdatedAt).toLocaleTimeString()}`}
          </span>
        )}
        <span className="spacer" />
        <Progress active={diagnostics.isFetching} label="Running diagnostics…" />
        <button
          type="button"
          className="btn btn-primary"
          disabled={diagnostics.isFetching}
          onClick={() => void diagnostics.refetch()}
        >
          Run diagnostics
        </button>
      </div>
      {diagnostics.error !== null && <ErrorMessage error={diagnostics.error} prefix="Diagnostics failed" />}
      {reports === undefined && diagnostics.error === null && !diagnostics.isFetching && (
        <EmptyState title="No diagnostics yet">
          Run diagnostics to check every node read-only: replication, bloat, slow queries, memory, slots…
        </EmptyState>
      )}
      {reports?.length === 0 && (
        <EmptyState title="No nodes reported">The host returned no reports for this connection.</EmptyState>
      )}
      {reports?.map((report, i) => (
        <ReportView
          key={`${report.input}-${i}`}
          report={report}
          title={nodeName(report)}
          action={(f) => <RemedyButton connectionId={profile.id} finding={f} />}
        />
      ))}
    </section>
  )
}
