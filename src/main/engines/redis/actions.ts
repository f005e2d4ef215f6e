/**
 * Redis guarded actions. Only core/guard.ts imports this module (core/guard-boundary.test.ts).
 *
 * The action connection comes from buildRedisOptions with purpose 'action': no offline queue, no
 * automatic resend, maxRetriesPerRequest 0 and no reconnect, so a destructive command reaches the server
 * at most once (notes G6). Preview and post-check probes go through the diagnostics allow-list
 * (read-only-commands.ts) even here. Redis Cluster profiles are refused for now.
 *
 * Each command is built once as argv; the exact statement is that argv rendered the way redis-cli
 * reads it, and perform sends that argv.
 */
import { Redis } from 'ioredis'
import type { ActionPreview, PostCheckResult, ServerIdentity } from '../../../shared/actions'
import { AppFailure } from '../../../shared/errors'
import { parseInfo } from '../../diagnostics/redis/parse-info'
import { isReplicationLink, parseClientLine } from '../../diagnostics/redis/parse-client-list'
import { isOwnClientName } from '../../diagnostics/redis/own-clients'
import { mapDriverError } from '../map-error'
import {
  defineAction,
  engineActions,
  errorText,
  type ConnectInfo,
  type EngineConnection,
  type PerformResult,
  type TargetPreview
} from '../action-kit'
import { buildRedisOptions, redisServerAddress } from './adapter'
import { sentinelOptions, sentinelTarget } from './sentinel'
import { parseConnectionUrl } from '../../support/connection-url'
import { aclPermission } from './acl-permission'
import { renderCommand } from './render-command'
import { checkReadOnlyCommand, redactReply } from './read-only-commands'

export interface RedisActionHandle {
  /** Read-only probe: refused unless the diagnostics allow-list accepts it. */
  probe(...argv: string[]): Promise<unknown>
  /** The one destructive send. */
  send(argv: string[]): Promise<unknown>
  usable(): boolean
  /** The database the connection selected (from the profile URL). */
  db: number
}

export const openRedisAction = async (connect: ConnectInfo): Promise<EngineConnection<RedisActionHandle>> => {
  const options = buildRedisOptions({ ...connect, purpose: 'action' })
  // A Sentinel profile acts on the master the sentinels name now, never on a sentinel.
  const sentinel = sentinelTarget(parseConnectionUrl('redis', connect.url))
  const where = sentinel ? `Redis master "${sentinel.masterName}"` : `Redis ${redisServerAddress(connect)}`
  const client = new Redis(sentinel ? sentinelOptions(sentinel, options) : options)
  client.on('error', () => undefined) // surfaced through the command that failed
  try {
    await client.connect()
  } catch (err) {
    client.disconnect()
    throw mapDriverError(err, where)
  }
  const call = async (argv: readonly string[]): Promise<unknown> => {
    const [command = '', ...args] = argv
    return client.call(command, ...args)
  }
  const probe = async (...argv: string[]): Promise<unknown> => {
    const refusal = checkReadOnlyCommand(argv[0] ?? '', argv.slice(1))
    if (refusal) throw new AppFailure('INTERNAL', `${refusal} (preview probes are read-only).`)
    try {
      return redactReply(argv, await call(argv))
    } catch (err) {
      throw mapDriverError(err, where)
    }
  }
  const close = async () => {
    client.disconnect()
  }
  try {
    const server = parseInfo(String(await probe('INFO', 'server')))
    if (server.ok && server.value.fields.redis_mode === 'cluster') {
      throw new AppFailure(
        'REFUSED',
        'Guarded actions on Redis Cluster are not supported yet: connect a profile to the node itself.'
      )
    }
  } catch (err) {
    await close()
    throw err
  }
  return {
    handle: {
      probe,
      send: (argv) => call(argv),
      usable: () => client.status === 'ready',
      db: options.db ?? 0
    },
    identity: async (): Promise<ServerIdentity> => {
      const info = parseInfo(
        `${String(await probe('INFO', 'server'))}\n${String(await probe('INFO', 'replication'))}`
      )
      if (!info.ok) throw new AppFailure('SERVER_ERROR', `${where}: INFO could not be read: ${info.message}`)
      const f = info.value.fields
      const id = f.run_id ?? 'unknown'
      const role = f.role ?? 'unknown'
      // The server's own name, not a tunnel's local forward; through sentinels, the master's socket peer.
      const peer = sentinel ? client.stream?.remoteAddress : undefined
      const named = peer ? `${peer}:${client.stream.remotePort ?? ''}` : redisServerAddress(connect)
      const address = `${named.slice(0, named.lastIndexOf(':'))}:${f.tcp_port ?? named.slice(named.lastIndexOf(':') + 1)}`
      return { engine: 'redis', id, role, address, summary: `Redis ${id.slice(0, 12)} ${role} at ${address}` }
    },
    close
  }
}

