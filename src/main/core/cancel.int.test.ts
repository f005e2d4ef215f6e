/**
 * Named calls on the real servers: requests.cancel stops them (PostgreSQL stops the statement on the
 * server with a cancel request for our backend; Redis answers at once while the server is still busy; both
 * sessions keep working afterwards), and their progress arrives as events.
 */
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import type { Result } from '../../shared/errors'
import { useTestCore } from '../testing/test-core'
import { pgAppUrl, redisUrl, TEST_SERVERS } from '../testing/test-servers'

const { core, call, admin: adminClient } = useTestCore('cancel')

const connectProfile = async (engine: 'postgres' | 'redis', url: string): Promise<string> => {
  const { id } = await call<{ id: string }>('connections.save', {
    name: `cancel-${engine}`,
    engine,
    url,
    environment: 'development'
  })
  await call('connections.connect', { id })
  return id
}

const activeSleeps = async (marker: string): Promise<number> => {
  const r = await adminClient().query<{ n: string }>(
    "select count(*) as n from pg_stat_activity where state = 'active' and query like $1 and pid <> pg_backend_pid()",
    [`%${marker}%`]
  )
  return Number(r.rows[0]?.n ?? 0)
}

describe('requests.cancel on real servers', () => {
  it('PostgreSQL: a 20 s console query stops on the server within a second of cancelling', async () => {
    const id = await connectProfile('postgres', pgAppUrl())
    const marker = 'cancel_me_1'
    const running = core.dispatch('console.run', {
      connectionId: id,
      text: `select pg_sleep(20) as ${marker}`,
      requestId: 'pg-sleep-1'
    })
    await expect.poll(() => activeSleeps(marker), { timeout: 5_000 }).toBe(1)
    const cancelledAt = Date.now()
    expect(await call('requests.cancel', { requestId: 'pg-sleep-1' })).toEqual({ cancelled: true })
    const answer: Result<unknown> = await running
    expect(answer).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
    expect(Date.now() - cancelledAt).toBeLessThan(1_000)
    // The server itself stopped the statement: no backend is still sleeping for us.
    await expect.poll(() => activeSleeps(marker), { timeout: 2_000 }).toBe(0)
    // And the session is still usable.
    const after = await call<{ kind: string; rows: unknown[][] }>('console.run', {
      connectionId: id,
      text: 'select 41 + 1 as answer'
    })
    expect(after.rows).toEqual([['42']])
  })

  it('Redis: checks blocked behind DEBUG SLEEP answer CANCELLED at once, and the session recovers', async () => {
    const id = await connectProfile('redis', redisUrl())
    const blocker = new Redis(redisUrl(), { lazyConnect: true })
    await blocker.connect()
    try {
      const sleeping = blocker.call('DEBUG', 'SLEEP', '3')
      await new Promise((r) => setTimeout(r, 100))
      const running = core.dispatch('diagnostics.run', { connectionId: id, requestId: 'redis-blocked-1' })
      await new Promise((r) => setTimeout(r, 300))
      const cancelledAt = Date.now()
      expect(await call('requests.cancel', { requestId: 'redis-blocked-1' })).toEqual({ cancelled: true })
      expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
      expect(Date.now() - cancelledAt).toBeLessThan(500)
      await sleeping
      const reports = await call<{ ok: boolean }[]>('diagnostics.run', { connectionId: id })
      expect(reports.map((r) => r.ok)).toEqual([true])
    } finally {
      blocker.disconnect()
    }
  })

  it('a named call reports its progress: each PostgreSQL probe, each cluster node as it answers', async () => {
    const seen: { requestId: string; done: number; total: number | null; message: string }[] = []
    const stop = core.events.subscribe((e) => {
      if (e.type === 'progress') seen.push(e)
    })
    try {
      const pgId = await connectProfile('postgres', pgAppUrl())
      await call('diagnostics.run', { connectionId: pgId, requestId: 'pg-progress-1' })
      const pgSteps = seen.filter((e) => e.requestId === 'pg-progress-1')
      expect(pgSteps.length).toBeGreaterThan(10)
      expect(pgSteps.every((e) => e.total === pgSteps[0]?.total && e.done < (e.total ?? 0))).toBe(true)
      expect(pgSteps.map((e) => e.message)).toContain(
        `127.0.0.1:${TEST_SERVERS.pgPrimaryPort}: pg stat replication`
      )

      const clusterId = await connectProfile('redis', redisUrl(TEST_SERVERS.redisClusterPorts[0]))
      await call('diagnostics.run', { connectionId: clusterId, requestId: 'cluster-progress-1' })
      const nodeSteps = seen.filter((e) => e.requestId === 'cluster-progress-1')
      expect(nodeSteps.map((e) => [e.done, e.total])).toEqual([
        [1, 3],
        [2, 3],
        [3, 3]
      ])
      expect(nodeSteps[2]?.message).toMatch(/^3 of 3 nodes answered \(last: 127\.0\.0\.1:\d+\)$/)
    } finally {
      stop()
    }
  })

  it('a cancel for a call that already finished, or never existed, says so', async () => {
    expect(await call('requests.cancel', { requestId: 'never-ran' })).toEqual({ cancelled: false })
  })
})
