import { useEffect, useMemo, useRef, useState } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { SeverityBadge } from '../../components/SeverityBadge'
import { formatAgo } from '../../components/format'
import { useNavigation } from '../navigation/NavigationProvider'
import { tabsFor } from '../workspace/tab-registry'
import { ConnectionGroupView } from './ConnectionGroupView'
import { NotWatched } from './NotWatched'
import {
  buildGroups,
  countBySeverity,
  findingKey,
  flatFindings,
  nodeOf,
  rememberFirstSeen,
  tabForFinding,
  type IncidentFinding
} from './incident-model'
import { useOverview, useSetPollInterval } from './queries'
import { RefreshControl } from './RefreshControl'
import { useDocumentVisible } from './use-document-visible'
import { useNow } from '../../components/use-now'
import { loadRefreshMs, saveRefreshMs } from './refresh-interval'
import './incident.css'

/** First-seen times for the whole app session (memory only): "new since you opened this". */
const FIRST_SEEN = new Map<string, number>()

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))

/** Home: every opened connection and node, findings ranked worst and newest first. */
export function IncidentView() {
  const { go } = useNavigation()
  const [intervalMs, setIntervalMs] = useState(loadRefreshMs)
  const visible = useDocumentVisible()
  const overview = useOverview(intervalMs, visible)
  const setPoll = useSetPollInterval()
  const setPollNow = setPoll.mutate
  useEffect(() => setPollNow(intervalMs), [setPollNow, intervalMs])
  const now = useNow(1000)

  // The first answer this screen shows is the baseline: only what appears after it is "new".
  const [baseline, setBaseline] = useState<number | null>(null)
  if (overview.data !== undefined && baseline === null) setBaseline(overview.dataUpdatedAt)

  const { data, dataUpdatedAt } = overview
  const groups = useMemo(() => {
    if (data === undefined) return []
    rememberFirstSeen(
      FIRST_SEEN,
      data.flatMap((e) =>
        e.reports.flatMap((r) => r.findings.map((f) => findingKey(e.connectionId, nodeOf(r), f)))
      ),
      dataUpdatedAt
    )
    return buildGroups(data, FIRST_SEEN, baseline ?? dataUpdatedAt)
  }, [data, dataUpdatedAt, baseline])
  const flat = useMemo(() => flatFindings(groups), [groups])
  const counts = countBySeverity(groups)
  const newCount = flat.filter((f) => f.isNew).length

  const open = (item: IncidentFinding) => {
    const wanted = tabForFinding(item)
    const tab = tabsFor(item.engine).some((t) => t.id === wanted) ? wanted : 'overview'
    go({ kind: 'connection', id: item.connectionId, tab })
  }

  // j/k and the arrows walk the findings wherever focus is, unless the user is typing.
  const list = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return
      const down = e.key === 'j' || e.key === 'ArrowDown'
      const up = e.key === 'k' || e.key === 'ArrowUp'
      if (!down && !up) return
      const root = list.current
      if (root === null) return
      // Leave the arrows to the sidebar when it has focus.
      if (
        (e.key === 'ArrowDown' || e.key === 'ArrowUp') &&
        !root.contains(document.activeElement) &&
        document.activeElement !== document.body
      )
        return
      const items = Array.from(root.querySelectorAll<HTMLElement>('[data-finding-open]'))
      if (items.length === 0) return
      e.preventDefault()
      const at = items.indexOf(document.activeElement as HTMLElement)
      const next = at === -1 ? 0 : Math.max(0, Math.min(items.length - 1, at + (down ? 1 : -1)))
      items[next]?.focus()
      items[next]?.scrollIntoView({ block: 'nearest' })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className="incident">
      <header className="pane-head">
        <h1>Incident overview</h1>
        <span className="incident-counts" aria-label="Finding counts">
          {(['critical', 'warning', 'info'] as const).map((s) => (
            <span key={s} className="inline" title={`${counts[s]} ${s}`}>
              <SeverityBadge severity={s} /> {counts[s]}
            </span>
          ))}
          {newCount > 0 && <span className="chip incident-new">{newCount} new</span>}
        </span>
        <span className="spacer" />
        <Progress active={overview.isFetching} label="Checking…" />
        {!visible && <span className="muted">paused while hidden</span>}
        <RefreshControl
          intervalMs={intervalMs}
          onChange={(ms) => {
            saveRefreshMs(ms)
            setIntervalMs(ms)
          }}
          onRefresh={() => void overview.refetch()}
          fetching={overview.isFetching}
        />
      </header>
      <div className="main-scroll" ref={list}>
        {overview.error !== null && (
          <div className="incident-banner">
            <ErrorMessage
              error={overview.error}
              prefix={
                overview.data === undefined
                  ? 'Could not check the connections'
                  : `Refresh failed; below is the check from ${formatAgo(overview.dataUpdatedAt, now)}`
              }
            />
          </div>
        )}
        <NotWatched
          watched={new Set(groups.map((g) => g.connectionId))}
          onConnected={() => void overview.refetch()}
        />
        {overview.isPending && overview.error === null && (
          <p className="muted incident-pad">Checking every open connection…</p>
        )}
        {overview.data !== undefined && groups.length === 0 && (
          <EmptyState big title="No open connections to watch">
            Connect to a PostgreSQL, Redis or MongoDB connection (sidebar, then Connect, or the Connect
            buttons above) and its findings appear here, ranked across every server.
          </EmptyState>
        )}
        {groups.length > 0 && flat.length === 0 && groups.every((g) => g.error === null) && (
          <p className="success incident-pad-box">No findings on any open connection.</p>
        )}
        {groups.map((g) => (
          <ConnectionGroupView
            key={g.connectionId}
            group={g}
            now={now}
            intervalMs={intervalMs}
            onOpen={open}
          />
        ))}
        {flat.length > 0 && (
          <p className="faint incident-pad">
            <kbd>j</kbd> <kbd>k</kbd> or <kbd>↓</kbd> <kbd>↑</kbd> move · <kbd>Enter</kbd> opens the finding’s
            view
          </p>
        )}
      </div>
    </div>
  )
}
