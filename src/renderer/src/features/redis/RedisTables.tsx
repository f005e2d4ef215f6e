import type { NodeDetail } from '../../../../shared/detail'
import { DataTable } from '../../components/DataTable'
import type { Column } from '../../components/data-table-model'
import { NUM, WIDE, field } from '../../components/engine-page/columns'
import { topicOf, topicRows } from '../../components/engine-page/detail-model'
import { TopicUnavailable } from '../../components/engine-page/DetailFrame'
import { formatCount, formatUs } from '../../components/format'
import type { TopicRow } from '../../../../shared/topics'
import { commandLine } from './redis-model'

/** Rows of topic slowlog_groups: main's grouping (the one redis.slowlog judges), shown as it is. */
const GROUP_COLUMNS: Column<TopicRow<'slowlog_groups'>>[] = [
  field('command', 'Command'),
  field('count', 'Count', formatCount, NUM),
  field('totalUs', 'Total', formatUs, NUM),
  field('avgUs', 'Avg', formatUs, NUM),
  field('maxUs', 'Max', formatUs, NUM),
  field('clients', 'Clients', (v) => (Array.isArray(v) ? v.join(', ') : ''), WIDE)
]

const ENTRY_COLUMNS: Column<TopicRow<'slowlog'>>[] = [
  field('id', 'ID', undefined, { width: '60px' }),
  field('timestamp', 'When', (v) => (typeof v === 'number' ? new Date(v * 1000).toLocaleString() : '—')),
  field('durationUs', 'Duration', formatUs, NUM),
  { id: 'line', header: 'Command line', value: commandLine, width: 'minmax(0, 3fr)' },
  field('clientName', 'Client name'),
  field('clientAddress', 'Client address')
]

/** SLOWLOG grouped by command, then the raw entries. */
export function RedisSlowlog({ node }: { node: NodeDetail }) {
  const topic = topicOf(node, 'slowlog')
  const entries = topicRows(node, 'slowlog')
  if (topic?.ok === false) return <TopicUnavailable why={`SLOWLOG: ${topic.why}`} />
  return (
    <>
      <h4 className="sub-sub">By command</h4>
      <DataTable
        label="Slowlog by command"
        testId="slowlog-groups"
        rows={topicRows(node, 'slowlog_groups')}
        columns={GROUP_COLUMNS}
        initialSort={{ id: 'totalUs', desc: true }}
        emptyText="SLOWLOG is empty: no command exceeded slowlog-log-slower-than."
      />
      {entries.length > 0 && (
        <details>
          <summary className="muted">Raw entries ({entries.length})</summary>
          <DataTable
            label="Slowlog entries"
            rows={entries}
            columns={ENTRY_COLUMNS}
            initialSort={{ id: 'id', desc: true }}
          />
        </details>
      )}
    </>
  )
}

export function RedisLatency({ node }: { node: NodeDetail }) {
  const topic = topicOf(node, 'latency')
  if (topic?.ok === false) return <TopicUnavailable why={`LATENCY LATEST: ${topic.why}`} />
  return (
    <DataTable
      label="Latency events"
      rows={topicRows(node, 'latency')}
      columns={[
        field('event', 'Event'),
        field('timestamp', 'Latest at', (v) =>
          typeof v === 'number' ? new Date(v * 1000).toLocaleString() : '—'
        ),
        field('latestMs', 'Latest', (v) => `${String(v)} ms`, NUM),
        field('maxMs', 'Max', (v) => `${String(v)} ms`, NUM)
      ]}
      initialSort={{ id: 'maxMs', desc: true }}
      emptyText="No latency events (latency-monitor-threshold may be 0: the monitor is off)."
    />
  )
}

/** Every INFO field and the read CONFIG parameters, for what the summaries above do not show. */
export function RedisRaw({ node }: { node: NodeDetail }) {
  return (
    <details>
      <summary className="muted">All INFO fields and config</summary>
      <div className="grid-2">
        <DataTable
          label="INFO"
          rows={topicRows(node, 'info')}
          columns={[field('field', 'Field'), field('value', 'Value', undefined, WIDE)]}
          maxHeight={400}
        />
        <DataTable
          label="Config"
          rows={topicRows(node, 'config')}
          columns={[field('parameter', 'Parameter'), field('value', 'Value', undefined, WIDE)]}
        />
      </div>
    </details>
  )
}
