import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import { useInspectRelation } from '../../api/queries'
import type { Column } from '../../components/data-table-model'
import { NUM, WIDE, field } from '../../components/engine-page/columns'
import { topicRows } from '../../components/engine-page/detail-model'
import {
  formatAge,
  formatBytes,
  formatCount,
  formatMs,
  formatPercent,
  formatShare
} from '../../components/format'
import { InspectionResult, inspectColumn } from './PgInspect'
import { Unavailable } from './PgUnavailable'
import {
  countBy,
  findingsAbout,
  flaggedBy,
  indexProblems,
  tableRows,
  toneOf,
  wraparoundFraction,
  type CountRow,
  type IndexRow,
  type TableRow
} from './pg-model'
import type { TopicRow } from '../../../../shared/topics'

const STATEMENT_COLUMNS: Column<TopicRow<'pg_stat_statements'>>[] = [
  field('query', 'Statement', undefined, WIDE),
  field('username', 'User'),
  field('calls', 'Calls', formatCount, NUM),
  field('total_ms', 'Total', formatMs, NUM),
  field('mean_ms', 'Mean', formatMs, NUM),
  field('rows', 'Rows', formatCount, NUM),
  field('temp_blks_written', 'Temp blocks', formatCount, NUM)
]

type DeltaRow = TopicRow<'statement_deltas'> & { slowdown: number | null }

const DELTA_COLUMNS: Column<DeltaRow>[] = [
  field('query', 'Statement', undefined, WIDE),
  field('calls', 'Calls in window', formatCount, NUM),
  field('meanMs', 'Mean now', formatMs, NUM),
  field('previousMeanMs', 'Mean before', (v) => (v === null ? 'new' : formatMs(v)), NUM),
  field('slowdown', 'Slower ×', (v) => (typeof v === 'number' ? `${v.toFixed(1)}×` : '—'), NUM),
  field('totalMs', 'Total in window', formatMs, NUM)
]

/**
 * pg_stat_statements top by total and by mean, and what got slow since the previous snapshots; a delta row's
 * tone is pg.slow-query's finding about that statement (its mean and slowdown floors), never a ratio here.
 */
export function PgSlowQueries({ node, findings }: { node: NodeDetail; findings: Finding[] }) {
  const statements = topicRows(node, 'pg_stat_statements')
  const judged = findingsAbout(findings, 'statement')
  // Main leaves dbconsole's own probes out of these lists and says how many (own-statements.ts).
  const ownNote = topicRows(node, 'own_statements')[0]?.note ?? ''
  const deltas: DeltaRow[] = topicRows(node, 'statement_deltas').map((d) => {
    const before = d.previousMeanMs
    return { ...d, slowdown: before !== null && before > 0 ? d.meanMs / before : null }
  })
  return (
    <>
      <Unavailable node={node} topics={['pg_stat_statements']} />
      {ownNote && (
        <p className="muted" data-testid="own-statements-note">
          {ownNote}
        </p>
      )}
      <h4 className="sub-sub">Top by total time</h4>
      <DataTable
        label="Statements by total time"
        rows={statements}
        columns={STATEMENT_COLUMNS}
        initialSort={{ id: 'total_ms', desc: true }}
        emptyText="pg_stat_statements has no rows (or the extension is not installed in this database)."
      />
      <h4 className="sub-sub">Top by mean time</h4>
      <DataTable
        label="Statements by mean time"
        rows={statements}
        columns={STATEMENT_COLUMNS}
        initialSort={{ id: 'mean_ms', desc: true }}
        emptyText="No statements."
      />
      <h4 className="sub-sub">What got slow (since the earlier snapshot)</h4>
      <DataTable
        label="Statement deltas"
        rows={deltas}
        columns={DELTA_COLUMNS}
        initialSort={{ id: 'slowdown', desc: true }}
        rowTone={(r) => toneOf(judged.get(r.queryid) ?? [])}
        emptyText="No window yet: deltas appear from the second refresh on (the app compares pg_stat_statements snapshots)."
      />
    </>
  )
}

