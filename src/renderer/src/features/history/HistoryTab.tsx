import { useState } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorMessage } from '../../components/ErrorMessage'
import { formatBytes, formatTime } from '../../components/format'
import { Progress } from '../../components/Progress'
import { ServerText } from '../../components/ServerText'
import { SeverityBadge } from '../../components/SeverityBadge'
import type { ConnectionTabProps } from '../workspace/tab-registry'
import { useTimeline } from './queries'
import { changeSummary, TIMELINE_WINDOWS, timelineRows, type TimelineWindow } from './timeline-model'
import './history.css'

/** The connection's incident timeline, from main's history store: what appeared, what cleared, the gaps. */
export function HistoryTab({ profile }: ConnectionTabProps) {
  const [windowId, setWindowId] = useState<TimelineWindow>('day')
  const span = TIMELINE_WINDOWS.find((w) => w.id === windowId) ?? TIMELINE_WINDOWS[1]
  const timeline = useTimeline(profile.id, span.ms)
  const data = timeline.data
  const rows = data ? timelineRows(data.events) : []
  return (
    <div className="section history" aria-label="Incident timeline">
      <div className="history-head">
        <h2 className="section-head">Incident timeline</h2>
        <select
          aria-label="Timeline window"
          value={windowId}
          onChange={(e) => setWindowId(e.target.value as TimelineWindow)}
        >
          {TIMELINE_WINDOWS.map((w) => (
            <option key={w.id} value={w.id}>
              {w.label}
            </option>
          ))}
        </select>
        <span className="spacer" />
        <Progress active={timeline.isFetching} label="Reading the history…" />
      </div>
      {timeline.error !== null && <ErrorMessage error={timeline.error} prefix="Could not read the history" />}
      {data && !data.history.available && (
        <div className="alert" role="alert" data-testid="history-off">
          {data.history.reason}
        </div>
      )}
      {data?.history.available === true && (
        <p className="muted" data-testid="history-summary">
          {changeSummary(data.events)} since {formatTime(data.since)}
          {data.truncated && ' (older events left out)'} · kept{' '}
          {Math.round(data.history.retentionMs / 86_400_000)} days, {formatBytes(data.history.bytes)} of{' '}
          {formatBytes(data.history.maxBytes)}
        </p>
      )}
      {data?.history.available === true && rows.length === 0 && (
        <EmptyState title="Nothing changed in this window">
          Findings that appear or clear, and times the server could not be sampled, are listed here; the
          history is kept in the data directory and survives a restart.
        </EmptyState>
      )}
      {rows.length > 0 && (
        <table className="table history-table" aria-label="Timeline events">
          <colgroup>
            <col style={{ width: 190 }} />
            <col style={{ width: 190 }} />
            <col />
            <col style={{ width: '35%' }} />
          </colgroup>
          <thead>
            <tr>
              <th>Time</th>
              <th>Event</th>
              <th>Finding or reason</th>
              <th>Where</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-kind={r.kind}>
                <td className="mono">{formatTime(r.at)}</td>
                <td className="history-what">
                  {r.severity !== null && <SeverityBadge severity={r.severity} />} {r.what}
                </td>
                <td className="wrap-cell">
                  <ServerText text={r.text} />
                </td>
                <td className="mono faint wrap-cell">
                  <ServerText text={r.where} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
