import { EnvironmentChip } from '../../components/EnvironmentChip'
import { ServerText } from '../../components/ServerText'
import { SeverityBadge } from '../../components/SeverityBadge'
import type { IncidentFinding, WorstItem } from './incident-model'

/** The most urgent things across every connection, above the per-connection groups (same order rules). */
export function WorstStrip({
  items,
  onOpen,
  onOpenConnection
}: {
  items: WorstItem[]
  onOpen: (item: IncidentFinding) => void
  onOpenConnection: (connectionId: string) => void
}) {
  if (items.length === 0) return null
  return (
    <section className="incident-worst" aria-label="Most urgent" data-testid="worst-strip">
      <h2 className="sub-head">Most urgent</h2>
      <ol>
        {items.map((w) => (
          <li key={w.key} data-kind={w.kind} data-environment={w.group.environment}>
            <button
              type="button"
              className="incident-open"
              data-finding-open
              onClick={() => (w.kind === 'finding' ? onOpen(w.item) : onOpenConnection(w.group.connectionId))}
            >
              {w.kind === 'finding' ? (
                <SeverityBadge severity={w.item.finding.severity} />
              ) : (
                <span className="code">{w.error.code}</span>
              )}
              <EnvironmentChip environment={w.group.environment} />
              <strong className="truncate" title={w.group.name}>
                {w.group.name}
              </strong>
              {w.kind === 'finding' && w.item.isNew && <span className="chip incident-new">new</span>}
              <span className="incident-title truncate">
                <ServerText
                  text={
                    w.kind === 'finding'
                      ? w.item.finding.title
                      : `${w.node === null ? 'cannot be checked' : `node ${w.node} cannot be read`}: ${w.error.message}`
                  }
                />
              </span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  )
}
