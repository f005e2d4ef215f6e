import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MetricsSample } from '../../shared/metrics'
import type { EngineSession } from '../engines/types'
import { MAX_SAMPLES, MetricsRecorder, NOT_RUNNING, type SampledSessions } from './metrics-recorder'
import { HistoryStore } from './history-store'

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
      return sampleAt(Date.now() + 1000 * (n += 1))
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

  it('writes every sample through to the store and, in a new process, reads the last hour back with a gap for the time it was off', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dbconsole-recorder-'))
    const store = HistoryStore.open(dataDir)
    const now = Date.now()
    let at = now - 60_000
    const before = new MetricsRecorder(
      sessions({ a: true }),
      async () => sampleAt((at += 5_000)),
      5_000,
      store
    )
    for (let i = 0; i < 3; i++) await before.tick()
    store.close()

    const reopened = HistoryStore.open(dataDir)
    const after = new MetricsRecorder(
      sessions({ a: true }),
      async () => sampleAt(Date.now()),
      5_000,
      reopened
    )
    const kept = after.read('a').samples
    expect(kept.map((s) => s.at)).toEqual([now - 55_000, now - 50_000, now - 45_000, now - 44_999])
    expect(kept.map((s) => s.nodes.length)).toEqual([1, 1, 1, 0])
    await after.tick()
    expect(after.read('a').samples).toHaveLength(5)
    expect(reopened.timeline('a', 0).events.map((e) => (e.kind === 'gap' ? e.reason : e.kind))).toEqual([
      NOT_RUNNING,
      'resumed'
    ])
    reopened.close()
  })
})
