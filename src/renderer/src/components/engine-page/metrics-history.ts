import type { MetricsSample } from '../../../../shared/metrics'

/** Samples further apart than this many intervals have a gap between them (the app slept, a sample was lost). */
const GAP_INTERVALS = 2.5

/**
 * The samples with a gap marker (a sample with no nodes, so every series is null there) wherever two
 * neighbours are too far apart: the chart then draws a gap, never a line across the missing time.
 */
export const withGaps = (history: readonly MetricsSample[], everyMs: number): MetricsSample[] => {
  const out: MetricsSample[] = []
  for (const s of history) {
    const prev = out.at(-1)
    if (prev !== undefined && prev.nodes.length > 0 && s.at - prev.at > GAP_INTERVALS * everyMs)
      out.push({ at: prev.at + 1, nodes: [] })
    out.push(s)
  }
  return out
}

export const nodesOf = (history: readonly MetricsSample[]): string[] => {
  const seen = new Set<string>()
  for (const s of history) for (const n of s.nodes) seen.add(n.node)
  return [...seen].sort()
}

const valueAt = (sample: MetricsSample, node: string, metric: string): number | null => {
  const v = sample.nodes.find((n) => n.node === node)?.values[metric]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** A gauge as it was sampled, aligned with the samples' times. */
export const gaugeSeries = (
  history: readonly MetricsSample[],
  node: string,
  metric: string,
  scale = 1
): (number | null)[] =>
  history.map((s) => {
    const v = valueAt(s, node, metric)
    return v === null ? null : v * scale
  })

/**
 * A cumulative counter as a per-second rate between consecutive samples. The first point has no
 * rate; a counter that went down (stats reset, restart) gives a gap rather than a negative spike.
 */
export const rateSeries = (
  history: readonly MetricsSample[],
  node: string,
  metric: string
): (number | null)[] =>
  history.map((s, i) => {
    const prev = history[i - 1]
    if (prev === undefined) return null
    const now = valueAt(s, node, metric)
    const before = valueAt(prev, node, metric)
    const secs = (s.at - prev.at) / 1000
    if (now === null || before === null || secs <= 0 || now < before) return null
    return (now - before) / secs
  })

/** Largest value of a metric over the nodes of each sample (e.g. the worst lag of a replica set). */
export const maxSeries = (history: readonly MetricsSample[], metric: string): (number | null)[] =>
  history.map((s) => {
    const values = s.nodes.map((n) => n.values[metric]).filter((v): v is number => typeof v === 'number')
    return values.length === 0 ? null : Math.max(...values)
  })

export const timesOf = (history: readonly MetricsSample[]): number[] => history.map((s) => s.at)
