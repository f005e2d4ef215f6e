import { TimeSeriesChart, type ChartSeries } from '../../components/TimeSeriesChart'
import { formatBytes, formatCount } from '../health/humanize'
import { gaugeSeries, nodesOf, rateSeries, timesOf } from '../health/metrics-history'
import { useMetricsHistory } from '../health/use-metrics-history'

/** Memory per node, fragmentation, ops/s and eviction rate on one time axis. */
export function RedisCharts({ connectionId }: { connectionId: string }) {
  const { samples, error } = useMetricsHistory(connectionId)
  const times = timesOf(samples)
  const nodes = nodesOf(samples)
  const per = (make: (node: string) => (number | null)[]): ChartSeries[] =>
    nodes.map((node) => ({ label: node, values: make(node) }))
  return (
    <>
      {error !== null && <p className="notice">Metrics sampling failed: {error}</p>}
      <div className="ts-grid">
        <TimeSeriesChart
          title="Used memory"
          testId="chart-memory"
          times={times}
          series={per((n) => gaugeSeries(samples, n, 'usedMemoryBytes'))}
          format={formatBytes}
        />
        <TimeSeriesChart
          title="Fragmentation ratio (RSS / used)"
          testId="chart-fragmentation"
          times={times}
          series={per((n) => gaugeSeries(samples, n, 'fragmentationRatio'))}
          format={(v) => v.toFixed(2)}
        />
        <TimeSeriesChart
          title="Operations per second"
          testId="chart-ops"
          times={times}
          series={per((n) => gaugeSeries(samples, n, 'opsPerSec'))}
          format={(v) => formatCount(Math.round(v))}
        />
        <TimeSeriesChart
          title="Evictions per second"
          testId="chart-evictions"
          times={times}
          series={per((n) => rateSeries(samples, n, 'evictedKeysTotal'))}
          format={(v) => `${v.toFixed(2)}/s`}
        />
      </div>
    </>
  )
}