const TABLE_COLUMNS: Column<TableRow>[] = [
  field('table', 'Table', undefined, WIDE),
  field('n_live_tup', 'Live', formatCount, NUM),
  field('n_dead_tup', 'Dead', formatCount, NUM),
  field('dead_ratio', 'Dead %', formatShare, NUM),
  field('table_bytes', 'Size', formatBytes, NUM),
  field('bloat_bytes', 'Bloat (est.)', formatBytes, NUM),
  field('last_vacuum_any_s', 'Last vacuum', formatAge, NUM),
  field('last_autoanalyze_s', 'Last autoanalyze', formatAge, NUM),
  field('autovacuum_enabled', 'Autovacuum', (v) => (v === false ? 'OFF' : 'on')),
  { id: 'findings', header: 'Flagged by', value: (r) => flaggedBy(r.findings) }
]

/** The node's tables; a row's tone and flags are the rules' findings about that table. */
export function PgTables({
  node,
  findings,
  connectionId
}: {
  node: NodeDetail
  findings: Finding[]
  connectionId: string
}) {
  const rows = tableRows(
    topicRows(node, 'pg_stat_user_tables'),
    topicRows(node, 'table_bloat_estimate'),
    findings
  )
  const inspect = useInspectRelation()
  return (
    <>
      <Unavailable node={node} topics={['pg_stat_user_tables', 'table_bloat_estimate']} />
      <DataTable
        label="Tables"
        testId="tables-table"
        rows={rows}
        columns={[...TABLE_COLUMNS, inspectColumn<TableRow>(inspect, connectionId)]}
        initialSort={{ id: 'n_dead_tup', desc: true }}
        rowTone={(r) => toneOf(r.findings)}
        emptyText="No user tables in this database."
      />
      <InspectionResult inspect={inspect} />
    </>
  )
}

const INDEX_COLUMNS: Column<IndexRow>[] = [
  {
    id: 'name',
    header: 'Index',
    value: (r) => `${r.schemaname}.${r.indexrelname}`,
    width: 'minmax(0, 2fr)'
  },
  field('relname', 'Table'),
  { id: 'problems', header: 'Problem', value: (r) => r.problems.join(', ') },
  field('duplicateOf', 'Covered by'),
  field('idx_scan', 'Scans', formatCount, NUM),
  field('index_bytes', 'Size', formatBytes, NUM),
  field('indexdef', 'Definition', undefined, WIDE)
]

const INDEX_BLOAT_COLUMNS: Column<TopicRow<'index_bloat_estimate'>>[] = [
  field('idxname', 'Index'),
  field('tblname', 'Table'),
  field('real_bytes', 'Size', formatBytes, NUM),
  field('bloat_bytes', 'Bloat (est.)', formatBytes, NUM),
  field('bloat_ratio', 'Bloat %', formatShare, NUM)
]

/** The node's indexes; the problems are the findings of the index rules about each one. */
export function PgIndexes({ node, findings }: { node: NodeDetail; findings: Finding[] }) {
  const all = indexProblems(topicRows(node, 'pg_stat_user_indexes'), findings)
  const flagged = all.filter((r) => r.problems.length > 0)
  return (
    <>
      <Unavailable node={node} topics={['pg_stat_user_indexes', 'index_bloat_estimate']} />
      <h4 className="sub-sub">Unused, duplicate, overlapping and invalid</h4>
      <DataTable
        label="Index problems"
        testId="index-problems"
        rows={flagged}
        columns={INDEX_COLUMNS}
        initialSort={{ id: 'index_bytes', desc: true }}
        rowTone={(r) => toneOf(r.findings)}
        emptyText="No unused, duplicate or invalid index (scan counts are since the last stats reset)."
      />
      <details>
        <summary className="muted">All indexes ({all.length}) and bloat estimates</summary>
        <DataTable
          label="All indexes"
          rows={all}
          columns={INDEX_COLUMNS}
          initialSort={{ id: 'index_bytes', desc: true }}
        />
        <DataTable
          label="Index bloat"
          rows={topicRows(node, 'index_bloat_estimate')}
          columns={INDEX_BLOAT_COLUMNS}
          initialSort={{ id: 'bloat_bytes', desc: true }}
        />
      </details>
    </>
  )
}

