import { describe, expect, it } from 'vitest'
import type { ActionId } from '../../../shared/actions'
import { AppFailure } from '../../../shared/errors'
import { engineActions, type ActionSession } from '../action-kit'
import { REDIS_DEFINITIONS, redisActions, type RedisActionHandle } from './actions'
import { renderArg, renderCommand, respOf } from './render-command'

const IDENTITY = { engine: 'redis' as const, id: 'r1', role: 'master', address: 'h:1', summary: 'Redis r1' }

interface FakeRedis {
  handle: RedisActionHandle
  sent: string[][]
  probes: string[][]
}

/** Replies scripted by command; `send` can be made to fail like a cut connection. */
const fakeRedis = (
  replies: Record<string, unknown>,
  sendBehaviour: (argv: string[]) => unknown = () => 1
): FakeRedis => {
  const sent: string[][] = []
  const probes: string[][] = []
  let usable = true
  return {
    sent,
    probes,
    handle: {
      db: 0,
      probe: async (...argv) => {
        probes.push(argv)
        const key = argv.join(' ')
        if (!(key in replies)) throw new Error(`unexpected probe ${key}`)
        return replies[key]
      },
      send: async (argv) => {
        sent.push(argv)
        try {
          return sendBehaviour(argv)
        } catch (err) {
          if (!(err instanceof Error && err.name === 'ReplyError')) usable = false
          throw err
        }
      },
      usable: () => usable
    }
  }
}

const open = async (fake: FakeRedis, action: ActionId, target: unknown): Promise<ActionSession> =>
  engineActions<RedisActionHandle>(
    async () => ({ handle: fake.handle, identity: async () => IDENTITY, close: async () => undefined }),
    REDIS_DEFINITIONS
  )
    .bind(action, target)
    .open({ url: 'redis://h:1', tls: { enabled: false } })

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p
    return 'ok'
  } catch (err) {
    return err instanceof AppFailure ? err.code : `other: ${String(err)}`
  }
}

describe('redis command rendering', () => {
  it('renders argv the way redis-cli reads it', () => {
    expect(renderArg('session:1')).toBe('session:1')
    expect(renderArg('with space')).toBe('"with space"')
    expect(renderArg('q"uo\\te')).toBe('"q\\"uo\\\\te"')
    expect(renderArg('tab\there')).toBe('"tab\\x09here"')
    expect(renderCommand(['UNLINK', 'a', 'b c'])).toBe('UNLINK a "b c"')
  })

  it('encodes RESP exactly as sent on the wire', () => {
    expect(respOf(['UNLINK', 'ké']).toString('utf8')).toBe('*2\r\n$6\r\nUNLINK\r\n$3\r\nké\r\n')
  })

  it('builds the statements and challenge names', () => {
    expect(redisActions.bind('redis.unlink', { keys: ['a'] })).toMatchObject({
      statement: 'UNLINK a',
      targetName: 'a'
    })
    expect(redisActions.bind('redis.unlink', { keys: ['a', 'b'] })).toMatchObject({
      statement: 'UNLINK a b',
      targetName: '2 keys'
    })
    expect(redisActions.bind('redis.clientKill', { id: 42 })).toMatchObject({
      statement: 'CLIENT KILL ID 42',
      targetName: '42'
    })
    expect(
      redisActions.bind('redis.configSet', { parameter: 'slowlog-max-len', value: '256' })
    ).toMatchObject({
      statement: 'CONFIG SET slowlog-max-len 256',
      targetName: 'slowlog-max-len'
    })
    expect(redisActions.bind('redis.flushDb', {})).toMatchObject({
      statement: 'FLUSHDB ASYNC',
      targetName: 'db0'
    })
  })

  it('accepts only allow-listed CONFIG SET parameters and values', () => {
    const bind = (target: unknown) => {
      try {
        redisActions.bind('redis.configSet', target)
        return 'ok'
      } catch (err) {
        return err instanceof AppFailure ? err.code : 'other'
      }
    }
    expect(bind({ parameter: 'maxmemory-policy', value: 'allkeys-lru' })).toBe('ok')
    expect(bind({ parameter: 'activedefrag', value: 'yes' })).toBe('ok')
    expect(bind({ parameter: 'dir', value: '/root/.ssh' })).toBe('INVALID_INPUT')
    expect(bind({ parameter: 'requirepass', value: 'x' })).toBe('INVALID_INPUT')
    expect(bind({ parameter: 'maxmemory-policy', value: 'evict-everything' })).toBe('INVALID_INPUT')
    expect(bind({ parameter: 'slowlog-max-len', value: '12; FLUSHALL' })).toBe('INVALID_INPUT')
    expect(bind({ parameter: 'slowlog-log-slower-than', value: '-1' })).toBe('ok')
    // Redis refuses anything below -1; so does the contract, before any server is asked.
    expect(bind({ parameter: 'slowlog-log-slower-than', value: '-5' })).toBe('INVALID_INPUT')
    expect(bind({ parameter: 'slowlog-log-slower-than', value: '1e3' })).toBe('INVALID_INPUT')
    expect(bind({ parameter: 'slowlog-max-len', value: '-1' })).toBe('INVALID_INPUT')
  })

  it('refuses keys with line breaks, empty key lists and more than 100 keys', () => {
    const bind = (target: unknown) => () => redisActions.bind('redis.unlink', target)
    expect(bind({ keys: [] })).toThrow(AppFailure)
    expect(bind({ keys: ['a\r\nFLUSHALL'] })).toThrow(AppFailure)
    expect(bind({ keys: Array.from({ length: 101 }, (_, i) => `k${i}`) })).toThrow(AppFailure)
  })
})

