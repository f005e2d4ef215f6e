import type { NodeDetail } from '../../../../shared/detail'
import type { Finding } from '../../../../shared/findings'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { NUM, WIDE, field } from '../../components/engine-page/columns'
import { topicRows } from '../../components/engine-page/detail-model'
import { formatCount, formatMs, formatPercent, formatSeconds } from '../../components/format'
import { MetricCharts, type MetricChartSpec } from '../../components/engine-page/MetricCharts'
import type { TopicRow } from '../../../../shared/topics'
import { toneFor } from './mongo-model'

/** Rows and findings of one node: tints are the findings about each row (mongo-model.ts). */
interface NodeSection {
  node: NodeDetail
  findings: readonly Finding[]
}

const MEMBER_COLUMNS: Column<TopicRow<'replset_members'>>[] = [
  field('name', 'Member'),
  field('stateStr', 'State'),
  field('health', 'Health', (v) => (v === 0 ? 'DOWN' : v === 1 ? 'up' : '—')),
  field('lagSeconds', 'Lag behind primary', (v) => (v === null ? '—' : formatSeconds(v)), NUM),
  field('syncSource', 'Syncs from'),
  field('lastHeartbeatMessage', 'Heartbeat message', undefined, WIDE)
]

export function MongoReplSet({ node, findings }: NodeSection) {
  const members = topicRows(node, 'replset_members')
  if (members.length === 0) return <p className="muted">Not a replica set member (standalone or mongos).</p>
  return (
    <DataTable
      label="Replica set members"
      testId="replset-members"
      rows={members}
      columns={MEMBER_COLUMNS}
      rowTone={(m) => toneFor(findings, { kind: 'replica', name: m.name })}
    />
  )
}

const SHAPE_COLUMNS: Column<TopicRow<'profile_shapes'>>[] = [
  field('ns', 'Namespace'),
  field('op', 'Op', undefined, { width: '70px' }),
  field('planSummary', 'Plan', undefined, { width: 'minmax(0, 1.5fr)' }),
  field('shape', 'Shape'),
  field('count', 'Count', formatCount, NUM),
  field('totalMillis', 'Total', formatMs, NUM),
  field('avgMillis', 'Avg', formatMs, NUM),
  field('maxMillis', 'Max', formatMs, NUM),
  field('examinedPerReturned', 'Examined / returned', (v) => formatCount(v), NUM)
]

const ENTRY_COLUMNS: Column<TopicRow<'profile'>>[] = [
  field('ts', 'When'),
  field('ns', 'Namespace'),
  field('op', 'Op'),
  field('millis', 'Time', formatMs, NUM),
  field('planSummary', 'Plan'),
  field('docsExamined', 'Docs examined', formatCount, NUM),
  field('nreturned', 'Returned', formatCount, NUM),
  field('appName', 'App')
]

export function MongoProfile({ node, findings }: NodeSection) {
  const entries = topicRows(node, 'profile')
  return (
    <>
      <DataTable
        label="Profiler by query shape"
        testId="profile-groups"
        rows={topicRows(node, 'profile_shapes')}
        columns={SHAPE_COLUMNS}
        initialSort={{ id: 'totalMillis', desc: true }}
        rowTone={(g) => toneFor(findings, { kind: 'statement', name: g.shape, node: node.node })}
        emptyText="No profiler entries on this node: the profiler is off (dbconsole does not switch it on during a check) or nothing was slow."
      />
      {entries.length > 0 && (
        <details>
          <summary className="muted">Raw profiler entries ({entries.length})</summary>
          <DataTable
            label="Profiler entries"
            rows={entries}
            columns={ENTRY_COLUMNS}
            initialSort={{ id: 'millis', desc: true }}
          />
        </details>
      )}
    </>
  )
}

const OP_COLUMNS: Column<TopicRow<'current_op'>>[] = [
  field('opid', 'opid', undefined, { width: '90px' }),
  field('op', 'Op', undefined, { width: '70px' }),
  field('ns', 'Namespace'),
  field('secsRunning', 'Running', formatSeconds, NUM),
  field('planSummary', 'Plan'),
  field('waitingForLock', 'Waiting for lock', (v) => (v === true ? 'yes' : 'no')),
  field('appName', 'App'),
  field('client', 'Client'),
  field('command', 'Command', undefined, WIDE)
]

export function MongoCurrentOp({ node, findings }: NodeSection) {
  return (
    <DataTable
      label="Current operations"
      testId="current-op"
      rows={topicRows(node, 'current_op')}
      columns={OP_COLUMNS}
      initialSort={{ id: 'secsRunning', desc: true }}
      rowTone={(op) => toneFor(findings, { kind: 'operation', name: op.opid ?? '', node: node.node })}
      emptyText="No operation in progress."
    />
  )
}

/** WiredTiger cache fill and dirty share now, with fill, opcounters and lag over time. */
export function MongoCache({ node, findings }: NodeSection) {
  const s = topicRows(node, 'server_status')[0]
  const fill = s?.cacheFillPercent ?? null
  const dirty = s?.cacheDirtyPercent ?? null
  const self = { kind: 'node', name: node.node } as const
  return (
    <div className="kv-grid">
      <div className="kv" data-tone={toneFor(findings, self, 'mongo.wt-cache')}>
        <div className="k">WiredTiger cache fill</div>
        <div className="v" data-testid="cache-fill">
          {formatPercent(fill)}
        </div>
      </div>
      <div className="kv" data-tone={toneFor(findings, self, 'mongo.wt-dirty-cache')}>
        <div className="k">Dirty</div>
        <div className="v">{formatPercent(dirty)}</div>
      </div>
      <div className="kv">
        <div className="k">Connections</div>
        <div className="v">{formatCount(s?.connectionsCurrent)}</div>
      </div>
      <div className="kv">
        <div className="k">Version / engine</div>
        <div className="v">
          {s?.version ?? '—'} / {s?.storageEngine ?? '—'}
        </div>
      </div>
      <div className="kv">
        <div className="k">Uptime</div>
        <div className="v">{formatSeconds(s?.uptimeSeconds)}</div>
      </div>
    </div>
  )
}

const MONGO_CHARTS: readonly MetricChartSpec[] = [
  {
    title: 'Operations per second (opcounters)',
    testId: 'chart-opcounters',
    metric: 'opcountersTotal',
    kind: 'rate',
    unit: 'operations / s',
    format: (v) => `${formatCount(Math.round(v))}/s`
  },
  {
    title: 'WiredTiger cache fill',
    testId: 'chart-cache',
    metric: 'cacheFillRatio',
    kind: 'gauge',
    scale: 100,
    unit: '% of the cache',
    format: (v) => `${v.toFixed(0)} %`
  },
  {
    title: 'Replication lag (largest secondary)',
    testId: 'chart-mongo-lag',
    metric: 'replicationLagSeconds',
    kind: 'max',
    unit: 'seconds behind',
    format: (v) => formatSeconds(v)
  }
]

/** Opcounter rate, cache fill and the worst secondary lag. */
export function MongoCharts({ connectionId }: { connectionId: string }) {
  return <MetricCharts connectionId={connectionId} charts={MONGO_CHARTS} />
}