/** Perform helper: one send; a lost connection or a timeout is an unknown outcome, never retried. */
const sendOnce = async (
  h: RedisActionHandle,
  argv: string[],
  done: (reply: unknown) => { outcome: 'done' | 'failed'; detail: string }
): Promise<PerformResult> => {
  try {
    const reply = await h.send(argv)
    return { ...done(reply), connectionUsable: h.usable() }
  } catch (err) {
    const text = errorText(err)
    // A reply error (WRONGTYPE, ERR...) comes back on a healthy connection; anything else means the
    // command may or may not have run, and the connection cannot be trusted for a post-check.
    const replyError = err instanceof Error && err.name === 'ReplyError'
    return replyError
      ? { outcome: 'failed', detail: `Redis refused it: ${text}`, connectionUsable: h.usable() }
      : {
          outcome: 'failed',
          detail: `The connection failed while the command was in flight (${text}). It was sent at most once and NOT retried; whether Redis applied it is unknown.`,
          connectionUsable: false
        }
  }
}

const unlinkArgv = (keys: string[]): string[] => ['UNLINK', ...keys]

const keyFacts = async (
  h: RedisActionHandle,
  key: string
): Promise<{ type: string; bytes: number | null; ttlMs: number }> => {
  const type = String(await h.probe('TYPE', key))
  const bytes = type === 'none' ? null : ((await h.probe('MEMORY', 'USAGE', key)) as number | null)
  const ttlMs = Number(await h.probe('PTTL', key))
  return { type, bytes, ttlMs }
}

const unlink = defineAction<'redis.unlink', RedisActionHandle>('redis.unlink', {
  targetName: (t) => (t.keys.length === 1 ? (t.keys[0] ?? '') : `${t.keys.length} keys`),
  statement: (t) => renderCommand(unlinkArgv(t.keys)),
  suggestedCheck: (t) => renderCommand(['EXISTS', ...t.keys]),
  preview: async (h, t): Promise<TargetPreview> => {
    const facts: ActionPreview['facts'] = { keys: t.keys.length }
    let existing = 0
    let bytes = 0
    for (const [i, key] of t.keys.entries()) {
      const f = await keyFacts(h, key)
      if (f.type !== 'none') existing++
      bytes += f.bytes ?? 0
      if (i < 20) {
        facts[`key ${i + 1}`] =
          f.type === 'none'
            ? `${key}: does not exist`
            : `${key}: ${f.type}, ${f.bytes ?? '?'} bytes, ${f.ttlMs >= 0 ? `expires in ${Math.ceil(f.ttlMs / 1000)} s` : 'no TTL'}`
      }
    }
    if (existing === 0)
      throw new AppFailure('NOT_FOUND', `None of the ${t.keys.length} keys exists in db ${h.db}.`)
    facts.existing = existing
    facts.bytes = bytes
    facts.db = h.db
    const warnings = ['UNLINK frees memory in the background; the keys are gone at once for every client.']
    if (existing < t.keys.length) warnings.push(`${t.keys.length - existing} of the keys do not exist.`)
    return { summary: `Delete ${existing} key(s) (${bytes} bytes) from db ${h.db}.`, facts, warnings }
  },
  permission: (h, t) => aclPermission(h, unlinkArgv(t.keys)),
  perform: (h, t) =>
    sendOnce(h, unlinkArgv(t.keys), (reply) => ({
      outcome: 'done',
      detail: `Removed ${String(reply)} of ${t.keys.length} key(s).`
    })),
  postCheck: async (h, t): Promise<PostCheckResult> => {
    // TYPE per key: EXISTS is not on the read-only allow-list the probes go through.
    let left = 0
    for (const key of t.keys) if (String(await h.probe('TYPE', key)) !== 'none') left++
    return left === 0
      ? { ok: true, detail: 'The keys are gone.' }
      : { ok: false, detail: `${left} key(s) still exist (written again since?).` }
  }
})