describe('redis.unlink', () => {
  const replies = {
    'TYPE k1': 'string',
    'MEMORY USAGE k1': 72,
    'PTTL k1': 9_500,
    'TYPE k2': 'none',
    'PTTL k2': -2,
    'ACL WHOAMI': 'default',
    'ACL DRYRUN default UNLINK k1 k2': 'OK'
  }

  it('previews type, size and TTL with read-only probes, sends UNLINK once, post-checks', async () => {
    const fake = fakeRedis(replies)
    const session = await open(fake, 'redis.unlink', { keys: ['k1', 'k2'] })
    const preview = await session.preview()
    expect(preview.facts).toMatchObject({
      'key 1': 'k1: string, 72 bytes, expires in 10 s',
      'key 2': 'k2: does not exist',
      existing: 1,
      bytes: 72
    })
    expect(preview.warnings.join(' ')).toContain('1 of the keys do not exist')
    expect(preview.permission).toEqual({
      verdict: 'permitted',
      basis: 'ACL DRYRUN: user default may run UNLINK with these arguments.'
    })
    expect(fake.sent).toEqual([])
    expect(await session.perform()).toEqual({
      outcome: 'done',
      detail: 'Removed 1 of 2 key(s).',
      connectionUsable: true
    })
    expect(fake.sent).toEqual([['UNLINK', 'k1', 'k2']])
    replies['TYPE k1'] = 'none'
    expect(await session.postCheck(preview)).toEqual({ ok: true, detail: 'The keys are gone.' })
    replies['TYPE k1'] = 'string'
  })

  it('refuses when none of the keys exists', async () => {
    const fake = fakeRedis(replies)
    expect(await codeOf((await open(fake, 'redis.unlink', { keys: ['k2'] })).preview())).toBe('NOT_FOUND')
  })

  it('a cut connection is a failed outcome, sent once, never retried, connection unusable', async () => {
    const fake = fakeRedis(replies, () => {
      throw new Error('Connection is closed.')
    })
    const result = await (await open(fake, 'redis.unlink', { keys: ['k1'] })).perform()
    expect(result.outcome).toBe('failed')
    expect(result.connectionUsable).toBe(false)
    expect(result.detail).toContain('NOT retried')
    expect(fake.sent).toHaveLength(1)
  })

  it('a reply error is a failed outcome on a usable connection', async () => {
    const fake = fakeRedis(replies, () => {
      const err = new Error('ERR unknown command')
      err.name = 'ReplyError'
      throw err
    })
    const result = await (await open(fake, 'redis.unlink', { keys: ['k1'] })).perform()
    expect(result).toMatchObject({ outcome: 'failed', connectionUsable: true })
    expect(result.detail).toContain('Redis refused it')
  })
})

