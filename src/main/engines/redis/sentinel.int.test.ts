/**
 * A Redis profile by master name through three real sentinels of this test's own, watching the shared
 * standalone + replica (their failover timings are long: they never fail the shared servers over).
 * Their view reaches the check's report, and a lost sentinel plus a quorum it can no longer reach are
 * findings.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionStatus } from '../../../shared/connection'
import type { AnalysisReport } from '../../../shared/findings'
import { waitUntil } from '../../testing/own-servers'
import { startSentinels, type OwnSentinels } from '../../testing/own-sentinels'
import { redisCli } from '../../testing/redis-own-servers'
import { useTestCore } from '../../testing/test-core'
import { TEST_SERVERS } from '../../testing/test-servers'
import { parseConnectionUrl } from '../../support/connection-url'
import { readSentinels, sentinelTarget } from './sentinel'

const PORTS = [57501, 57502, 57503]
const NAME = 'dbc-shared'
const URL = `redis://${PORTS.map((p) => `127.0.0.1:${p}`).join(',')}?sentinelMasterName=${NAME}`

const t = useTestCore('sentinel')
let own: OwnSentinels

beforeAll(async () => {
  own = await startSentinels(PORTS, {
    name: NAME,
    host: '127.0.0.1',
    port: TEST_SERVERS.redisPort,
    quorum: 2
  })
  const target = sentinelTarget(parseConnectionUrl('redis', URL))
  if (!target) throw new Error('not a sentinel URL')
  // Sentinels find each other through the master's hello channel, every 2 s.
  await waitUntil(
    'sentinels to know each other and the replica',
    async () =>
      (await readSentinels(target)).every((v) => v.ok && v.sentinels.length === 2 && v.replicas.length === 1),
    20_000,
    200
  )
})
afterAll(async () => {
  await own.stop()
})

const sentinelFindings = (reports: AnalysisReport[]) =>
  reports.flatMap((r) => r.findings).filter((f) => f.rule.startsWith('redis.sentinel'))

describe('Redis through Sentinel', () => {
  it('connects to the master the sentinels name and reports their view', async () => {
    const { id } = await t.call<{ id: string }>('connections.save', {
      name: 'by master name',
      engine: 'redis',
      url: URL,
      environment: 'production'
    })
    const status = await t.call<ConnectionStatus>('connections.connect', { id })
    const runId = /run_id:(\w+)/.exec(redisCli(TEST_SERVERS.redisPort, ['INFO', 'server']))?.[1]
    expect(status.server).toMatchObject({
      identity: runId,
      role: 'master',
      address: `127.0.0.1:${TEST_SERVERS.redisPort}`
    })
    const reports = await t.call<AnalysisReport[]>('diagnostics.run', { connectionId: id })
    expect(sentinelFindings(reports)).toEqual([])
    const summary = reports[0]?.summary as { sentinels: Record<string, unknown>[] }
    expect(summary.sentinels).toHaveLength(3)
    for (const view of summary.sentinels) {
      expect(view).toMatchObject({
        master: `127.0.0.1:${TEST_SERVERS.redisPort}`,
        quorum: '2',
        knownSentinels: 3,
        ckquorum: expect.stringContaining('OK')
      })
      expect(view.replicas).toEqual([expect.stringContaining(`127.0.0.1:${TEST_SERVERS.redisReplicaPort}`)])
    }
  })

  it('finds a sentinel down and a failover quorum the sentinels cannot reach', async () => {
    const [lost, ...kept] = own.sentinels
    lost?.kill()
    for (const s of kept) {
      const client = new Redis({ port: s.port, host: '127.0.0.1', lazyConnect: true })
      await client.connect()
      // More than the 3 sentinels there are: CKQUORUM must say NOQUORUM (and no failover can ever start).
      await client.call('SENTINEL', 'SET', NAME, 'quorum', '4')
      client.disconnect()
    }
    const [profile] = await t.call<{ id: string }[]>('connections.list', {})
    const reports = await t.call<AnalysisReport[]>('diagnostics.run', { connectionId: profile?.id })
    const found = sentinelFindings(reports)
    expect(found.map((f) => [f.rule, f.severity, f.target])).toEqual(
      expect.arrayContaining([
        ['redis.sentinel-unreachable', 'warning', `127.0.0.1:${PORTS[0]}`],
        ['redis.sentinel-quorum', 'critical', `127.0.0.1:${PORTS[1]}`],
        ['redis.sentinel-quorum', 'critical', `127.0.0.1:${PORTS[2]}`]
      ])
    )
    expect(found.find((f) => f.rule === 'redis.sentinel-quorum')?.detail).toMatch(/NOQUORUM/)
    expect(found.some((f) => f.rule === 'redis.sentinel-count' || f.rule === 'redis.sentinel-disagree')).toBe(
      false
    )
  })
})
