import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { NUM, WIDE, field } from '../../components/engine-page/columns'
import { topicRows } from '../../components/engine-page/detail-model'
import { formatCount, formatSeconds, formatShare } from '../../components/format'
import { findingsAbout, toneOf } from './pg-model'
import { Unavailable } from './PgUnavailable'
import type { TopicRow } from '../../../../shared/topics'

type Row = TopicRow<'progress'>

const PROGRESS_COLUMNS: Column<Row>[] = [
  field('command', 'Command'),
  field('relation', 'Relation'),
  field('datname', 'Database'),
  field('pid', 'PID', undefined, { width: '70px' }),
  field('phase', 'Phase'),
  field('done_ratio', 'Done', formatShare, NUM),
  {
    id: 'counted',
    header: 'Of',
    value: (r) => r.total,
    text: (r) =>
      r.total === null ? '—' : `${formatCount(r.done)} / ${formatCount(r.total)} ${r.unit ?? ''}`,
    align: 'right'
  },
  field('waiting_for_pid', 'Waiting for pid'),
  field('elapsed_s', 'Running for', formatSeconds, NUM),
  field('query', 'Statement', undefined, WIDE)
]

/**
 * VACUUM, ANALYZE, CREATE INDEX and CLUSTER / VACUUM FULL running now, with the share done that main read
 * from pg_stat_progress_*; a row's tone is what the rules found about its backend (a build held waiting).
 */
export function PgProgress({ node, findings }: { node: NodeDetail; findings: Finding[] }) {
  const backends = findingsAbout(findings, 'backend')
  return (
    <>
      <Unavailable node={node} topics={['progress']} />
      <DataTable
        label="Maintenance in progress"
        testId="progress-table"
        rows={topicRows(node, 'progress')}
        columns={PROGRESS_COLUMNS}
        rowTone={(r) => toneOf(backends.get(String(r.pid)) ?? [])}
        emptyText="No VACUUM, ANALYZE, CREATE INDEX or CLUSTER is running."
      />
    </>
  )
}
