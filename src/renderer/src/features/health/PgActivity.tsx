import './health.css'
import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { NUM, WIDE, field } from '../../components/engine-page/columns'
import { topicRows } from '../../components/engine-page/detail-model'
import { formatSeconds } from '../../components/format'
import type { TopicRow } from '../../../../shared/topics'
import { backendSignalColumn } from './backend-signal-column'
import { findingsAbout, toneOf, withActivity, type BlockNode } from './pg-model'

const ACTIVITY_COLUMNS: Column<TopicRow<'pg_stat_activity'>>[] = [
  field('pid', 'PID', undefined, { width: '70px' }),
  field('usename', 'User'),
  field('application_name', 'Application'),
  field('client_addr', 'Client'),
  field('state', 'State'),
  field('wait_event', 'Waiting on'),
  field('xact_age_s', 'In transaction', formatSeconds, NUM),
  field('state_age_s', 'In state', formatSeconds, NUM),
  field('query', 'Query (last)', undefined, WIDE)
]

function BlockItem({ item, root }: { item: BlockNode; root: boolean }) {
  const r = item.row
  const waited = r?.query_age_s ?? null
  return (
    <li data-root={root} data-pid={item.pid}>
      <div className="bt-head">
        <strong className="mono">pid {item.pid}</strong>
        <span>{root ? 'blocks' : 'waits'}</span>
        <span className="chip">{r?.state || 'unknown state'}</span>
        <span className="muted truncate" title={`${r?.usename ?? ''} · ${r?.application_name ?? ''}`}>
          {r?.usename ?? ''} · {r?.application_name || 'no application_name'}
        </span>
        <span title="Time in the current statement">
          {waited === null ? '' : `for ${formatSeconds(waited)}`}
        </span>
        {r?.xact_age_s != null && <span className="muted">xact {formatSeconds(r.xact_age_s)}</span>}
      </div>
      {r?.query && <div className="bt-query">{r.query}</div>}
      {item.children.length > 0 && (
        <ul>
          {item.children.map((c) => (
            <BlockItem key={c.pid} item={c} root={false} />
          ))}
        </ul>
      )}
    </li>
  )
}

/**
 * The blocking tree (who blocks whom, for how long, with their query) and every backend; a backend's tone
 * is what the rules found about it (a blocker, idle in transaction, a long query or transaction). On the
 * profile's own server (`connectionId` given) each backend row can be cancelled or terminated.
 */
export function PgActivity({
  node,
  findings,
  connectionId
}: {
  node: NodeDetail
  findings: Finding[]
  connectionId: string | null
}) {
  const activity = topicRows(node, 'pg_stat_activity').filter((r) => !r.is_self)
  const tree = withActivity(topicRows(node, 'blocking_tree'), topicRows(node, 'pg_stat_activity'))
  const backends = findingsAbout(findings, 'backend')
  return (
    <>
      <h4 className="sub-sub">Blocking tree</h4>
      {tree.length === 0 ? (
        <p className="muted" data-testid="blocking-tree-empty">
          No session is waiting on another’s lock right now.
        </p>
      ) : (
        <ul className="block-tree" aria-label="Blocking tree" data-testid="blocking-tree">
          {tree.map((t) => (
            <BlockItem key={t.pid} item={t} root />
          ))}
        </ul>
      )}
      <h4 className="sub-sub">Backends (excluding this console’s own)</h4>
      <DataTable
        label="Activity"
        testId="activity-table"
        rows={activity}
        columns={
          connectionId === null ? ACTIVITY_COLUMNS : [...ACTIVITY_COLUMNS, backendSignalColumn(connectionId)]
        }
        initialSort={{ id: 'xact_age_s', desc: true }}
        rowTone={(r) => toneOf(backends.get(String(r.pid)) ?? [])}
        emptyText="No other backend is connected."
      />
    </>
  )
}
