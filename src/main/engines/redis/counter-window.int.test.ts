/**
 * Cumulative counters judged over the poll window, and the slow log's coverage, on private Redis
 * servers (own ports 46540-46541): an OOM episode is critical while it lasts and clears once memory
 * is freed, instead of staying critical until the server restarts.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisReport, Finding } from '../../../shared/findings'
import { CounterHistory } from '../../diagnostics/counter-window'
import { startOwnRedis, type OwnRedis } from '../../testing/own-servers'
import type { RedisSession } from '../types'
import { openRedis } from './adapter'
import { checkRedis } from './check'
import { SLOWLOG_ENTRIES } from './probes'

const OWN_REDIS = { oom: 46540, slowlog: 46541 }

const open = (port: number): Promise<RedisSession> =>
  openRedis({ url: `redis://127.0.0.1:${port}`, tls: { enabled: false }, purpose: 'diagnostics' })

const checkOnce = async (
  session: RedisSession,
  counters: CounterHistory | undefined
): Promise<AnalysisReport> => {
  const [report] = await checkRedis(session, 'node', { bigKeys: false, counters })
  if (!report) throw new Error('no report')
  return report
}

const ofRule = (r: AnalysisReport, rule: string): Finding[] => r.findings.filter((f) => f.rule === rule)

describe('an OOM episode under noeviction', () => {
  let server: OwnRedis
  let session: RedisSession
  let writer: Redis
  beforeAll(async () => {
    server = await startOwnRedis('h4-oom', OWN_REDIS.oom, [
      '--maxmemory',
      '2mb',
      '--maxmemory-policy',
      'noeviction'
    ])
    session = await open(OWN_REDIS.oom)
    writer = new Redis({ port: OWN_REDIS.oom })
  })
  afterAll(async () => {
    writer?.disconnect()
    await session?.close()
    server?.down()
  })

  it('is critical in the poll that saw it, and clears within two polls once memory is freed', async () => {
    const history = new CounterHistory()
    const baseline = await checkOnce(session, history)
    expect(ofRule(baseline, 'redis.oom-errors')).toEqual([])

    let rejected = 0
    for (let i = 0; i < 2000 && rejected < 5; i++) {
      await writer.set(`oom:${i}`, 'x'.repeat(10_000)).catch((err: Error) => {
        expect(err.message).toMatch(/^OOM /)
        rejected += 1
      })
    }
    expect(rejected).toBe(5)

    const during = await checkOnce(session, history)
    const [oom] = ofRule(during, 'redis.oom-errors')
    expect(oom?.severity).toBe('critical')
    expect(oom?.title).toMatch(/^5 commands rejected with OOM in the last \d+\.\d s$/)
    expect(oom?.evidence).toMatchObject({ oomErrors: 5, oomErrorsTotal: 5 })

    // The same server checked without a history (the CLI, a first poll): the total only informs.
    const oneShot = await checkOnce(session, undefined)
    expect(ofRule(oneShot, 'redis.oom-errors').map((f) => [f.severity, f.title])).toEqual([
      [
        'info',
        expect.stringMatching(/^5 commands rejected with OOM since server start \(uptime [\d.]+ \w+\)$/)
      ]
    ])

    await writer.flushall()
    const after = [await checkOnce(session, history), await checkOnce(session, history)]
    for (const r of after) expect(ofRule(r, 'redis.oom-errors')).toEqual([])
    expect(after[1]?.findings.filter((f) => f.severity === 'critical')).toEqual([])
  })
})

describe('a slow log holding more entries than a check reads', () => {
  let server: OwnRedis
  let session: RedisSession
  beforeAll(async () => {
    server = await startOwnRedis('h4-slowlog', OWN_REDIS.slowlog, [
      '--slowlog-log-slower-than',
      '0',
      '--slowlog-max-len',
      '10000'
    ])
    session = await open(OWN_REDIS.slowlog)
  })
  afterAll(async () => {
    await session?.close()
    server?.down()
  })

  it('says the counts cover the last 128 of the 10,000 entries held', async () => {
    const client = new Redis({ port: OWN_REDIS.slowlog })
    try {
      const pipe = client.pipeline()
      for (let i = 0; i < 10_200; i++) pipe.ping()
      await pipe.exec()
    } finally {
      client.disconnect()
    }
    const report = await checkOnce(session, undefined)
    const [ping] = ofRule(report, 'redis.slowlog').filter((f) => f.evidence.command === 'PING')
    expect(ping?.evidence).toMatchObject({ entriesRead: SLOWLOG_ENTRIES, entriesHeld: 10_000 })
    expect(ping?.title).toMatch(/^PING: \d+ slow calls in the last 128 of 10,000 entries, /)
  })
})