export function PgConnections({ node }: { node: NodeDetail }) {
  const activity = topicRows(node, 'pg_stat_activity').filter(
    (r) => r.backend_type === 'client backend' || r.backend_type === null
  )
  const max = topicRows(node, 'pg_settings')[0]?.max_connections ?? null
  const countColumns = (what: string): Column<CountRow>[] => [
    field('key', what),
    field('count', 'Backends', formatCount, NUM)
  ]
  return (
    <>
      <p>
        <strong>{activity.length}</strong> client backends
        {max !== null && (
          <span className="muted">
            {' '}
            of max_connections {max} ({formatPercent((activity.length / max) * 100)})
          </span>
        )}
      </p>
      <div className="grid-2">
        <DataTable
          label="Backends by state"
          rows={countBy(activity, 'state')}
          columns={countColumns('State')}
        />
        <DataTable
          label="Backends by application"
          rows={countBy(activity, 'application_name')}
          columns={countColumns('Application')}
        />
        <DataTable
          label="Backends by user"
          rows={countBy(activity, 'usename')}
          columns={countColumns('User')}
        />
        <DataTable
          label="Backends by client"
          rows={countBy(activity, 'client_addr')}
          columns={countColumns('Client')}
        />
      </div>
    </>
  )
}

interface Toward {
  toward: number | null
  findings: Finding[]
}

const DATABASE_AGE_COLUMNS: Column<TopicRow<'pg_database'> & Toward>[] = [
  field('datname', 'Database'),
  field('xid_age', 'XID age', formatCount, NUM),
  field('mxid_age', 'MXID age', formatCount, NUM),
  field('toward', 'To wraparound', formatShare, NUM)
]

const TABLE_AGE_COLUMNS: Column<TopicRow<'pg_stat_user_tables'> & Toward & { table: string }>[] = [
  field('table', 'Table', undefined, WIDE),
  field('xid_age', 'XID age', formatCount, NUM),
  field('toward', 'To wraparound', formatShare, NUM)
]

/** XID age per database and table; a row's tone is what pg.wraparound found about it. */
export function PgWraparound({ node, findings }: { node: NodeDetail; findings: Finding[] }) {
  const wraparound = findings.filter((f) => f.rule === 'pg.wraparound')
  const dbFindings = findingsAbout(wraparound, 'database')
  const tableFindings = findingsAbout(wraparound, 'table')
  const dbs = topicRows(node, 'pg_database').map((d) => ({
    ...d,
    toward: wraparoundFraction(d.xid_age),
    findings: dbFindings.get(d.datname) ?? []
  }))
  const tables = topicRows(node, 'pg_stat_user_tables').map((t) => {
    const table = `${t.schemaname}.${t.relname}`
    return {
      ...t,
      table,
      toward: wraparoundFraction(t.xid_age),
      findings: tableFindings.get(table) ?? []
    }
  })
  const freeze = topicRows(node, 'pg_settings')[0]?.autovacuum_freeze_max_age ?? null
  return (
    <>
      <Unavailable node={node} topics={['pg_database']} />
      <p className="muted">
        Transaction ID age toward wraparound (2³¹)
        {freeze !== null && `; autovacuum forces a freeze at ${formatCount(freeze)}`}.
      </p>
      <div className="grid-2">
        <DataTable
          label="Databases by XID age"
          rows={dbs}
          columns={DATABASE_AGE_COLUMNS}
          initialSort={{ id: 'xid_age', desc: true }}
          rowTone={(r) => toneOf(r.findings)}
        />
        <DataTable
          label="Tables by XID age"
          rows={tables}
          columns={TABLE_AGE_COLUMNS}
          initialSort={{ id: 'xid_age', desc: true }}
          rowTone={(r) => toneOf(r.findings)}
          emptyText="No user tables."
        />
      </div>
    </>
  )
}
