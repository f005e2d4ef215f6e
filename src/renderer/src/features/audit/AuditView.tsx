import { EmptyState } from '../../components/EmptyState'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { ServerText } from '../../components/ServerText'
import { showHidden } from '../../../../shared/hidden-chars'
import { useConnections } from '../../api/queries'
import { formatAuditTime, newestFirst, resultLabel } from './audit-model'
import { AUDIT_LIMIT, useAuditList } from './queries'
import './audit.css'

/** Every guarded action's intent and outcome, newest first, exactly as the core recorded them. */
export function AuditView() {
  const audit = useAuditList()
  const connections = useConnections()
  const nameOf = (id: string) => connections.data?.find((p) => p.id === id)?.name ?? id
  const entries = audit.data ? newestFirst(audit.data) : undefined
  return (
    <div className="audit">
      <header className="pane-head">
        <h1>Audit log</h1>
        <span className="muted">
          {entries
            ? `${entries.length} record${entries.length === 1 ? '' : 's'} (latest ${AUDIT_LIMIT})`
            : ''}
        </span>
        <span className="spacer" />
        <Progress active={audit.isFetching} label="Reading the log…" />
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void audit.refetch()}
          disabled={audit.isFetching}
        >
          Refresh
        </button>
      </header>
      <div className="main-scroll">
        {audit.error !== null && <ErrorMessage error={audit.error} prefix="Could not read the audit log" />}
        {entries?.length === 0 && (
          <EmptyState big title="No guarded actions yet">
            Actions confirmed in the dialog (terminate a backend, drop an index, UNLINK a key…) are recorded
            here: an intent before anything is sent, then the outcome.
          </EmptyState>
        )}
        {entries !== undefined && entries.length > 0 && (
          <table className="table audit-table" aria-label="Audit records">
            <colgroup>
              <col style={{ width: 170 }} />
              <col style={{ width: 150 }} />
              <col style={{ width: 190 }} />
              <col />
              <col style={{ width: 80 }} />
              <col style={{ width: 240 }} />
            </colgroup>
            <thead>
              <tr>
                <th>Time</th>
                <th>Connection</th>
                <th>Action</th>
                <th>Exact statement</th>
                <th>Phase</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={`${e.auditId}-${e.phase}`} data-phase={e.phase} data-result={e.result ?? ''}>
                  <td title={e.at}>{formatAuditTime(e.at)}</td>
                  <td
                    className="truncate"
                    title={showHidden(`${nameOf(e.connectionId)} · ${e.serverIdentity.summary}`)}
                  >
                    <ServerText text={nameOf(e.connectionId)} />
                  </td>
                  <td className="truncate" title={`${e.action} (tier ${e.tier})`}>
                    {e.action}
                  </td>
                  <td className="wrap-cell">
                    <pre className="audit-statement">
                      <ServerText text={e.exactStatement} />
                    </pre>
                    {e.redacted === true && <div className="faint">Passwords masked in the record.</div>}
                  </td>
                  <td>{e.phase}</td>
                  <td className="wrap-cell">
                    <span
                      className={e.result === undefined ? 'faint' : 'audit-result'}
                      data-result={e.result ?? ''}
                    >
                      {resultLabel(e)}
                    </span>
                    {e.detail !== undefined && (
                      <div className="muted audit-detail">
                        <ServerText text={e.detail} />
                      </div>
                    )}
                    {e.suggestedCheck !== undefined && (
                      <div className="audit-check">
                        Check: <ServerText text={e.suggestedCheck} />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  )
}
