import { describe, expect, it } from 'vitest'
import type { MetricsSample } from '../../../../shared/metrics'
import { appendSample, gaugeSeries, MAX_SAMPLES, maxSeries, nodesOf, rateSeries } from './metrics-history'

const sample = (at: number, values: Record<string, number | null>, node = 'a'): MetricsSample => ({
  at,
  nodes: [{ node, values }]
})

describe('metrics history', () => {
  it('appends in time order and caps the length', () => {
    let h: MetricsSample[] = []
    h = appendSample(h, sample(1000, { x: 1 }))
    h = appendSample(h, sample(500, { x: 2 }))
    expect(h).toHaveLength(1)
    for (let i = 0; i < MAX_SAMPLES + 5; i++) h = appendSample(h, sample(2000 + i, { x: i }))
    expect(h).toHaveLength(MAX_SAMPLES)
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
