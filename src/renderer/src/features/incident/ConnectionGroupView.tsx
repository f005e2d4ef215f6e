import { EngineBadge } from '../../components/EngineBadge'
import { EnvironmentChip } from '../../components/EnvironmentChip'
import { formatAgo } from '../../components/format'
import type { ConnectionGroup, IncidentFinding } from './incident-model'
import { NodeFindings } from './NodeFindings'

/** Ages past two intervals (plus the check's own timeout) mean the refresh is not keeping up. */
const STALE_SLACK_MS = 20_000

/** One connection: environment colour, freshness, failure, then its nodes and their findings. */
export function ConnectionGroupView({
  group,
  refreshing,
  now,
  intervalMs,
  onOpen
}: {
  group: ConnectionGroup
  /** Its next check is on the way (the shown one stays until it answers). */
  refreshing: boolean
  now: number
  intervalMs: number
  onOpen: (item: IncidentFinding) => void
}) {
  const failed = group.error !== null
  // The check answered, so the server is back even if the session's state has not caught up yet.
  const answered = failed ? 'failed' : group.state === 'failed' ? 'connected' : group.state
  // A connection whose topology has members down is not plainly "connected" (main's adapter decided which).
  const shownState = answered === 'connected' && group.membersDown !== null ? 'degraded' : answered
  const stale = now - group.checkedAt > 2 * intervalMs + STALE_SLACK_MS
  return (
    <section
      className="incident-conn"
      data-environment={group.environment}
      data-failed={failed}
      aria-label={`Connection ${group.name}`}
    >
      <div className="incident-conn-head">
        <EngineBadge engine={group.engine} />
        <strong className="truncate" title={group.name}>
          {group.name}
        </strong>
        <EnvironmentChip environment={group.environment} />
        <span className="status-pill" data-state={shownState} data-testid="connection-state">
          {shownState}
          {shownState === 'degraded' && ` · ${group.membersDown}`}
        </span>
        <span className="spacer" />
        <span
          className={stale ? 'incident-age incident-stale' : 'incident-age muted'}
          data-testid="checked-age"
        >
          checked {formatAgo(group.checkedAt, now)} · took {group.durationMs} ms
          {stale && ' · stale'}
          {refreshing && ' · checking…'}
        </span>
      </div>
      {group.error !== null && (
        <div className="alert incident-conn-error" role="alert">
          <span className="code">{group.error.code}</span>
          {group.error.message}
          <span className="muted"> · last OK {formatAgo(group.lastOkAt, now)}</span>
        </div>
      )}
      {group.nodes.map((n) => (
        <div key={n.node} className="incident-node">
          <div className="incident-node-head">
            <span className="mono truncate" title={n.node}>
              {n.node}
            </span>
            <span className="faint">
              {n.findings.length} finding{n.findings.length === 1 ? '' : 's'}
            </span>
          </div>
          {n.error !== null && (
            <div className="alert" role="alert">
              <span className="code">{n.error.code}</span>
              {n.error.message}
            </div>
          )}
          <NodeFindings node={n} onOpen={onOpen} />
        </div>
      ))}
    </section>
  )
}