describe('redis.clientKill, configSet, flushDb', () => {
  it('previews a client and refuses a replication link', async () => {
    const fake = fakeRedis({
      'CLIENT LIST ID 7':
        'id=7 addr=10.0.0.9:5120 laddr=x name=worker age=30 idle=2 flags=N db=0 cmd=get user=default\n',
      'CLIENT LIST ID 8':
        'id=8 addr=10.0.0.2:6380 name= age=300 idle=0 flags=S db=0 cmd=replconf user=default\n',
      'CLIENT LIST ID 9': '',
      'CLIENT LIST ID 10':
        'id=10 addr=127.0.0.1:40112 name=dbconsole:diagnostics age=5 idle=0 flags=N db=0 cmd=info user=default\n'
    })
    const preview = await (await open(fake, 'redis.clientKill', { id: 7 })).preview()
    expect(preview.facts).toMatchObject({
      addr: '10.0.0.9:5120',
      name: 'worker',
      idle_seconds: 2,
      last_command: 'get'
    })
    expect(await codeOf((await open(fake, 'redis.clientKill', { id: 8 })).preview())).toBe('REFUSED')
    expect(await codeOf((await open(fake, 'redis.clientKill', { id: 9 })).preview())).toBe('NOT_FOUND')
    // dbconsole's own connection: killing it would only blind the app.
    expect(await codeOf((await open(fake, 'redis.clientKill', { id: 10 })).preview())).toBe('REFUSED')
    const zero = fakeRedis({}, () => 0)
    expect((await (await open(zero, 'redis.clientKill', { id: 7 })).perform()).outcome).toBe('failed')
  })

  it('saves the old CONFIG value in the preview and checks the new one', async () => {
    const replies: Record<string, unknown> = { 'CONFIG GET slowlog-max-len': ['slowlog-max-len', '128'] }
    const fake = fakeRedis(replies, () => 'OK')
    const session = await open(fake, 'redis.configSet', { parameter: 'slowlog-max-len', value: '256' })
    const preview = await session.preview()
    expect(preview.facts).toEqual({ parameter: 'slowlog-max-len', old_value: '128', new_value: '256' })
    expect(preview.warnings[0]).toBe(
      'Undo with: CONFIG SET slowlog-max-len 128 (the old value is kept in the audit log).'
    )
    await session.perform()
    expect(fake.sent).toEqual([['CONFIG', 'SET', 'slowlog-max-len', '256']])
    expect((await session.postCheck(preview)).ok).toBe(false)
    replies['CONFIG GET slowlog-max-len'] = ['slowlog-max-len', '256']
    expect((await session.postCheck(preview)).ok).toBe(true)
  })

  it('shows dbsize before a flush and refuses another db than the connection’s', async () => {
    const fake = fakeRedis({ DBSIZE: 1234 }, () => 'OK')
    const session = await open(fake, 'redis.flushDb', { db: 0 })
    expect((await session.preview()).facts).toEqual({ db: 0, dbsize: 1234 })
    expect(await codeOf((await open(fake, 'redis.flushDb', { db: 3 })).preview())).toBe('REFUSED')
    await session.perform()
    expect(fake.sent).toEqual([['FLUSHDB', 'ASYNC']])
  })
})
