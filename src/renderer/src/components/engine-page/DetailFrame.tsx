import { useEffect, useRef, type ReactNode } from 'react'
import type { ConnectionProfile } from '../../../../shared/connection'
import type { EngineDetail } from '../../../../shared/detail'
import { EmptyState } from '../EmptyState'
import { ErrorMessage } from '../ErrorMessage'
import { FindingsList } from '../FindingsList'
import { RemedyButton } from '../../features/confirm/RemedyButton'
import { MeasureButton } from '../../features/health/MeasureButton'
import { Progress } from '../Progress'
import { allFindings, failedReports } from './detail-model'
import { useEngineDetail } from './queries'
import './engine-page.css'
import { useNavigation } from '../../features/navigation/NavigationProvider'

/**
 * The frame of every engine page: refresh, progress, error, the ranked findings, then the page's
 * own sections once the first `checks.run` (with records) answered.
 */
export function DetailFrame({
  profile,
  title,
  children
}: {
  profile: ConnectionProfile
  title: string
  children: (detail: EngineDetail) => ReactNode
}) {
  const detail = useEngineDetail(profile.id)
  const findings = detail.data ? allFindings(detail.data) : []
  const { view } = useNavigation()
  const focusNode = view.kind === 'connection' && view.id === profile.id ? view.node : undefined
  const page = useRef<HTMLDivElement>(null)
  const loaded = detail.data !== undefined
  // Opened from a finding about one node: bring that node's block into view and give it focus.
  useEffect(() => {
    if (!loaded || focusNode === undefined) return
    const block = page.current?.querySelector<HTMLElement>(`[data-node="${CSS.escape(focusNode)}"]`)
    if (!block) return
    block.tabIndex = -1
    block.dataset.focusedNode = 'true'
    block.scrollIntoView({ block: 'start' })
    block.focus({ preventScroll: true })
  }, [loaded, focusNode])
  return (
    <div className="engine-page" aria-label={title} ref={page}>
      <div className="section-head engine-toolbar">
        <h2>{title}</h2>
        {detail.dataUpdatedAt > 0 && (
          <span className="muted" data-testid="detail-updated">
            updated {new Date(detail.dataUpdatedAt).toLocaleTimeString()} · refreshes every 30 s
          </span>
        )}
        <span className="spacer" />
        <Progress active={detail.isFetching} label="Reading the server…" />
        <button
          type="button"
          className="btn btn-primary"
          disabled={detail.isFetching}
          onClick={() => void detail.refetch()}
        >
          Refresh
        </button>
      </div>
      {detail.error !== null && <ErrorMessage error={detail.error} prefix="Could not read the server" />}
      {detail.data === undefined && detail.error === null && (
        <EmptyState title="Reading the server…">
          One read-only pass over every diagnostic probe; this takes a second or two.
        </EmptyState>
      )}
      {detail.data !== undefined && (
        <>
          {failedReports(detail.data).map((r, i) =>
            r.error ? <ErrorMessage key={i} error={r.error} prefix="A node could not be checked" /> : null
          )}
          <section className="section" aria-label="Findings">
            <h3 className="sub-head">
              Findings <span className="muted">({findings.length}, worst first)</span>
            </h3>
            <div className="findings-scroll">
              <FindingsList
                findings={findings}
                action={(f) => (
                  <>
                    <RemedyButton connectionId={profile.id} finding={f} />
                    <MeasureButton connectionId={profile.id} finding={f} />
                  </>
                )}
              />
            </div>
          </section>
          {detail.data.nodes.length === 0 ? (
            <EmptyState title="No node answered">
              Check the connection on the Overview tab (Connect), then press Refresh.
            </EmptyState>
          ) : (
            children(detail.data)
          )}
        </>
      )}
    </div>
  )
}

/** A titled block of one page; `id` doubles as the section's accessible name. */
export function PageSection({
  title,
  note,
  children
}: {
  title: string
  note?: ReactNode
  children: ReactNode
}) {
  return (
    <section className="section page-section" aria-label={title}>
      <h3 className="sub-head">
        {title}
        {note !== undefined && <span className="muted"> {note}</span>}
      </h3>
      {children}
    </section>
  )
}

/** A topic that failed to be read says why instead of showing an empty table. */
export function TopicUnavailable({ why }: { why: string }) {
  return (
    <p className="notice" role="note">
      Not available: {why}
    </p>
  )
}
