/**
 * The Redis console of a read-only profile, attacked: every command below must end refused, or on the
 * confirm path where the read-only profile refuses it, and the server must be exactly as before (dataset
 * digest, configuration, ACLs, functions, persistence, replication, other clients alive and unpaused).
 */
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConsoleResult } from '../../../shared/console'
import type { Result } from '../../../shared/errors'
import { useTestCore } from '../../testing/test-core'
import { redisUrl } from '../../testing/test-servers'

const { core, call } = useTestCore('redis-adversarial')
const admin = new Redis(redisUrl(), { lazyConnect: true })
const victim = new Redis(redisUrl(), { lazyConnect: true, connectionName: 'adversarial-victim' })
let id = ''

const ATTEMPTS = [
  // Data: every write spelled the ways people type it.
  'FLUSHALL',
  'flushall async',
  '  FlushAll  ',
  '"FLUSHALL"',
  "'flushdb'",
  'FLUSH"ALL"',
  'DEL adv:string',
  'unlink adv:hash',
  'SET adv:string changed',
  'GETDEL adv:string',
  'GETSET adv:string x',
  'GETEX adv:string PERSIST',
  'SETRANGE adv:string 0 x',
  'APPEND adv:string x',
  'INCR adv:counter',
  'HSET adv:hash f x',
  'HDEL adv:hash a',
  'LPOP adv:list',
  'RPOPLPUSH adv:list adv:list2',
  'LMOVE adv:list adv:list2 LEFT RIGHT',
  'BLPOP adv:list 0.01',
  'SPOP adv:set',
  'SMOVE adv:set adv:set2 a',
  'ZPOPMIN adv:zset',
  'ZRANGESTORE adv:z2 adv:zset 0 -1',
  'SUNIONSTORE adv:s2 adv:set',
  'SORT adv:list STORE adv:sorted',
  'SORT_RO adv:list',
  'EXPIRE adv:string 1',
  'PERSIST adv:hash',
  'RENAME adv:string adv:renamed',
  'MOVE adv:string 1',
  'COPY adv:string adv:copy',
  'SWAPDB 0 1',
  'XADD adv:stream * a 1',
  'XTRIM adv:stream MAXLEN 0',
  'XGROUP CREATE adv:stream g $',
  'XREADGROUP GROUP g c STREAMS adv:stream >',
  'PFADD adv:hll x',
  'PFMERGE adv:hll adv:hll',
  'RESTORE adv:new 0 x',
  // Scripts and functions: they can call anything.
  `EVAL "return redis.call('FLUSHALL')" 0`,
  `eval "return redis.call('set', KEYS[1], 'x')" 1 adv:string`,
  `EVAL_RO "return redis.call('del', KEYS[1])" 1 adv:string`,
  'EVALSHA e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0',
  'SCRIPT LOAD "return 1"',
  'SCRIPT FLUSH',
  "FUNCTION LOAD \"#!lua name=adv\\nredis.register_function('f', function() return redis.call('flushall') end)\"",
  'FCALL f 0',
  'FUNCTION FLUSH',
  'MULTI',
  'EXEC',
  // Server state, persistence, replication, topology.
  'CONFIG SET maxmemory 1',
  'config  set  appendonly yes',
  'CONFIG REWRITE',
  'CONFIG RESETSTAT',
  'SLOWLOG RESET',
  'LATENCY RESET',
  'MEMORY PURGE',
  'SAVE',
  'BGSAVE',
  'BGREWRITEAOF',
  'SHUTDOWN NOSAVE',
  'REPLICAOF 127.0.0.1 1',
  'SLAVEOF NO ONE',
  'FAILOVER',
  'CLUSTER RESET',
  'ACL SETUSER adv on >pw ~* +@all',
  'ACL DELUSER default',
  'ACL LOG RESET',
  'MODULE LOAD /tmp/x.so',
  'DEBUG SLEEP 0',
  'DEBUG SET-ACTIVE-EXPIRE 0',
  'MONITOR',
  'SYNC',
  // Other clients.
  'CLIENT KILL TYPE normal',
  'CLIENT PAUSE 5000',
  'CLIENT NO-EVICT on',
  'CLIENT TRACKING on',
  'SUBSCRIBE adv',
  'PUBLISH adv x',
  'SELECT 1',
  'WAIT 1 1',
  'RESET',
  // Bounded reads asked unbounded.
  'SCAN 0 COUNT 10 COUNT 1000000',
  'SCAN 0 COUNT 1000 count 99999999',
  'HSCAN adv:hash 0 COUNT 1000000',
  'ZSCAN adv:zset 0 COUNT 10 COUNT 5000',
  'KEYS *',
  'keys adv:*',
  'XINFO STREAM adv:stream FULL COUNT 0',
  // Two commands in one.
  'GET adv:string\nFLUSHALL',
  'GET adv:string\r\nDEL adv:hash'
]

/** On a profile that allows writes but not catastrophic actions, these must still never get a ticket. */
const NEVER_WITHOUT_TIER_4 = [
  'FLUSHALL',
  'flushdb async',
  'SHUTDOWN',
  'CONFIG SET requirepass x',
  'DEBUG SEGFAULT',
  'MONITOR',
  'KEYS *',
  'SCRIPT FLUSH',
  'MODULE LOAD /tmp/x.so',
  'REPLICAOF NO ONE',
  'CLUSTER RESET HARD',
  `EVAL "return redis.call('FLUSHALL')" 0`,
  `EvalSha e0e1f9fabfc9d4800c877a703b823ac0578ff8db 0`,
  `EVAL_RO "return 1" 0`,
  'FCALL f 0',
  'FCALL_RO f 0',
  'FUNCTION DELETE adv',
  'FUNCTION FLUSH SYNC'
]

