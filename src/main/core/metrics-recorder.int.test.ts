/**
 * Background sampling (issue 19, item 7) against a real redis-server of this test's own: samples arrive
 * with no page asking for them, and a killed server leaves a gap marker, not a line across the outage.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { MemorySecretStore } from './secrets'
import { createCore } from './create-core'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MetricsHistory } from '../../shared/metrics'
import { startRedis, type OwnRedis } from '../testing/redis-own-servers'
import { waitUntil } from '../testing/own-servers'

const PORT = 46630
const core = createCore({
  dataDir: mkdtempSync(join(tmpdir(), 'dbconsole-metrics-')),
  secrets: new MemorySecretStore(),
  host: 'serve',
  pollMs: 500,
  sampleEveryMs: 200
})
let redis: OwnRedis | null = null

const call = async <T>(method: string, input: unknown): Promise<T> => {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`)
  return result.value as T
}

afterAll(async () => {
  await core.close()
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
