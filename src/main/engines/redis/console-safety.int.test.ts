/**
 * The Redis console against the real server, tried the way someone trying to hurt it would: O(N) reads
 * of big keys must not block the server, a huge value must not land whole in our memory, a script must
 * not slip past the tier-4 gate, the last COUNT of a SCAN counts, and secret settings stay secret.
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsoleResult } from '../../../shared/console'
import type { Result } from '../../../shared/errors'
import { useTestCore } from '../../testing/test-core'
import { redisUrl } from '../../testing/test-servers'

const { core, call } = useTestCore('redis-console-safety')
const admin = new Redis(redisUrl(), { lazyConnect: true })
let id = ''

const run = (text: string): Promise<Result<ConsoleResult>> =>
  core.dispatch('console.run', { connectionId: id, text }) as Promise<Result<ConsoleResult>>

const rowsOf = async (text: string) => {
  const answer = await run(text)
  if (!answer.ok) throw new Error(`${text}: ${answer.error.code} ${answer.error.message}`)
  if (answer.value.kind !== 'rows') throw new Error(`${text}: ${answer.value.reason}`)
  return answer.value
}

/** The longest command the server logged since the last reset, in microseconds. */
const slowestLoggedMicros = async (): Promise<number> => {
  const entries = (await admin.call('SLOWLOG', 'GET', '128')) as [number, number, number, string[]][]
  return Math.max(0, ...entries.map((e) => Number(e[2])))
}

/** Builds a collection server-side in chunks, so the set-up itself never blocks for long. */
const fill = async (kind: 'hash' | 'set' | 'list' | 'zset', key: string, n: number): Promise<void> => {
  const write = {
    hash: "redis.call('HSET', KEYS[1], i, i)",
    set: "redis.call('SADD', KEYS[1], i)",
    list: "redis.call('RPUSH', KEYS[1], i)",
    zset: "redis.call('ZADD', KEYS[1], i, i)"
  }[kind]
  for (let from = 1; from <= n; from += 100_000)
    await admin.eval(`for i=${from},${Math.min(from + 99_999, n)} do ${write} end`, 1, key)
}

beforeAll(async () => {
  await admin.connect()
  await admin.del('safety:hash', 'safety:set', 'safety:list', 'safety:zset', 'safety:big', 'safety:stream')
  await Promise.all([
    fill('hash', 'safety:hash', 1_000_000),
    fill('set', 'safety:set', 200_000),
    fill('list', 'safety:list', 200_000),
    fill('zset', 'safety:zset', 200_000)
  ])
  for (let i = 0; i < 50; i++) await admin.xadd('safety:stream', '*', 'n', String(i))
  ;({ id } = await call<{ id: string }>('connections.save', {
    name: 'console-safety',
    engine: 'redis',
    url: redisUrl(),
    environment: 'production',
    allowWrites: true
  }))
  await call('connections.connect', { id })
}, 60_000)

afterAll(async () => {
  await admin.del('safety:hash', 'safety:set', 'safety:list', 'safety:zset', 'safety:big', 'safety:stream')
  await admin.config('SET', 'masterauth', '')
  admin.disconnect()
})

describe('O(N) reads of big keys do not block the server', () => {
  it.each([
    ['HGETALL safety:hash', /1,000,000 fields.*HSCAN safety:hash 0 COUNT 1000/],
    ['hkeys safety:hash', /1,000,000 fields/],
    ['HVALS safety:hash', /1,000,000 fields/],
    ['SMEMBERS safety:set', /200,000 members.*SSCAN/],
    ['ZRANGE safety:zset -inf +inf BYSCORE', /200,000 members.*LIMIT 0 10000/]
  ])('%s is refused with the size, and the server never ran it', async (text, message) => {
    await admin.call('SLOWLOG', 'RESET')
    const answer = await run(text)
    expect(answer).toMatchObject({ ok: false, error: { code: 'REFUSED' } })
    if (!answer.ok) expect(answer.error.message).toMatch(message)
    // Only O(1) size probes reached the server: nothing it logged took even 10 ms.
    expect(await slowestLoggedMicros()).toBeLessThan(10_000)
  })

  it.each(['LRANGE safety:list 0 -1', 'ZRANGE safety:zset 0 -1', 'ZRANGE safety:zset 0 -1 WITHSCORES'])(
    '%s reads one more than the console shows and says it was cut',
    async (text) => {
      const result = await rowsOf(text)
      expect(result.rowCount).toBe(10_000)
      expect(result.truncated).toEqual({ reason: 'rows', limit: 10_000 })
    }
  )

  it('a negative LRANGE range resolves against the real length', async () => {
    const result = await rowsOf('LRANGE safety:list -3 -1')
    expect(result.rows.map((r) => r[1])).toEqual(['199998', '199999', '200000'])
  })

  it('XRANGE without COUNT is bounded; a small COUNT is kept', async () => {
    expect((await rowsOf('XRANGE safety:stream - + COUNT 5')).rowCount).toBe(5)
    expect((await rowsOf('XRANGE safety:stream - +')).rowCount).toBe(50)
  })

  it('a bounded BYSCORE range with LIMIT runs', async () => {
    const result = await rowsOf('ZRANGE safety:zset 10 20 BYSCORE LIMIT 0 3')
    expect(result.rows.map((r) => r[1])).toEqual(['10', '11', '12'])
  })
})

