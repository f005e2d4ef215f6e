/**
 * The Redis actions and live reads the findings recommend (issue 19 item 10), through the core on the
 * shared standalone of scripts/redis-up.sh:
 * - CONFIG SET slowlog-max-len (restored in `finally`: the server is shared), old -> new in the preview;
 * - CLIENT LIST with dbconsole's own connections marked, and CLIENT KILL ID of a client we open ourselves;
 * - LATENCY DOCTOR, MEMORY DOCTOR and LATENCY HISTORY, read-only, as text;
 * - read-only profiles refused at prepare, an ACL user without the command refused in the preview.
 * Keys and users carry our own prefix; no key is written.
 */
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisClientList, RedisDoctorNode } from '../../shared/records/redis'
import { actionCalls } from '../testing/action-calls'
import { useTestCore } from '../testing/test-core'
import { pgAppUrl, redisUrl, TEST_SERVERS } from '../testing/test-servers'
import { waitUntil } from '../testing/own-servers'

const tag = `h_actions_${randomBytes(4).toString('hex')}`
const PASSWORD = `pw-${randomBytes(8).toString('hex')}`
const LIMITED = `${tag}_limited` // everything but CONFIG SET and CLIENT KILL
const t = useTestCore(tag)
const admin = new Redis(redisUrl(), { lazyConnect: true })
let writable: string
let readOnly: string
let limited: string

const { saveProfile, prepare, execute, errorOf, auditOf } = actionCalls(t)
const save = (name: string, url: string, allowWrites: boolean) =>
  saveProfile(name, 'redis', url, { allowWrites })

const configValue = async (parameter: string): Promise<string> =>
  String(((await admin.call('CONFIG', 'GET', parameter)) as string[])[1])

beforeAll(async () => {
  await admin.connect()
  await admin.call(
    'ACL',
    'SETUSER',
    LIMITED,
    'on',
    `>${PASSWORD}`,
    '~*',
    '+@all',
    '-config|set',
    '-client|kill'
  )
  writable = await save(`${tag} writable`, redisUrl(), true)
  readOnly = await save(`${tag} read-only`, redisUrl(), false)
  limited = await save(
    `${tag} limited`,
    `redis://${LIMITED}:${PASSWORD}@127.0.0.1:${TEST_SERVERS.redisPort}/0`,
    true
  )
})

afterAll(async () => {
  await admin.call('ACL', 'DELUSER', LIMITED)
  admin.disconnect()
})

describe('redis.configSet for the SLOWLOG settings', () => {
  it('sets slowlog-max-len once, the preview showing old -> new; the audit keeps both records', async () => {
    const old = await configValue('slowlog-max-len')
    const next = String(Number(old) + 3)
    try {
      const ticket = await prepare(writable, 'redis.configSet', { parameter: 'slowlog-max-len', value: next })
      expect(ticket.tier).toBe(1)
      expect(ticket.exactStatement).toBe(`CONFIG SET slowlog-max-len ${next}`)
      expect(ticket.preview.summary).toBe(`Set slowlog-max-len from ${old} to ${next}.`)
      expect(ticket.preview.facts).toEqual({ parameter: 'slowlog-max-len', old_value: old, new_value: next })
      expect(ticket.preview.permission.verdict).toBe('permitted')
      const result = await execute(ticket)
      expect(result).toMatchObject({ outcome: 'done', postCheck: { ok: true } })
      expect(await configValue('slowlog-max-len')).toBe(next)
      expect((await auditOf(result.auditId)).map((r) => r.phase).sort()).toEqual(['intent', 'outcome'])
      expect(
        await errorOf('actions.execute', { ticketId: ticket.ticketId, typed: ticket.challenge })
      ).toMatch(/^TICKET_USED/)
    } finally {
      await admin.call('CONFIG', 'SET', 'slowlog-max-len', old)
    }
  })

  it('refuses a read-only profile, a value Redis would refuse, and a user without CONFIG SET (before typing)', async () => {
    const before = await configValue('slowlog-log-slower-than')
    expect(
      await errorOf('actions.prepare', {
        connectionId: readOnly,
        action: 'redis.configSet',
        target: { parameter: 'slowlog-log-slower-than', value: before }
      })
    ).toMatch(/^READ_ONLY_PROFILE/)
    expect(
      await errorOf('actions.prepare', {
        connectionId: writable,
        action: 'redis.configSet',
        target: { parameter: 'slowlog-log-slower-than', value: '-7' }
      })
    ).toMatch(/^INVALID_INPUT: .*value/)
    const ticket = await prepare(limited, 'redis.configSet', {
      parameter: 'slowlog-log-slower-than',
      value: '5000'
    })
    expect(ticket.preview.permission.verdict).toBe('denied')
    expect(await errorOf('actions.execute', { ticketId: ticket.ticketId, typed: ticket.challenge })).toMatch(
      /^REFUSED: Not sent/
    )
    expect(await configValue('slowlog-log-slower-than')).toBe(before)
  })
})

