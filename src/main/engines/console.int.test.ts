import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import type { ConsoleResult } from '../../shared/console'
import { pgAppUrl, redisUrl, TEST_SERVERS } from '../testing/test-servers'
import { runConsole } from './console'
import { sampleMetrics } from './metrics'
import { openPostgres } from './postgres/adapter'
import { openRedis } from './redis/adapter'
import type { PgSession, RedisSession } from './types'

let pg: PgSession
let redis: RedisSession
let cluster: RedisSession
const admin = new Redis({ port: TEST_SERVERS.redisPort, lazyConnect: true })

const rows = (result: ConsoleResult) => {
  if (result.kind !== 'rows') throw new Error(`expected rows, got ${result.kind}: ${result.reason}`)
  return result
}

beforeAll(async () => {
  pg = (await openPostgres({ url: pgAppUrl(), tls: { enabled: false }, purpose: 'diagnostics' })) as PgSession
  redis = (await openRedis({
    url: redisUrl(),
    tls: { enabled: false },
    purpose: 'diagnostics'
  })) as RedisSession
  cluster = (await openRedis({
    url: redisUrl(TEST_SERVERS.redisClusterPorts[0]),
    tls: { enabled: false },
    purpose: 'diagnostics'
  })) as RedisSession
  await admin.connect()
  await admin.set('console:greeting', 'hello <b>world</b>')
})

afterAll(async () => {
  await admin.del('console:greeting')
  admin.disconnect()
  await Promise.all([pg.close(), redis.close(), cluster.close()])
})

describe('console on PostgreSQL', () => {
  it('runs a SELECT at once and keeps duplicate column names and nulls', async () => {
    const result = rows(await runConsole(pg, "select 1 as a, null::text as a, 'x' as b;", 100, ''))
    expect(result.columns).toEqual(['a', 'a', 'b'])
    expect(result.rows).toEqual([['1', null, 'x']])
    expect(result.truncated).toBeNull()
  })

  it('caps a 1,000,000-row result at the row limit without fetching it all', async () => {
    const result = rows(
      await runConsole(pg, 'select g, md5(g::text) from generate_series(1, 1000000) g', 10_000, '')
    )
    expect(result.rowCount).toBe(10_000)
    expect(result.truncated).toEqual({ reason: 'rows', limit: 10_000 })
    expect(result.rows[9_999]?.[0]).toBe('10000')
  })

  it('shows SHOW and plain EXPLAIN output', async () => {
    expect(rows(await runConsole(pg, 'show default_transaction_read_only', 10, '')).rows).toEqual([['on']])
    expect(rows(await runConsole(pg, 'explain select 1', 10, '')).columns).toEqual(['QUERY PLAN'])
  })

  it.each([
    ['update orders set x = 1', 'Update is not a read-only statement'],
    ['select * from pg_class for update', 'FOR UPDATE'],
    ['select pg_terminate_backend(pg_backend_pid())', 'pg_terminate_backend'],
    ['select 1; select 2', '2 statements'],
    ['explain analyze delete from t', 'EXPLAIN ANALYZE executes the statement'],
    ["select nextval('s')", 'nextval']
  ])('sends %s to the confirmation dialog instead of running it', async (sql, why) => {
    const result = await runConsole(pg, sql, 10, '')
    expect(result.kind).toBe('confirmation-required')
    if (result.kind !== 'confirmation-required') return
    expect(result.reason).toContain(why)
    expect(result.action).toBe('postgres.consoleStatement')
  })

  it('stops reading wide rows at the byte cap: 200 MB asked, 50 MB kept, < 150 MB more memory, the session still works', async () => {
    const before = process.memoryUsage().rss
    const result = rows(
      await runConsole(pg, "select g, repeat('x', 1024 * 1024) from generate_series(1, 200) g", 10_000, '')
    )
    const grown = process.memoryUsage().rss - before
    expect(result.truncated).toEqual({ reason: 'bytes', limit: 50 * 1024 * 1024 })
    expect(result.rowCount).toBeLessThanOrEqual(50)
    expect(result.rowCount).toBeGreaterThanOrEqual(45)
    // 50 MB are kept; the rest is garbage not yet collected. Buffering the whole result grew RSS by 205 MB.
    expect(grown).toBeLessThan(150 * 1024 * 1024)
    expect(rows(await runConsole(pg, 'select 2 as two', 10, '')).rows).toEqual([['2']])
  })

  it('reports an error raised while reading, and the session still works', async () => {
    await expect(
      runConsole(pg, 'select 1 / (g - 3) from generate_series(1, 5) g', 10, '')
    ).rejects.toMatchObject({
      message: expect.stringContaining('division by zero')
    })
    expect(rows(await runConsole(pg, 'select 3 as three', 10, '')).rows).toEqual([['3']])
  })

  it('reports a syntax error with PostgreSQL parser text', async () => {
    await expect(runConsole(pg, 'selec 1', 10, '')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('syntax error')
    })
  })
})

describe('console on Redis', () => {
  it('runs read-only commands and returns values as text', async () => {
    expect(rows(await runConsole(redis, 'GET console:greeting', 10, '')).rows).toEqual([
      ['hello <b>world</b>']
    ])
    const slowlog = rows(await runConsole(redis, 'SLOWLOG GET 2', 10, ''))
    expect(slowlog.columns).toEqual(['#', 'value'])
  })

  it('routes by key in a cluster', async () => {
    expect(rows(await runConsole(cluster, 'TYPE "some key"', 10, '')).rows).toEqual([['none']])
  })

  it('sends writes and KEYS to the confirmation dialog', async () => {
    for (const line of ['SET a b', 'KEYS *', 'FLUSHALL']) {
      const result = await runConsole(redis, line, 10, '')
      expect(result).toMatchObject({ kind: 'confirmation-required', action: 'redis.consoleCommand' })
    }
    expect(await admin.exists('a')).toBe(0)
  })

  it('refuses unclosed quotes and several commands clearly', async () => {
    await expect(runConsole(redis, 'GET "x', 10, '')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Unclosed " quote in the command.'
    })
    await expect(runConsole(redis, 'PING\nPING', 10, '')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('metrics samples', () => {
  it('PostgreSQL primary: transactions counted, replica lag in bytes present', async () => {
    const first = await sampleMetrics(pg)
    // Backends flush their statistics at most once a second (PG 15): sample until the counter moves.
    let second = first
    for (let i = 0; i < 30 && second.nodes[0]?.values.xactTotal === first.nodes[0]?.values.xactTotal; i++) {
      await pg.query('select 1')
      await new Promise((r) => setTimeout(r, 100))
      second = await sampleMetrics(pg)
    }
    const [a, b] = [first.nodes[0]?.values, second.nodes[0]?.values]
    expect(first.nodes[0]?.node).toBe(`127.0.0.1:${TEST_SERVERS.pgPrimaryPort}`)
    expect(b?.xactTotal).toBeGreaterThan(a?.xactTotal ?? Infinity)
    expect(typeof b?.replicationLagBytes).toBe('number')
    expect(typeof b?.statementTimeMsTotal).toBe('number')
  })

  it('Redis cluster: one sample per node with memory and fragmentation', async () => {
    const sample = await sampleMetrics(cluster)
    expect(sample.nodes.map((n) => n.node).sort()).toEqual(
      TEST_SERVERS.redisClusterPorts.map((p) => `127.0.0.1:${p}`).sort()
    )
    for (const node of sample.nodes) {
      expect(node.values.usedMemoryBytes).toBeGreaterThan(0)
      expect(node.values.fragmentationRatio).toBeGreaterThan(0)
    }
  })
})