/** Everything an attempt could change, read by the superuser connection. */
const snapshot = async () => {
  const info = (section: string) => admin.info(section)
  const field = (text: string, name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(text)?.[1]?.trim()
  const persistence = await info('persistence')
  const replication = await info('replication')
  const config = (await admin.config('GET', '*')) as string[]
  return {
    digest: await admin.call('DEBUG', 'DIGEST'),
    // avg_ttl is a running estimate the server updates on its own.
    keyspace: (await info('keyspace')).replace(/,avg_ttl=\d+/g, ''),
    config: Object.fromEntries(config.flatMap((v, i, all) => (i % 2 === 0 ? [[v, all[i + 1]]] : []))),
    acl: await admin.call('ACL', 'LIST'),
    functions: JSON.stringify(await admin.call('FUNCTION', 'LIST')),
    scriptCached: await admin.call('SCRIPT', 'EXISTS', 'e0e1f9fabfc9d4800c877a703b823ac0578ff8db'),
    changesSinceSave: field(persistence, 'rdb_changes_since_last_save'),
    lastSave: field(persistence, 'rdb_last_save_time'),
    aofRewrites: field(persistence, 'aof_rewrite_scheduled'),
    role: field(replication, 'role'),
    victimAnswers: (await victim.ping()) === 'PONG'
  }
}

let before: Awaited<ReturnType<typeof snapshot>>

beforeAll(async () => {
  await Promise.all([admin.connect(), victim.connect()])
  await admin.del(
    'adv:string',
    'adv:counter',
    'adv:hash',
    'adv:list',
    'adv:set',
    'adv:zset',
    'adv:stream',
    'adv:hll'
  )
  await admin.set('adv:string', 'original')
  await admin.set('adv:counter', '41')
  await admin.hset('adv:hash', { a: '1', b: '2' })
  await admin.expire('adv:hash', 3_600)
  await admin.rpush('adv:list', 'c', 'b', 'a')
  await admin.sadd('adv:set', 'a', 'b')
  await admin.zadd('adv:zset', 1, 'a', 2, 'b')
  await admin.xadd('adv:stream', '1-1', 'a', '1')
  await admin.pfadd('adv:hll', 'a', 'b')
  // Someone else's unsaved change: a SAVE would reset the counter.
  await admin.set('adv:unsaved', '1')
  ;({ id } = await call<{ id: string }>('connections.save', {
    name: 'adversarial-read-only',
    engine: 'redis',
    url: redisUrl(),
    environment: 'production'
  }))
  await call('connections.connect', { id })
  before = await snapshot()
})

afterAll(async () => {
  await admin.del(
    'adv:string',
    'adv:counter',
    'adv:hash',
    'adv:list',
    'adv:set',
    'adv:zset',
    'adv:stream',
    'adv:hll'
  )
  await admin.del('adv:unsaved')
  admin.disconnect()
  victim.disconnect()
})

const outcomes = new Map<string, number>()
const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)

describe(`Redis console: ${ATTEMPTS.length + NEVER_WITHOUT_TIER_4.length} attempts change nothing`, () => {
  it.each(ATTEMPTS)('%j', async (text) => {
    const answer = (await core.dispatch('console.run', { connectionId: id, text })) as Result<ConsoleResult>
    if (!answer.ok) {
      expect(['REFUSED', 'INVALID_INPUT']).toContain(answer.error.code)
      tally(`refused by the console (${answer.error.code})`)
    } else if (answer.value.kind === 'confirmation-required') {
      const prepared = await core.dispatch('actions.prepare', {
        connectionId: id,
        action: answer.value.action,
        target: answer.value.target
      })
      expect(prepared.ok).toBe(false)
      if (!prepared.ok) {
        expect(['READ_ONLY_PROFILE', 'TIER_DISABLED', 'INVALID_INPUT']).toContain(prepared.error.code)
        tally(`confirm path, refused by the guard (${prepared.error.code})`)
      }
    } else {
      tally('ran as a bounded read')
    }
    expect(await snapshot()).toEqual(before)
  })

  it.each(NEVER_WITHOUT_TIER_4)('%j on a writable profile without tier 4 gets no ticket', async (text) => {
    const { id: writable } = await call<{ id: string }>('connections.save', {
      name: 'adversarial-writable',
      engine: 'redis',
      url: redisUrl(),
      environment: 'production',
      allowWrites: true
    })
    const answer = (await core.dispatch('console.run', { connectionId: id, text })) as Result<ConsoleResult>
    if (answer.ok && answer.value.kind === 'confirmation-required') {
      const prepared = await core.dispatch('actions.prepare', {
        connectionId: writable,
        action: answer.value.action,
        target: answer.value.target
      })
      expect(prepared.ok).toBe(false)
      if (!prepared.ok) {
        expect(['TIER_DISABLED', 'INVALID_INPUT']).toContain(prepared.error.code)
        tally(`writable profile, refused by the guard (${prepared.error.code})`)
      }
    } else {
      expect(answer.ok).toBe(false)
      tally('writable profile, refused by the console')
    }
    await call('connections.remove', { id: writable })
    expect(await snapshot()).toEqual(before)
  })

  it('every attempt was accounted for, and none ran', () => {
    const total = [...outcomes.values()].reduce((a, b) => a + b, 0)
    expect(outcomes.get('ran as a bounded read')).toBeUndefined()
    console.info(`Redis adversarial: ${total} attempts, 0 changes;`, Object.fromEntries(outcomes))
    expect(total).toBe(ATTEMPTS.length + NEVER_WITHOUT_TIER_4.length)
  })
})