const clientKillArgv = (id: number): string[] => ['CLIENT', 'KILL', 'ID', String(id)]

const clientKill = defineAction<'redis.clientKill', RedisActionHandle>('redis.clientKill', {
  targetName: (t) => String(t.id),
  statement: (t) => renderCommand(clientKillArgv(t.id)),
  suggestedCheck: (t) => `CLIENT LIST ID ${t.id}`,
  preview: async (h, t) => {
    const line = String(await h.probe('CLIENT', 'LIST', 'ID', String(t.id))).trim()
    if (!line) throw new AppFailure('NOT_FOUND', `No client with id ${t.id}.`)
    const f = parseClientLine(line)
    const flags = f.flags ?? ''
    if (isReplicationLink(flags))
      throw new AppFailure(
        'REFUSED',
        `Client ${t.id} is a replication link (flags ${flags}): refusing to kill it.`
      )
    if (isOwnClientName(f.name ?? ''))
      throw new AppFailure(
        'REFUSED',
        `Client ${t.id} is dbconsole's own connection (${f.name ?? ''}): disconnect the profile instead.`
      )
    return {
      summary: `Close client ${t.id} (${f.addr ?? '?'}${f.name ? `, ${f.name}` : ''}).`,
      facts: {
        id: t.id,
        addr: f.addr ?? null,
        name: f.name || null,
        user: f.user ?? null,
        age_seconds: f.age === undefined ? null : Number(f.age),
        idle_seconds: f.idle === undefined ? null : Number(f.idle),
        db: f.db === undefined ? null : Number(f.db),
        last_command: f.cmd ?? null,
        flags
      },
      warnings: [
        'The client sees its connection closed; commands in its pipeline are lost. Most clients reconnect.'
      ]
    }
  },
  permission: (h, t) => aclPermission(h, clientKillArgv(t.id)),
  perform: (h, t) =>
    sendOnce(h, clientKillArgv(t.id), (reply) =>
      Number(reply) === 1
        ? { outcome: 'done', detail: `Client ${t.id} closed.` }
        : { outcome: 'failed', detail: `No client ${t.id} was closed (it had already gone).` }
    ),
  postCheck: async (h, t) => {
    const line = String(await h.probe('CLIENT', 'LIST', 'ID', String(t.id))).trim()
    return line
      ? { ok: false, detail: `Client ${t.id} is still connected.` }
      : { ok: true, detail: `Client ${t.id} is gone.` }
  }
})

const configArgv = (parameter: string, value: string): string[] => ['CONFIG', 'SET', parameter, value]

const configGet = async (h: RedisActionHandle, parameter: string): Promise<string | null> => {
  const reply = await h.probe('CONFIG', 'GET', parameter)
  return Array.isArray(reply) && reply.length >= 2 ? String(reply[1]) : null
}

