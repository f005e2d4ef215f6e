/**
 * dbconsole must not cause what it reports (issue 18), on a private Redis 7.0 (own port 46545): its
 * connections send nothing the server rejects (ioredis's CLIENT SETINFO needs 7.2), and the slow-log
 * entries of its own probes are left out of the findings, saying so.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOwnRedis, type OwnRedis } from '../../testing/own-servers'
import { openRedisAction } from './actions'
import { openRedis } from './adapter'
import { checkRedis } from './check'

const PORT = 46545
const url = `redis://127.0.0.1:${PORT}`

const errorReplies = async (client: Redis): Promise<number> => {
  const info = await client.info('stats')
  return Number(/total_error_replies:(\d+)/.exec(info)?.[1] ?? NaN)
}

describe("dbconsole's own footprint on the server it checks", () => {
  let server: OwnRedis
  let observer: Redis
  beforeAll(async () => {
    server = await startOwnRedis('footprint', PORT, ['--slowlog-log-slower-than', '0'])
    observer = new Redis({ port: PORT, disableClientInfo: true })
  })
  afterAll(async () => {
    observer?.disconnect()
    server?.down()
  })

  it('opens diagnostics and action connections without a single error reply', async () => {
    const before = await errorReplies(observer)
    for (let i = 0; i < 3; i++) {
      const session = await openRedis({ url, tls: { enabled: false }, purpose: 'diagnostics' })
      await session.close()
      const action = await openRedisAction({ url, tls: { enabled: false } })
      await action.close()
    }
    expect(await errorReplies(observer)).toBe(before)
    const [report] = await (async () => {
      const session = await openRedis({ url, tls: { enabled: false }, purpose: 'diagnostics' })
      try {
        return await checkRedis(session, 'node', { bigKeys: false })
      } finally {
        await session.close()
      }
    })()
    expect((report?.findings ?? []).filter((f) => f.rule === 'redis.errorstats')).toEqual([])
  })

  it("leaves its own probes out of the slow-log findings and says how many, keeping everyone else's", async () => {
    await observer.slowlog('RESET')
    const app = new Redis({ port: PORT, connectionName: 'shop-api', disableClientInfo: true })
    try {
      await app.hset('cart:1', 'sku', '1')
      await app.hgetall('cart:1')
    } finally {
      app.disconnect()
    }
    const session = await openRedis({ url, tls: { enabled: false }, purpose: 'diagnostics' })
    try {
      await checkRedis(session, 'node', { bigKeys: false }) // leaves INFO, CONFIG GET... in the log
      const [report] = await checkRedis(session, 'node', { bigKeys: false })
      const slow = (report?.findings ?? []).filter((f) => f.rule === 'redis.slowlog')
      const clients = slow.flatMap((f) => (f.evidence.clients as string[] | undefined) ?? [])
      expect(clients.some((c) => c.startsWith('dbconsole:diagnostics'))).toBe(false)
      expect(slow.find((f) => f.evidence.command === 'HGETALL')?.evidence.clients).toEqual([
        expect.stringMatching(/^shop-api \(127\.0\.0\.1:\d+\)$/)
      ])
      const note = slow.find((f) => typeof f.evidence.ownEntries === 'number')
      expect(Number(note?.evidence.ownEntries)).toBeGreaterThan(0)
      const dangerous = (report?.findings ?? []).filter((f) => f.rule === 'redis.dangerous-commands')
      expect(dangerous.map((f) => f.title)).toEqual([
        expect.stringMatching(/^HGETALL in the slow log 1 time/)
      ])
    } finally {
      await session.close()
    }
  })
})
