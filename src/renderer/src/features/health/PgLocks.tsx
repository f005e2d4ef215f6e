import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { NUM, WIDE, field } from '../../components/engine-page/columns'
import { topicRows } from '../../components/engine-page/detail-model'
import { formatCount, formatSeconds } from '../../components/format'
import { findingsAbout, toneOf } from './pg-model'
import { Unavailable } from './PgUnavailable'
import type { TopicRow } from '../../../../shared/topics'

type Row = TopicRow<'pg_locks'>

const LOCK_COLUMNS: Column<Row>[] = [
  field('pid', 'PID', undefined, { width: '70px' }),
  field('granted', 'Granted', (v) => (v === true ? 'held' : 'WAITING')),
  field('mode', 'Mode'),
  field('locktype', 'Lock type'),
  field('relation', 'Relation'),
  field('database', 'Database'),
  field('usename', 'User'),
  field('state', 'State'),
  field('wait_age_s', 'Waiting for', formatSeconds, NUM),
  field('xact_age_s', 'In transaction', formatSeconds, NUM),
  field('query', 'Query (last)', undefined, WIDE)
]

/**
 * pg_locks with the holder's session (this console's own left out by main), waiters first; a row's tone
 * is what the rules found about its backend (a blocker, a waiter, idle in transaction).
 */
export function PgLocks({ node, findings }: { node: NodeDetail; findings: Finding[] }) {
  const locks = topicRows(node, 'pg_locks')
  const total = locks[0]?.total_locks ?? null
  const backends = findingsAbout(findings, 'backend')
  return (
    <>
      <Unavailable node={node} topics={['pg_locks']} />
      {total !== null && total > locks.length && (
        <p className="muted" data-testid="locks-cut">
          Showing the first {formatCount(locks.length)} of {formatCount(total)} locks (waiters first).
        </p>
      )}
      <DataTable
        label="Locks"
        testId="locks-table"
        rows={locks}
        columns={LOCK_COLUMNS}
        rowTone={(r) => toneOf(backends.get(String(r.pid)) ?? [])}
        emptyText="No other session holds or waits for a lock (transactions' own virtual-xid locks are not listed)."
      />
    </>
  )
}
