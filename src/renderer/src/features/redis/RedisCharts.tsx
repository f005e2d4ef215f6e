import { formatBytes, formatCount } from '../../components/format'
import { MetricCharts, type MetricChartSpec } from '../../components/engine-page/MetricCharts'

const REDIS_CHARTS: readonly MetricChartSpec[] = [
  {
    title: 'Used memory',
    testId: 'chart-memory',
    metric: 'usedMemoryBytes',
    kind: 'gauge',
    unit: 'bytes',
    format: formatBytes
  },
  {
    title: 'Fragmentation ratio (RSS / used)',
    testId: 'chart-fragmentation',
    metric: 'fragmentationRatio',
    kind: 'gauge',
    unit: 'RSS / used',
    format: (v) => v.toFixed(2)
  },
  {
    title: 'Operations per second',
    testId: 'chart-ops',
    metric: 'opsPerSec',
    kind: 'gauge',
    unit: 'operations / s',
    format: (v) => formatCount(Math.round(v))
  },
  {
    title: 'Evictions per second',
    testId: 'chart-evictions',
    metric: 'evictedKeysTotal',
    kind: 'rate',
    unit: 'keys evicted / s',
    format: (v) => `${v.toFixed(2)}/s`
  }
]

/** Memory per node, fragmentation, ops/s and eviction rate. */
export function RedisCharts({ connectionId }: { connectionId: string }) {
  return <MetricCharts connectionId={connectionId} charts={REDIS_CHARTS} />
}
