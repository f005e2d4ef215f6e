import { formatBytes, formatCount, formatSeconds } from '../../components/format'
import { MetricCharts, type MetricChartSpec } from '../../components/engine-page/MetricCharts'

const perSec = (n: number): string => `${formatCount(Number(n.toFixed(2)))}/s`

const PG_CHARTS: readonly MetricChartSpec[] = [
  {
    title: 'Transactions per second',
    testId: 'chart-tps',
    metric: 'xactTotal',
    kind: 'rate',
    unit: 'transactions / s',
    format: perSec
  },
  {
    title: 'Replication lag (bytes)',
    testId: 'chart-lag-bytes',
    metric: 'replicationLagBytes',
    kind: 'gauge',
    unit: 'bytes behind',
    format: formatBytes
  },
  {
    title: 'Replication lag (seconds)',
    testId: 'chart-lag-seconds',
    metric: 'replicationLagSeconds',
    kind: 'gauge',
    unit: 'seconds behind',
    format: (v) => formatSeconds(v)
  },
  {
    title: 'Slow calls per second (statements averaging > 100 ms)',
    testId: 'chart-slow',
    metric: 'slowCallsTotal',
    kind: 'rate',
    unit: 'calls / s',
    format: perSec
  }
]

/** tps, replication lag (bytes and seconds) and slow-call rate. */
export function PgCharts({ connectionId }: { connectionId: string }) {
  return <MetricCharts connectionId={connectionId} charts={PG_CHARTS} />
}
