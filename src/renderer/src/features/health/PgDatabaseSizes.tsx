import type { NodeDetail } from '../../../../shared/detail'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { NUM, field } from '../../components/engine-page/columns'
import { topicRows } from '../../components/engine-page/detail-model'
import { formatBytes } from '../../components/format'
import { Unavailable } from './PgUnavailable'
import type { TopicRow } from '../../../../shared/topics'

type Row = TopicRow<'database_sizes'>

const SIZE_COLUMNS: Column<Row>[] = [
  field('datname', 'Database'),
  field('size_bytes', 'Size', (v) => (v === null ? 'not allowed to read' : formatBytes(v)), NUM),
  field('is_template', 'Template', (v) => (v === true ? 'yes' : '')),
  field('datallowconn', 'Connections', (v) => (v === false ? 'not allowed' : 'allowed'))
]

/** pg_database_size of every database of the server, largest first. */
export function PgDatabaseSizes({ node }: { node: NodeDetail }) {
  return (
    <>
      <Unavailable node={node} topics={['database_sizes']} />
      <DataTable
        label="Database sizes"
        testId="database-sizes"
        rows={topicRows(node, 'database_sizes')}
        columns={SIZE_COLUMNS}
        initialSort={{ id: 'size_bytes', desc: true }}
      />
    </>
  )
}
