/**
 * The core judges cumulative counters over the window between its polls of the same server: on a
 * private Redis (own port 46540, maxmemory 2mb, noeviction) an OOM episode is critical in the
 * diagnostics run that saw it and gone within two runs once memory is freed, instead of staying
 * critical until the server restarts. Every view's sweep of the connection judges the same window.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisReport, Finding } from '../../shared/findings'
import { openRedis } from '../engines/redis/adapter'
import { checkRedis } from '../engines/redis/check'
import { startOwnRedis, type OwnRedis } from '../testing/own-servers'
import { useTestCore } from '../testing/test-core'

const PORT = 46540
const URL = `redis://127.0.0.1:${PORT}`
const { call } = useTestCore('window')

const oomFindings = (reports: AnalysisReport[]): Finding[] =>
  reports.flatMap((r) => r.findings).filter((f) => f.rule === 'redis.oom-errors')

/** Writes 10 KB values until the server has refused `count` of them with OOM. */
const writeUntilOom = async (writer: Redis, count: number): Promise<number> => {
  let rejected = 0
  for (let i = 0; i < 2000 && rejected < count; i++) {
    await writer.set(`oom:${i}`, 'x'.repeat(10_000)).catch((err: Error) => {
      expect(err.message).toMatch(/^OOM /)
      rejected += 1
    })
  }
  return rejected
}

describe('an OOM episode under noeviction, polled by the core', () => {
  let server: OwnRedis
  let writer: Redis
  let id: string
  beforeAll(async () => {
    server = await startOwnRedis('h4-oom', PORT, ['--maxmemory', '2mb', '--maxmemory-policy', 'noeviction'])
    writer = new Redis({ port: PORT })
    ;({ id } = await call<{ id: string }>('connections.save', {
      name: 'oom',
      engine: 'redis',
      url: URL,
      environment: 'development'
    }))
    await call('connections.connect', { id })
  })
  afterAll(async () => {
    writer?.disconnect()
    server?.down()
  })

  const poll = (): Promise<AnalysisReport[]> =>
    call<AnalysisReport[]>('diagnostics.run', { connectionId: id })

  it('is critical in the poll that saw it, and clears within two polls once memory is freed', async () => {
    expect(oomFindings(await poll())).toEqual([])
    expect(await writeUntilOom(writer, 5)).toBe(5)

    const [during] = oomFindings(await poll())
    expect(during?.severity).toBe('critical')
    expect(during?.title).toMatch(/^5 commands rejected with OOM in the last \d+(\.\d+)? (ms|s)$/)
    expect(during?.evidence).toMatchObject({ oomErrors: 5, oomErrorsTotal: 5 })

    // The overview's poll is the same connection's next sweep (one counter history per connection, not
    // per view): the growth the checks already judged is not judged again.
    const overview = await call<{ reports: AnalysisReport[] }[]>('overview.run', { connectionId: id })
    expect(overview.map((e) => e.reports.length)).toEqual([1])
    expect(oomFindings(overview.flatMap((e) => e.reports)).filter((f) => f.severity !== 'info')).toEqual([])

    // A one-shot check of the same server (the CLI: no earlier poll) has no window: the total informs.
    const session = await openRedis({ url: URL, tls: { enabled: false }, purpose: 'diagnostics' })
    try {
      const oneShot = await checkRedis(session, URL, { bigKeys: false })
      expect(oomFindings(oneShot).map((f) => [f.severity, f.title])).toEqual([
        [
          'info',
          expect.stringMatching(/^5 commands rejected with OOM since server start \(uptime [\d.]+ \w+\)$/)
        ]
      ])
    } finally {
      await session.close()
    }

    await writer.flushall()
    const first = await poll()
    const second = await poll()
    for (const reports of [first, second]) expect(oomFindings(reports)).toEqual([])
    expect(second.flatMap((r) => r.findings).filter((f) => f.severity === 'critical')).toEqual([])
  })
})
