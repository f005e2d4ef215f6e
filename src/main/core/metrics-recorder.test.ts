import { describe, expect, it } from 'vitest'
import type { MetricsSample } from '../../shared/metrics'
import type { EngineSession } from '../engines/types'
import { MAX_SAMPLES, MetricsRecorder, type SampledSessions } from './metrics-recorder'

/** Connections as the session manager reports them; the session object itself is not used by `sample`. */
const sessions = (state: Record<string, boolean>): SampledSessions => ({
  watched: () => Object.entries(state).map(([id, connected]) => ({ id, connected })),
  session: async () => ({}) as EngineSession
})

const sampleAt = (at: number): MetricsSample => ({ at, nodes: [{ node: 'n', values: { x: at } }] })

describe('MetricsRecorder', () => {
  it('keeps samples in time order, capped at an hour', async () => {
    let at = 1000
    const recorder = new MetricsRecorder(sessions({ a: true }), async () => sampleAt((at += 10)))
    for (let i = 0; i < MAX_SAMPLES + 5; i++) await recorder.tick()
    const { samples } = recorder.read('a')
    expect(samples).toHaveLength(MAX_SAMPLES)
    expect(samples.map((s) => s.at)).toEqual([...samples.map((s) => s.at)].sort((x, y) => x - y))
    expect(samples.at(-1)?.at).toBe(at)
  })

  it('marks one gap per outage (a failed sample or a failed connection), and says why', async () => {
    const state = { a: true }
    let fail = false
    let n = 0
    const recorder = new MetricsRecorder(sessions(state), async () => {
      if (fail) throw new Error('ECONNRESET')
      return sampleAt(Date.now() + (n += 1))
    })
    await recorder.tick()
    fail = true
    await recorder.tick()
    await recorder.tick()
    expect(recorder.read('a').error).toBe('ECONNRESET')
    state.a = false
    await recorder.tick()
    expect(recorder.read('a').error).toBe('not connected')
    state.a = true
    fail = false
    await recorder.tick()
    expect(recorder.read('a').samples.map((s) => s.nodes.length)).toEqual([1, 0, 1])
    expect(recorder.read('a').error).toBeNull()
  })

  it('never asks a slow server for a second sample while the first is still out', async () => {
    let calls = 0
    let release: () => void = () => undefined
    const recorder = new MetricsRecorder(sessions({ a: true }), async () => {
      calls++
      await new Promise<void>((r) => (release = r))
      return sampleAt(Date.now())
    })
    const first = recorder.tick()
    await recorder.tick()
    await recorder.tick()
    expect(calls).toBe(1)
    release()
    await first
    expect(recorder.read('a').samples).toHaveLength(1)
  })
})