describe('CLIENT LIST with CLIENT KILL ID', () => {
  it("lists the clients with dbconsole's own marked; kills ours once; refuses dbconsole's own", async () => {
    const victim = new Redis(redisUrl(), { connectionName: `${tag}_victim`, retryStrategy: () => null })
    victim.on('error', () => undefined)
    let closed = false
    victim.on('end', () => (closed = true))
    try {
      await victim.ping()
      const list = await t.call<RedisClientList>('redis.clients', { connectionId: writable })
      expect(list.node).toBe(`127.0.0.1:${TEST_SERVERS.redisPort}`)
      const mine = list.clients.find((c) => c.name === `${tag}_victim`)
      expect(mine).toMatchObject({ own: false, replication: false, db: 0 })
      const own = list.clients.find((c) => c.name === 'dbconsole:diagnostics')
      expect(own?.own).toBe(true)
      if (!mine || !own) return

      const ticket = await prepare(writable, 'redis.clientKill', { id: mine.id })
      expect(ticket.exactStatement).toBe(`CLIENT KILL ID ${mine.id}`)
      expect(ticket.preview.facts).toMatchObject({ id: mine.id, name: `${tag}_victim` })
      const denied = await prepare(limited, 'redis.clientKill', { id: mine.id })
      expect(denied.preview.permission.verdict).toBe('denied')

      const result = await execute(ticket)
      expect(result).toMatchObject({
        outcome: 'done',
        postCheck: { ok: true, detail: `Client ${mine.id} is gone.` }
      })
      await waitUntil('victim closed', () => closed, 5_000)
      expect((await auditOf(result.auditId)).length).toBe(2)

      expect(
        await errorOf('actions.prepare', {
          connectionId: writable,
          action: 'redis.clientKill',
          target: { id: own.id }
        })
      ).toMatch(/^REFUSED: Client \d+ is dbconsole's own connection/)
      expect(
        await errorOf('actions.prepare', {
          connectionId: readOnly,
          action: 'redis.clientKill',
          target: { id: own.id }
        })
      ).toMatch(/^READ_ONLY_PROFILE/)
    } finally {
      victim.disconnect()
    }
  })

  it('a PostgreSQL profile is refused with what it needs', async () => {
    const pgProfile = await t.call<{ id: string }>('connections.save', {
      name: `${tag} pg`,
      engine: 'postgres',
      url: pgAppUrl(),
      environment: 'staging'
    })
    expect(await errorOf('redis.clients', { connectionId: pgProfile.id })).toBe(
      'INVALID_INPUT: The client list needs a Redis connection.'
    )
  })
})

describe('LATENCY DOCTOR, MEMORY DOCTOR and LATENCY HISTORY, live', () => {
  it("reads the server's own texts and every latency event's samples", async () => {
    const [node] = await t.call<RedisDoctorNode[]>('redis.doctor', { connectionId: readOnly })
    expect(node?.node).toBe(`127.0.0.1:${TEST_SERVERS.redisPort}`)
    expect(node?.latencyDoctor.ok && node.latencyDoctor.value).toMatch(/Dave/)
    expect(node?.memoryDoctor.ok && node.memoryDoctor.value).toMatch(/Sam/)
    const events = ((await admin.call('LATENCY', 'LATEST')) as [string][]).map((e) => e[0]).sort()
    const history = node?.latencyHistory
    expect(history?.ok).toBe(true)
    if (!history?.ok) return
    // Events may appear between the two reads: ours are all there, each with its samples.
    for (const event of events) {
      const found = history.value.find((h) => h.event === event)
      expect(found?.samples.length, event).toBeGreaterThan(0)
      expect(
        found?.samples.every((s) => s.timestamp > 1_600_000_000 && s.ms >= 0),
        event
      ).toBe(true)
    }
  })
})
