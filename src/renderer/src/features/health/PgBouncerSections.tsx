import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { NUM, field } from '../../components/engine-page/columns'
import { topicOf, topicRows } from '../../components/engine-page/detail-model'
import { PageSection } from '../../components/engine-page/DetailFrame'
import { formatCount } from '../../components/format'
import type { TopicRow } from '../../../../shared/topics'
import { findingsAbout, toneOf } from './pg-model'
import { Unavailable } from './PgUnavailable'

/** The node of a profile's PgBouncer admin console: main sends its records as pgbouncer_* topics. */
export const isPgBouncerNode = (node: NodeDetail): boolean => topicOf(node, 'pgbouncer_pools') !== undefined

const count = <R extends object>(id: keyof R & string, header: string): Column<R> =>
  field<R>(id, header, formatCount, NUM)

const POOL_COLUMNS: Column<TopicRow<'pgbouncer_pools'>>[] = [
  field('database', 'Database'),
  field('user', 'User'),
  field('pool_mode', 'Mode'),
  count('cl_active', 'Clients active'),
  count('cl_waiting', 'Clients waiting'),
  count('sv_active', 'Servers in use'),
  count('sv_idle', 'Servers idle'),
  count('sv_used', 'Servers used'),
  field('maxwait', 'Max wait (s)', formatCount, NUM)
]

const DATABASE_COLUMNS: Column<TopicRow<'pgbouncer_databases'>>[] = [
  field('name', 'Name'),
  field('database', 'Server database'),
  field('host', 'Host'),
  field('port', 'Port'),
  count('pool_size', 'Pool size'),
  count('reserve_pool', 'Reserve'),
  field('pool_mode', 'Mode'),
  count('current_connections', 'Server connections')
]

const CONNECTION_COLUMNS: Column<TopicRow<'pgbouncer_clients'>>[] = [
  field('database', 'Database'),
  field('user', 'User'),
  field('state', 'State'),
  field('addr', 'Address'),
  field('port', 'Port'),
  field('application_name', 'Application'),
  field('connect_time', 'Connected'),
  field('request_time', 'Last request')
]

const STAT_COLUMNS: Column<TopicRow<'pgbouncer_stats'>>[] = [
  field('database', 'Database'),
  count('total_xact_count', 'Transactions'),
  count('total_query_count', 'Queries'),
  field('avg_xact_time', 'Avg transaction (µs)', formatCount, NUM),
  field('avg_wait_time', 'Avg wait (µs)', formatCount, NUM)
]

/** The config keys the rules read, of SHOW CONFIG's long list. */
const CONFIG_KEYS = new Set([
  'pool_mode',
  'default_pool_size',
  'reserve_pool_size',
  'max_client_conn',
  'query_wait_timeout',
  'server_reset_query',
  'server_reset_query_always'
])

/** PgBouncer's pools, databases, clients, servers, stats and the settings the rules read: text only. */
export function PgBouncerSections({ node, findings }: { node: NodeDetail; findings: Finding[] }) {
  const pools = findingsAbout(findings, 'pool')
  const databases = findingsAbout(findings, 'database')
  return (
    <>
      <PageSection title="PgBouncer pools" note="(SHOW POOLS: one row per database/user pair)">
        <Unavailable node={node} topics={['pgbouncer_pools']} />
        <DataTable
          label="PgBouncer pools"
          rows={topicRows(node, 'pgbouncer_pools')}
          columns={POOL_COLUMNS}
          rowTone={(r) => toneOf(pools.get(`${r.database}/${r.user}`) ?? [])}
        />
      </PageSection>
      <PageSection title="PgBouncer databases" note="(SHOW DATABASES: pool size and mode)">
        <Unavailable node={node} topics={['pgbouncer_databases']} />
        <DataTable
          label="PgBouncer databases"
          rows={topicRows(node, 'pgbouncer_databases')}
          columns={DATABASE_COLUMNS}
          rowTone={(r) => toneOf(databases.get(r.name) ?? [])}
        />
      </PageSection>
      <PageSection title="PgBouncer clients and servers" note="(SHOW CLIENTS, SHOW SERVERS)">
        <Unavailable node={node} topics={['pgbouncer_clients', 'pgbouncer_servers']} />
        <DataTable
          label="PgBouncer clients"
          rows={topicRows(node, 'pgbouncer_clients')}
          columns={CONNECTION_COLUMNS}
        />
        <DataTable
          label="PgBouncer servers"
          rows={topicRows(node, 'pgbouncer_servers')}
          columns={CONNECTION_COLUMNS}
          emptyText="No server connection open."
        />
      </PageSection>
      <PageSection title="PgBouncer stats and settings" note="(SHOW STATS since start; SHOW CONFIG)">
        <Unavailable node={node} topics={['pgbouncer_stats', 'pgbouncer_config']} />
        <DataTable label="PgBouncer stats" rows={topicRows(node, 'pgbouncer_stats')} columns={STAT_COLUMNS} />
        <DataTable
          label="PgBouncer settings"
          rows={topicRows(node, 'pgbouncer_config').filter((r) => CONFIG_KEYS.has(r.key))}
          columns={[field('key', 'Setting'), field('value', 'Value')]}
        />
      </PageSection>
    </>
  )
}