const configSet = defineAction<'redis.configSet', RedisActionHandle>('redis.configSet', {
  targetName: (t) => t.parameter,
  statement: (t) => renderCommand(configArgv(t.parameter, t.value)),
  suggestedCheck: (t) => `CONFIG GET ${t.parameter}`,
  preview: async (h, t) => {
    const old = await configGet(h, t.parameter)
    if (old === null) throw new AppFailure('NOT_FOUND', `This server has no parameter ${t.parameter}.`)
    const warnings = [
      `Undo with: ${renderCommand(configArgv(t.parameter, old))} (the old value is kept in the audit log).`
    ]
    warnings.push(
      'CONFIG SET changes the running server only; it is lost on restart unless CONFIG REWRITE is run.'
    )
    if (t.parameter === 'maxmemory-policy')
      warnings.push(
        'The policy decides which keys are evicted; noeviction turns memory pressure into write errors.'
      )
    if (t.parameter === 'activedefrag')
      warnings.push('Active defragmentation uses CPU (up to active-defrag-cycle-max) and needs jemalloc.')
    return {
      summary: `Set ${t.parameter} from ${old} to ${t.value}.`,
      facts: { parameter: t.parameter, old_value: old, new_value: t.value },
      warnings
    }
  },
  permission: (h, t) => aclPermission(h, configArgv(t.parameter, t.value)),
  perform: (h, t) =>
    sendOnce(h, configArgv(t.parameter, t.value), () => ({
      outcome: 'done',
      detail: `${t.parameter} set to ${t.value}.`
    })),
  postCheck: async (h, t, preview) => {
    const now = await configGet(h, t.parameter)
    return now === t.value
      ? { ok: true, detail: `${t.parameter} is ${now} (was ${String(preview.facts.old_value)}).` }
      : { ok: false, detail: `${t.parameter} reads ${String(now)}, not ${t.value}.` }
  }
})

const FLUSH_ARGV = ['FLUSHDB', 'ASYNC']

const flushDb = defineAction<'redis.flushDb', RedisActionHandle>('redis.flushDb', {
  targetName: (t) => `db${t.db}`,
  statement: () => renderCommand(FLUSH_ARGV),
  suggestedCheck: () => 'DBSIZE',
  preview: async (h, t) => {
    if (h.db !== t.db) throw new AppFailure('REFUSED', `The profile connects to db ${h.db}, not db ${t.db}.`)
    const size = Number(await h.probe('DBSIZE'))
    return {
      summary: `Delete every key (${size}) of db ${t.db}.`,
      facts: { db: t.db, dbsize: size },
      warnings: [
        'Every key of this database is deleted for every client. Queues, sessions and caches go with it. There is no undo.'
      ]
    }
  },
  permission: (h) => aclPermission(h, FLUSH_ARGV),
  perform: (h, t) => sendOnce(h, FLUSH_ARGV, () => ({ outcome: 'done', detail: `db ${t.db} flushed.` })),
  postCheck: async (h) => {
    const size = Number(await h.probe('DBSIZE'))
    return size === 0
      ? { ok: true, detail: 'DBSIZE is 0.' }
      : { ok: false, detail: `DBSIZE is ${size} (written again since?).` }
  }
})

/** The definitions, exported for this module's tests (which pass a fake opener). */
const consoleCommand = defineAction<'redis.consoleCommand', RedisActionHandle>('redis.consoleCommand', {
  targetName: (t) => t.command.slice(0, 2).join(' '),
  statement: (t) => renderCommand(t.command),
  suggestedCheck: (t) =>
    t.command[1] === undefined ? 'INFO keyspace' : renderCommand(['TYPE', t.command[1]]),
  preview: async (h, t): Promise<TargetPreview> => {
    const facts: ActionPreview['facts'] = { command: renderCommand(t.command), db: h.db }
    const key = t.command[1]
    if (key !== undefined) {
      // The first argument is the key for most commands; show what is there now.
      const f = await keyFacts(h, key)
      facts[`key ${key}`] = f.type === 'none' ? 'does not exist' : `${f.type}, ${f.bytes ?? '?'} bytes`
    }
    return {
      summary: `Send ${(t.command[0] ?? '').toUpperCase()} once, as typed.`,
      facts,
      warnings: ['Sent at most once: if the connection drops, it is not retried and its effect is unknown.']
    }
  },
  permission: (h, t) => aclPermission(h, t.command),
  perform: (h, t) =>
    sendOnce(h, t.command, (reply) => ({ outcome: 'done', detail: `Reply: ${String(reply)}` })),
  postCheck: async () => ({
    ok: true,
    detail: 'No automatic check exists for an arbitrary command; see the suggested check.'
  })
})

export const REDIS_DEFINITIONS = [unlink, clientKill, configSet, flushDb, consoleCommand]

export const redisActions = engineActions<RedisActionHandle>(
  (connect) => openRedisAction(connect),
  REDIS_DEFINITIONS
)
