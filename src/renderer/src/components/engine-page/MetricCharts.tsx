import { TimeSeriesChart, type ChartSeries } from '../TimeSeriesChart'
import { gaugeSeries, maxSeries, nodesOf, rateSeries, timesOf } from './metrics-history'
import { useMetricsHistory } from './use-metrics-history'

/** One chart of an engine page: which metric, drawn how. */
export interface MetricChartSpec {
  title: string
  testId: string
  metric: string
  /** rate: per-second rate of a cumulative counter, per node; gauge: the value per node; max: the largest over nodes. */
  kind: 'rate' | 'gauge' | 'max'
  /** Multiplier for gauges (e.g. 100 for a ratio shown in %). */
  scale?: number
  /** What the y axis measures, drawn as its label ('bytes', 'transactions / s'). */
  unit: string
  format: (value: number) => string
}

/** The engine pages' charts, from main's background samples, all on one time axis. */
export function MetricCharts({
  connectionId,
  charts
}: {
  connectionId: string
  charts: readonly MetricChartSpec[]
}) {
  const { samples, error } = useMetricsHistory(connectionId)
  const times = timesOf(samples)
  const nodes = nodesOf(samples)
  const seriesOf = (spec: MetricChartSpec): ChartSeries[] => {
    if (spec.kind === 'max') return [{ label: 'largest', values: maxSeries(samples, spec.metric) }]
    return nodes.map((node) => ({
      label: node,
      values:
        spec.kind === 'rate'
          ? rateSeries(samples, node, spec.metric)
          : gaugeSeries(samples, node, spec.metric, spec.scale)
    }))
  }
  return (
    <>
      {error !== null && <p className="notice">Metrics sampling failed: {error}</p>}
      <div className="ts-grid">
        {charts.map((spec) => (
          <TimeSeriesChart
            key={spec.testId}
            title={spec.title}
            testId={spec.testId}
            times={times}
            series={seriesOf(spec)}
            format={spec.format}
            yLabel={spec.unit}
          />
        ))}
      </div>
    </>
  )
}
