/**
 * Redis health check against real servers with induced problems. Slow commands go to the shared
 * standalone (keys rt:*, cleaned up); everything destructive runs on throw-away servers started here.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisReport } from '../../../shared/findings'
import { redisUrl, TEST_SERVERS } from '../../testing/test-servers'
import { membersDown, membersDownText } from '../../../shared/topology'
import { openRedis } from './adapter'
import { findBigKeys } from './big-keys'
import { checkRedis } from './check'
import { redisCli, startCluster, startRedis, waitFor, type OwnRedis } from '../../testing/redis-own-servers'

const open = (url: string) => openRedis({ url, tls: { enabled: false }, purpose: 'diagnostics' })
const checkUrl = async (url: string): Promise<AnalysisReport[]> => {
  const s = await open(url)
  try {
    return await checkRedis(s, url)
  } finally {
    await s.close()
  }
}
const warnings = (r: AnalysisReport) => r.findings.filter((f) => f.severity !== 'info')

const own: OwnRedis[] = []
afterAll(async () => {
  for (const o of own) await o.stop()
})

describe('slow commands on the shared standalone', () => {
  const admin = new Redis({ port: TEST_SERVERS.redisPort, lazyConnect: true })
  afterAll(async () => {
    await admin.del('rt:sortme')
    admin.disconnect()
  })
  it('DEBUG SLEEP and a big SORT show in redis.slowlog with their client names', async () => {
    const sleeper = new Redis({ port: TEST_SERVERS.redisPort, connectionName: 'rt-sleeper' })
    const sorter = new Redis({ port: TEST_SERVERS.redisPort, connectionName: 'rt-sorter' })
    try {
      await sleeper.call('DEBUG', 'SLEEP', '0.05')
      await sorter.eval("for i=1,200000 do redis.call('RPUSH','rt:sortme',i) end", 0)
      await sorter.sort('rt:sortme', 'LIMIT', 0, 1)
    } finally {
      sleeper.disconnect()
      sorter.disconnect()
    }
    const [report] = await checkUrl(redisUrl())
    const debug = report?.findings.find((f) => f.rule === 'redis.slowlog' && f.evidence.command === 'DEBUG')
    expect(debug).toBeDefined()
    expect((debug?.evidence.clients as string[]).some((c) => c.startsWith('rt-sleeper ('))).toBe(true)
    expect(debug?.evidence.maxUs as number).toBeGreaterThanOrEqual(50_000)
    const sort = report?.findings.find((f) => f.rule === 'redis.slowlog' && f.evidence.command === 'SORT')
    expect((sort?.evidence.clients as string[]).some((c) => c.startsWith('rt-sorter ('))).toBe(true)
    expect(
      report?.findings.some((f) => f.rule === 'redis.dangerous-commands' && f.evidence.command === 'SORT')
    ).toBe(true)
  })
})

describe('own standalone servers', () => {
  let clean: OwnRedis
  let bigs: OwnRedis
  beforeAll(async () => {
    clean = await startRedis(46020)
    own.push(clean)
    bigs = await startRedis(46021)
    own.push(bigs)
    const c = new Redis({ port: bigs.port })
    await c.eval("for i=1,20000 do redis.call('HSET','rt:bighash','field:'..i,string.rep('h',100)) end", 0)
    await c.eval("for i=1,15000 do redis.call('RPUSH','rt:biglist',string.rep('l',100)) end", 0)
    await c.eval("for i=1,300 do redis.call('SET','rt:small:'..i,'v') end", 0)
    c.disconnect()
  })

  it('a clean server gives no warning or critical finding', async () => {
    const [report] = await checkUrl(redisUrl(clean.port))
    expect(report?.ok).toBe(true)
    expect(report?.summary).toMatchObject({
      serverVersion: '7.0.15',
      role: 'standalone',
      node: `127.0.0.1:${clean.port}`
    })
    expect(warnings(report as AnalysisReport)).toEqual([])
  })

  it('the big hash and the big list are the top big keys, with progress and patterns', async () => {
    const s = await open(redisUrl(bigs.port))
    const progress: number[] = []
    try {
      const result = await findBigKeys(await s.nodes(), {
        scanCount: 100,
        onProgress: (p) => progress.push(p.scannedKeys)
      })
      expect(result.scannedKeys).toBe(302)
      expect(result.complete).toBe(true)
      expect(result.top.slice(0, 2).map((k) => [k.key, k.type])).toEqual([
        ['rt:bighash', 'hash'],
        ['rt:biglist', 'list']
      ])
      expect(result.top[0]?.bytes).toBeGreaterThan(1024 * 1024)
      expect(result.prefixes.find((p) => p.pattern === 'rt:small:*')?.keys).toBe(300)
      expect(progress.length).toBeGreaterThan(1)
      expect(progress[progress.length - 1]).toBe(302)
      const ac = new AbortController()
      const cut = await findBigKeys(await s.nodes(), {
        scanCount: 10,
        signal: ac.signal,
        onProgress: () => ac.abort()
      })
      expect(cut.complete).toBe(false)
      expect(cut.scannedKeys).toBeLessThan(302)
    } finally {
      await s.close()
    }
    const [report] = await checkUrl(redisUrl(bigs.port))
    expect(
      report?.findings
        .filter((f) => f.rule === 'redis.big-key' && f.severity === 'warning')
        .map((f) => f.target)
    ).toEqual(['rt:bighash', 'rt:biglist'])
  })
})

describe('replica link (own pair)', () => {
  it('is up, then down after its master is stopped', async () => {
    const master = await startRedis(46022)
    own.push(master)
    const replica = await startRedis(46023, ['--replicaof', '127.0.0.1', '46022'])
    own.push(replica)
    await waitFor('link up', () =>
      redisCli(replica.port, ['info', 'replication']).includes('master_link_status:up')
    )
    const [up] = await checkUrl(redisUrl(replica.port))
    expect(up?.summary).toMatchObject({ role: 'replica', masterLinkStatus: 'up' })
    expect(up?.findings.filter((f) => f.rule === 'redis.replication')).toEqual([])
    await master.stop()
    await waitFor('link down', () =>
      redisCli(replica.port, ['info', 'replication']).includes('master_link_status:down')
    )
    const [down] = await checkUrl(redisUrl(replica.port))
    expect(down?.summary).toMatchObject({ role: 'replica', masterLinkStatus: 'down' })
    expect(down?.findings[0]).toMatchObject({ rule: 'redis.replication', severity: 'critical' })
    expect(down?.findings[0]?.title).toMatch(/^Replication link to 127\.0\.0\.1:46022 is down/)
  })
})

describe('cluster with a master killed (own cluster)', () => {
  it('reports cluster_state:fail naming the uncovered slots', async () => {
    const nodes = await startCluster([45001, 45002, 45003])
    own.push(...nodes)
    await nodes[2]?.stop()
    await waitFor('cluster_state:fail', () =>
      redisCli(45001, ['cluster', 'info']).includes('cluster_state:fail')
    )
    // openRedis itself, through the adapter: a broken cluster must still open (no ready check).
    const reports = await checkUrl('redis://127.0.0.1:45001/?cluster=true')
    const seed = reports.find((r) => r.summary.node === '127.0.0.1:45001')
    expect(seed?.summary).toMatchObject({ role: 'cluster-master', clusterReport: true, clusterState: 'fail' })
    expect(seed?.findings[0]).toMatchObject({
      rule: 'redis.cluster-state',
      severity: 'critical',
      title: 'cluster_state:fail: 5461 slots not served (10923-16383)'
    })
    expect(
      seed?.findings.some(
        (f) => f.rule === 'redis.cluster-state' && f.title === 'Node 127.0.0.1:45003 is marked fail'
      )
    ).toBe(true)
    const dead = reports.find((r) => r.summary.node === '127.0.0.1:45003')
    if (dead) expect(dead.ok).toBe(false)
    // The card and the sidebar say "degraded: 1 of 3 members down" from the topology main describes.
    const session = await open('redis://127.0.0.1:45001/?cluster=true')
    try {
      const server = await session.describe()
      expect(membersDown(server)).toEqual(['127.0.0.1:45003'])
      expect(membersDownText(membersDown(server), server.topology.length)).toBe('1 of 3 members down')
    } finally {
      await session.close()
    }
  })
})
