import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { NUM, field } from '../../components/engine-page/columns'
import { topicRows } from '../../components/engine-page/detail-model'
import { formatAge, formatCount } from '../../components/format'
import { toneOf } from './pg-model'
import { Unavailable } from './PgUnavailable'
import type { TopicRow } from '../../../../shared/topics'

type Row = TopicRow<'pg_stat_archiver'>

const ARCHIVER_COLUMNS: Column<Row>[] = [
  field('archive_mode', 'archive_mode'),
  field('archived_count', 'Archived', formatCount, NUM),
  field('last_archived_wal', 'Last archived'),
  field('last_archived_age_s', 'When', formatAge, NUM),
  field('failed_count', 'Failed', formatCount, NUM),
  field('last_failed_wal', 'Last failed'),
  field('last_failed_age_s', 'When', formatAge, NUM),
  field('ready_segments', 'Waiting to archive', formatCount, NUM),
  field('stats_reset', 'Counted since')
]

/** pg_stat_archiver; its tone is pg.archiver-failing's finding about this node. */
export function PgArchiver({ node, findings }: { node: NodeDetail; findings: Finding[] }) {
  const judged = findings.filter((f) => f.rule === 'pg.archiver-failing')
  return (
    <>
      <Unavailable node={node} topics={['pg_stat_archiver']} />
      <DataTable
        label="WAL archiver"
        testId="archiver-table"
        rows={topicRows(node, 'pg_stat_archiver')}
        columns={ARCHIVER_COLUMNS}
        rowTone={() => toneOf(judged)}
      />
    </>
  )
}
