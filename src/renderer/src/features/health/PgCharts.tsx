import { TimeSeriesChart, type ChartSeries } from '../../components/TimeSeriesChart'
import { formatBytes, formatCount, formatSeconds } from './humanize'
import { gaugeSeries, nodesOf, rateSeries, timesOf } from './metrics-history'
import { useMetricsHistory } from './use-metrics-history'

const perSec = (n: number): string => `${formatCount(Number(n.toFixed(2)))}/s`

/** tps, replication lag (bytes and seconds) and slow-call rate, sampled every 5 s on one time axis. */
export function PgCharts({ connectionId }: { connectionId: string }) {
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
          title="Transactions per second"
          testId="chart-tps"
          times={times}
          series={per((n) => rateSeries(samples, n, 'xactTotal'))}
          format={perSec}
        />
        <TimeSeriesChart
          title="Replication lag (bytes)"
          testId="chart-lag-bytes"
          times={times}
          series={per((n) => gaugeSeries(samples, n, 'replicationLagBytes'))}
          format={formatBytes}
        />
        <TimeSeriesChart
          title="Replication lag (seconds)"
          testId="chart-lag-seconds"
          times={times}
          series={per((n) => gaugeSeries(samples, n, 'replicationLagSeconds'))}
          format={(v) => formatSeconds(v)}
        />
        <TimeSeriesChart
          title="Slow calls per second (statements averaging > 100 ms)"
          testId="chart-slow"
          times={times}
          series={per((n) => rateSeries(samples, n, 'slowCallsTotal'))}
          format={perSec}
        />
      </div>
    </>
  )
}
