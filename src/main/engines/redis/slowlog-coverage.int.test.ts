/**
 * The slow-log findings say which part of the log they read, on a private Redis (own port 46541)
 * holding 10,000 entries while a check reads the newest 128.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startOwnRedis, type OwnRedis } from '../../testing/own-servers'
import type { RedisSession } from '../types'
import { openRedis } from './adapter'
import { checkRedis } from './check'
import { SLOWLOG_ENTRIES } from './probes'

const PORT = 46541

describe('a slow log holding more entries than a check reads', () => {
  let server: OwnRedis
  let session: RedisSession
  beforeAll(async () => {
    server = await startOwnRedis('h4-slowlog', PORT, [
      '--slowlog-log-slower-than',
      '0',
      '--slowlog-max-len',
      '10000'
    ])
    session = await openRedis({
      url: `redis://127.0.0.1:${PORT}`,
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
  })
  afterAll(async () => {
    await session?.close()
    server?.down()
  })

  it('says the counts cover the last 128 of the 10,000 entries held', async () => {
    const client = new Redis({ port: PORT })
    try {
      const pipe = client.pipeline()
      for (let i = 0; i < 10_200; i++) pipe.ping()
      await pipe.exec()
    } finally {
      client.disconnect()
    }
    const [report] = await checkRedis(session, 'node', { bigKeys: false })
    const [ping] = (report?.findings ?? []).filter(
      (f) => f.rule === 'redis.slowlog' && f.evidence.command === 'PING'
    )
    expect(ping?.evidence).toMatchObject({ entriesRead: SLOWLOG_ENTRIES, entriesHeld: 10_000 })
    expect(ping?.title).toMatch(/^PING: \d+ slow calls in the last 128 of 10,000 entries, /)
  })

  it('keeps the entries, without the coverage, when SLOWLOG LEN is refused (an ACL without it)', async () => {
    await server.cli('ACL', 'SETUSER', 'nolen', 'on', '>pw', '~*', '+@all', '-slowlog|len')
    const limited = await openRedis({
      url: `redis://nolen:pw@127.0.0.1:${PORT}`,
      tls: { enabled: false },
      purpose: 'diagnostics'
    })
    try {
      const [report] = await checkRedis(limited, 'node', { bigKeys: false })
      const slow = (report?.findings ?? []).filter((f) => f.rule === 'redis.slowlog')
      expect(slow.length).toBeGreaterThan(0)
      for (const f of slow) {
        expect(f.evidence).toMatchObject({ entriesRead: SLOWLOG_ENTRIES, entriesHeld: null })
        expect(f.title).not.toContain(' of ')
      }
    } finally {
      await limited.close()
    }
  })
})
