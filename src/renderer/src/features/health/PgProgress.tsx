import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { NUM, WIDE, field } from '../../components/engine-page/columns'
import { numOr, str, topicRows } from '../../components/engine-page/detail-model'
import { formatCount, formatPercent, formatSeconds } from '../../components/format'
import { findingsAbout, toneOf } from './pg-model'
import { Unavailable } from './PgUnavailable'

type Rec = Record<string, unknown>

const share = (v: unknown): string => {
  const n = numOr(v)
  return n === null ? '—' : formatPercent(n * 100)
}

const PROGRESS_COLUMNS: Column<Rec>[] = [
  field('command', 'Command'),
  field('relation', 'Relation'),
  field('datname', 'Database'),
  field('pid', 'PID', undefined, { width: '70px' }),
  field('phase', 'Phase'),
  field('done_ratio', 'Done', share, NUM),
  {
    id: 'counted',
    header: 'Of',
    value: (r) => numOr(r.total),
    text: (r) =>
      numOr(r.total) === null ? '—' : `${formatCount(r.done)} / ${formatCount(r.total)} ${str(r.unit)}`,
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