describe('a huge value is read only up to the value cap', () => {
  it('GET of a 200 MB string returns its first MB, and our memory grows < 100 MB', async () => {
    await admin.setrange('safety:big', 200 * 1024 * 1024 - 1, 'z')
    const before = process.memoryUsage().rss
    const result = await rowsOf('GET safety:big')
    const grown = process.memoryUsage().rss - before
    expect(result.truncated).toEqual({ reason: 'value', limit: 1024 * 1024, fullBytes: 200 * 1024 * 1024 })
    expect(result.rows[0]?.[0]?.length).toBe(1024 * 1024)
    expect(grown).toBeLessThan(100 * 1024 * 1024)
  })

  it('GETRANGE over the cap is cut at the cap from its start', async () => {
    const result = await rowsOf('GETRANGE safety:big 10 -1')
    expect(result.truncated).toEqual({
      reason: 'value',
      limit: 1024 * 1024,
      fullBytes: 200 * 1024 * 1024 - 10
    })
  })

  it('a range that is not a number is refused before anything is sent', async () => {
    const answer = await run('LRANGE safety:list 0 all')
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    if (!answer.ok) expect(answer.error.message).toMatch(/argument 3 \(got "all"\)/)
  })

  it('HGET of a field over the cap is refused with its size', async () => {
    await admin.hset('safety:hash', 'huge', 'x'.repeat(2 * 1024 * 1024))
    const answer = await run('HGET safety:hash huge')
    expect(answer).toMatchObject({ ok: false, error: { code: 'REFUSED' } })
    if (!answer.ok) expect(answer.error.message).toMatch(/2,097,152 bytes/)
  })
})

describe('scripts and commands around the gates', () => {
  it.each([
    `EVAL "return redis.call('FLUSHALL')" 0`,
    `eval "return redis.call('del', KEYS[1])" 1 safety:list`,
    'EVAL_RO "return 1" 0',
    'FCALL anything 0',
    'FUNCTION FLUSH'
  ])('%s goes to the confirm path, and prepare refuses it as tier 4', async (text) => {
    const answer = await run(text)
    if (!answer.ok || answer.value.kind !== 'confirmation-required')
      throw new Error(`expected the confirm path, got ${JSON.stringify(answer)}`)
    const prepared = await core.dispatch('actions.prepare', {
      connectionId: id,
      action: answer.value.action,
      target: answer.value.target
    })
    expect(prepared).toMatchObject({ ok: false, error: { code: 'TIER_DISABLED' } })
    expect(await admin.llen('safety:list')).toBe(200_000)
  })

  it.each([
    'SCAN 0 COUNT 10 COUNT 1000000',
    'HSCAN safety:hash 0 COUNT 100000',
    'SSCAN safety:set 0 COUNT 5000'
  ])('%s is not run as a read', async (text) => {
    await admin.call('SLOWLOG', 'RESET')
    const answer = await run(text)
    expect(answer.ok && answer.value.kind).toBe('confirmation-required')
    expect(await slowestLoggedMicros()).toBeLessThan(10_000)
  })

  it('CONFIG GET shows secret parameters as ***', async () => {
    await admin.config('SET', 'masterauth', 'replica-secret-91')
    const result = await rowsOf('CONFIG GET masterauth')
    expect(result.rows.map((r) => r[1])).toEqual(['masterauth', '***'])
    const all = await rowsOf('CONFIG GET *')
    expect(JSON.stringify(all.rows)).not.toContain('replica-secret-91')
  })
})
