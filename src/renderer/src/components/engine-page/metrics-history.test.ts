import { describe, expect, it } from 'vitest'
import type { MetricsSample } from '../../../../shared/metrics'
import { gaugeSeries, maxSeries, nodesOf, rateSeries, withGaps } from './metrics-history'

const sample = (at: number, values: Record<string, number | null>, node = 'a'): MetricsSample => ({
  at,
  nodes: [{ node, values }]
})

describe('metrics history', () => {
  it('marks a gap where samples are too far apart, so no line is drawn across it', () => {
    const h = withGaps([sample(0, { x: 1 }), sample(5000, { x: 2 }), sample(60_000, { x: 3 })], 5000)
    expect(h.map((s) => [s.at, s.nodes.length])).toEqual([
      [0, 1],
      [5000, 1],
      [5001, 0],
      [60_000, 1]
    ])
    expect(gaugeSeries(h, 'a', 'x')).toEqual([1, 2, null, 3])
    // A gap the recorder already marked is not marked twice.
    expect(withGaps(h, 5000)).toHaveLength(4)
  })

  it('turns counters into per-second rates and skips resets', () => {
    const h = [
      sample(0, { t: 100 }),
      sample(5000, { t: 150 }),
      sample(10_000, { t: 10 }),
      sample(15_000, { t: 20 })
    ]
    expect(rateSeries(h, 'a', 't')).toEqual([null, 10, null, 2])
  })

  it('keeps gauges aligned, null where the node did not answer', () => {
    const h = [sample(0, { g: 1 }), sample(5000, { g: null }), sample(10_000, { g: 3 }, 'b')]
    expect(gaugeSeries(h, 'a', 'g', 2)).toEqual([2, null, null])
    expect(nodesOf(h)).toEqual(['a', 'b'])
    expect(maxSeries(h, 'g')).toEqual([1, null, 3])
  })
})
