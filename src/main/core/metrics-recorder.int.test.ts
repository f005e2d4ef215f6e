/**
 * Background sampling (issue 19, item 7) against a real redis-server of this test's own: samples arrive
 * with no page asking for them, and a killed server leaves a gap marker, not a line across the outage.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { MetricsHistory } from '../../shared/metrics'
import { waitUntil } from '../testing/own-servers'
import { startRedis, type OwnRedis } from '../testing/redis-own-servers'
import { useTestCore } from '../testing/test-core'

const PORT = 46630
const { call } = useTestCore('metrics', { pollMs: 500, sampleEveryMs: 200 })
let redis: OwnRedis | null = null

afterAll(async () => {
  await redis?.stop()
})

describe('the metrics recorder', () => {
  it('samples a connected profile in the background, and marks the outage when its server dies', async () => {
    redis = await startRedis(PORT)
    const { id } = await call<{ id: string }>('connections.save', {
      name: 'sampled',
      engine: 'redis',
      url: `redis://127.0.0.1:${PORT}`,
      environment: 'development'
    })
    await call('connections.connect', { id })
    const history = () => call<MetricsHistory>('metrics.history', { connectionId: id })
    await waitUntil('three background samples', async () => (await history()).samples.length >= 3, 10_000)
    const before = await history()
    expect(before.everyMs).toBe(200)
    for (const s of before.samples) expect(Number(s.nodes[0]?.values['usedMemoryBytes'])).toBeGreaterThan(0)

    await redis.stop()
    redis = null
    await waitUntil(
      'a gap marker after the kill',
      async () => (await history()).samples.some((s) => s.nodes.length === 0),
      15_000
    )
    const after = await history()
    expect(after.error).not.toBeNull()
    expect(after.samples.filter((s) => s.nodes.length === 0)).toHaveLength(1)
  })
})
