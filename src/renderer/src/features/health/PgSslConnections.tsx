import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { field } from '../../components/engine-page/columns'
import { topicRows } from '../../components/engine-page/detail-model'
import { toneOf } from './pg-model'
import { Unavailable } from './PgUnavailable'
import type { TopicRow } from '../../../../shared/topics'

type Row = TopicRow<'pg_stat_ssl'>

const SSL_COLUMNS: Column<Row>[] = [
  field('client_addr', 'Client'),
  field('pid', 'PID', undefined, { width: '70px' }),
  field('usename', 'User'),
  field('application_name', 'Application'),
  field('ssl', 'Encrypted', (v) => (v === true ? 'yes' : 'NO')),
  field('ssl_version', 'TLS'),
  field('cipher', 'Cipher')
]

/** Each TCP connection's encryption (pg_stat_ssl); a client's rows take the tone of pg.connection-without-ssl's finding about it. */
export function PgSslConnections({ node, findings }: { node: NodeDetail; findings: Finding[] }) {
  const clear = findings.filter((f) => f.rule === 'pg.connection-without-ssl')
  return (
    <>
      <Unavailable node={node} topics={['pg_stat_ssl']} />
      <DataTable
        label="Connection encryption"
        testId="ssl-connections"
        rows={topicRows(node, 'pg_stat_ssl')}
        columns={SSL_COLUMNS}
        rowTone={(r) => toneOf(clear.filter((f) => f.target === r.client_addr))}
        emptyText="No connection over TCP (Unix-socket connections have nothing to encrypt)."
      />
    </>
  )
}
