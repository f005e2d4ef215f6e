import { useEffect, useMemo, useRef, useState } from 'react'
import { EmptyState } from '../../components/EmptyState'
import { ErrorMessage } from '../../components/ErrorMessage'
import { Progress } from '../../components/Progress'
import { SeverityBadge } from '../../components/SeverityBadge'
import { useConnections } from '../../api/queries'
import { useNavigation } from '../navigation/NavigationProvider'
import { tabsFor } from '../workspace/tab-registry'
import { ConnectionGroupView } from './ConnectionGroupView'
import { NotWatched } from './NotWatched'
import {
  buildGroups,
  countBySeverity,
  findingKeysOf,
  flatFindings,
  rememberFirstSeen,
  tabForFinding,
  worstAcross,
  type IncidentFinding
} from './incident-model'
import { useOverview, useSetPollInterval } from './queries'
import { RefreshControl } from './RefreshControl'
import { WorstStrip } from './WorstStrip'
import { useDocumentVisible } from './use-document-visible'
import { useNow } from '../../components/use-now'
import { loadRefreshMs, saveRefreshMs } from './refresh-interval'
import './incident.css'

/** How many of the most urgent items the strip above the groups shows. */
const STRIP_SIZE = 5

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

  // "New" is judged per connection, against the first answer this screen got from it.
  const [firstAnswers] = useState(() => new Map<string, number>())
  const { answers } = overview
  const groups = useMemo(() => {
    for (const { entry, answeredAt } of answers) {
      if (!firstAnswers.has(entry.connectionId)) firstAnswers.set(entry.connectionId, answeredAt)
      rememberFirstSeen(FIRST_SEEN, findingKeysOf(entry), answeredAt)
    }
    return buildGroups(
      answers.map((a) => a.entry),
      FIRST_SEEN,
      (id) => firstAnswers.get(id) ?? 0
    )
  }, [answers, firstAnswers])
  const refreshing = new Set(answers.filter((a) => a.refreshing).map((a) => a.entry.connectionId))
  const { data: connections } = useConnections()
  const nameOf = (id: string) => connections?.find((c) => c.id === id)?.name ?? id
  const flat = useMemo(() => flatFindings(groups), [groups])
  const counts = countBySeverity(groups)
  const newCount = flat.filter((f) => f.isNew).length

  const open = (item: IncidentFinding) => {
    const wanted = tabForFinding(item)
    const tab = tabsFor(item.engine).some((t) => t.id === wanted) ? wanted : 'overview'
    go({ kind: 'connection', id: item.connectionId, tab, node: item.node })
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
        <Progress active={overview.fetching} label="Checking…" />
        {!visible && <span className="muted">paused while hidden</span>}
        <RefreshControl
          intervalMs={intervalMs}
          onChange={(ms) => {
            saveRefreshMs(ms)
            setIntervalMs(ms)
          }}
          onRefresh={overview.refetch}
          fetching={overview.fetching}
        />
      </header>
      <div className="main-scroll" ref={list}>
        {overview.failures.map(({ connectionId, error }) => (
          <div key={connectionId} className="incident-banner">
            <ErrorMessage error={error} prefix={`Could not refresh ${nameOf(connectionId)}`} />
          </div>
        ))}
        <NotWatched watched={new Set(groups.map((g) => g.connectionId))} onConnected={overview.refetch} />
        {overview.waitingFor.length > 0 && (
          <p className="muted incident-pad" role="status" data-testid="overview-waiting">
            Checking {overview.waitingFor.map(nameOf).join(', ')}…
          </p>
        )}
        {!overview.loading && overview.waitingFor.length === 0 && groups.length === 0 && (
          <EmptyState big title="No open connections to watch">
            Connect to a PostgreSQL, Redis or MongoDB connection (sidebar, then Connect, or the Connect
            buttons above) and its findings appear here, ranked across every server.
          </EmptyState>
        )}
        {groups.length > 0 && flat.length === 0 && groups.every((g) => g.error === null) && (
          <p className="success incident-pad-box">No findings on any open connection.</p>
        )}
        <WorstStrip
          items={worstAcross(groups, STRIP_SIZE)}
          onOpen={open}
          onOpenConnection={(id) => go({ kind: 'connection', id, tab: 'overview' })}
        />
        {groups.map((g) => (
          <ConnectionGroupView
            key={g.connectionId}
            group={g}
            refreshing={refreshing.has(g.connectionId)}
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
