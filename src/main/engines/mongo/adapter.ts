import { MongoClient, type MongoClientOptions } from 'mongodb'
import type { ServerDescription, ServerRole, TopologyNode } from '../../../shared/connection'
import { AppFailure } from '../../../shared/errors'
import { formatConnectionUrl, parseConnectionUrl } from '../../support/connection-url'
import { mapDriverError } from '../map-error'
import { nodeTlsOptions } from '../tls-options'
import type { ConnectTarget, MongoSession, TlsOptions } from '../types'
import { refuseTlsWeakening } from './tls-weakening'
import { callSignal, throwIfCancelled } from '../../support/call-scope'

/** docs/reliability-and-safety.md D2: every diagnostic command carries maxTimeMS <= 30 s. */
export const MONGO_MAX_TIME_MS = 30_000

/** Server selection gives up after this; with connect timeout it bounds an unreachable URL to ~5 s. */
const SELECTION_TIMEOUT_MS = 5_000

export const buildMongoOptions = (target: ConnectTarget): MongoClientOptions => {
  refuseTlsWeakening(parseConnectionUrl('mongo', target.url), target.tls.enabled)
  return {
    appName: target.purpose === 'action' ? 'dbconsole action' : 'dbconsole diagnostics',
    maxPoolSize: target.purpose === 'action' ? 1 : 2,
    serverSelectionTimeoutMS: SELECTION_TIMEOUT_MS,
    connectTimeoutMS: SELECTION_TIMEOUT_MS,
    socketTimeoutMS: MONGO_MAX_TIME_MS + 5_000,
    heartbeatFrequencyMS: 10_000,
    retryWrites: false,
    retryReads: target.purpose !== 'action',
    ...(target.tls.enabled ? mongoTlsOptions(target.tls) : {})
  }
}

/**
 * The driver takes Node's TLS options but not `minVersion`: TLS 1.3 as the minimum is TLS 1.3 only
 * (nothing above it exists), and TLS 1.2 is Node's own minimum. Every member's certificate is checked
 * against the name that member is reached by, unless the profile names the server.
 */
export const mongoTlsOptions = (tls: TlsOptions): MongoClientOptions => {
  const { minVersion, ...node } = nodeTlsOptions(tls, undefined)
  return { tls: true, ...node, ...(minVersion === 'TLSv1.3' ? { secureProtocol: 'TLSv1_3_method' } : {}) }
}

/** Adds maxTimeMS when missing and caps it, so no diagnostic command can run unbounded on the server. */
export const withMaxTime = (command: Record<string, unknown>): Record<string, unknown> => {
  const given =
    typeof command.maxTimeMS === 'number' && command.maxTimeMS > 0 ? command.maxTimeMS : MONGO_MAX_TIME_MS
  return { ...command, maxTimeMS: Math.min(given, MONGO_MAX_TIME_MS) }
}

/** The driver's selection error text carries per-server reasons; name the code a DBA can act on. */
const mapMongoError = (err: unknown, where: string): AppFailure => {
  const mapped = mapDriverError(err, where)
  if (mapped.code !== 'TIMEOUT') return mapped
  const name = err && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : ''
  // A server-selection timeout means no suitable server answered: unreachable, not a slow query.
  if (name === 'MongoServerSelectionError')
    return new AppFailure(
      'UNREACHABLE',
      mapped.message.replace('did not answer in time', 'cannot be reached')
    )
  return mapped
}

const connectClient = async (
  url: string,
  options: MongoClientOptions,
  where: string
): Promise<MongoClient> => {
  const client = new MongoClient(url, options)
  client.on('error', () => undefined)
  try {
    await client.connect()
  } catch (err) {
    await client.close().catch(() => undefined)
    throw mapMongoError(err, where)
  }
  return client
}

const commandOn =
  (client: MongoClient, where: string) =>
  async (db: string, cmd: Record<string, unknown>): Promise<Record<string, unknown>> => {
    throwIfCancelled()
    try {
      // The driver closes the socket of an aborted command; maxTimeMS bounds it on the server anyway.
      const reply: Record<string, unknown> = await client
        .db(db)
        .command(withMaxTime(cmd), { signal: callSignal() })
      return reply
    } catch (err) {
      throw mapMongoError(err, where)
    }
  }

const roleOf = (hello: Record<string, unknown>, setName: string | null): ServerRole =>
  hello.msg === 'isdbgrid'
    ? 'mongos'
    : hello.isWritablePrimary || hello.ismaster
      ? setName
        ? 'primary'
        : 'standalone'
      : hello.secondary
        ? 'secondary'
        : hello.arbiterOnly
          ? 'arbiter'
          : 'unknown'

export const openMongo = async (target: ConnectTarget): Promise<MongoSession> => {
  const parsed = parseConnectionUrl('mongo', target.url)
  const where = `MongoDB ${parsed.hosts.map((h) => `${h.host}:${h.port ?? 27017}`).join(',')}`
  const options = buildMongoOptions(target)
  // The driver discovers a replica set from any seed and honours directConnection=true from the URL.
  const client = await connectClient(target.url, options, where)
  const command = commandOn(client, where)
  const memberClients: MongoClient[] = []
  let membersPromise: ReturnType<MongoSession['members']> | null = null

  const describe = async (): Promise<ServerDescription> => {
    const [hello, build] = await Promise.all([
      command('admin', { hello: 1 }),
      command('admin', { buildInfo: 1 })
    ])
    const setName = typeof hello.setName === 'string' ? hello.setName : null
    const topology = setName ? membersOf(await command('admin', { replSetGetStatus: 1 })) : []
    return {
      engine: 'mongo',
      version: typeof build.version === 'string' ? build.version : 'unknown',
      role: roleOf(hello, setName),
      identity: setName ?? (typeof hello.me === 'string' ? hello.me : where),
      address: typeof hello.me === 'string' ? hello.me : where.replace('MongoDB ', ''),
      topology
    }
  }

  const openMembers = async (): Promise<Awaited<ReturnType<MongoSession['members']>>> => {
    const hello = await command('admin', { hello: 1 })
    const hosts = [hello.hosts, hello.passives, hello.arbiters].flatMap((h) =>
      Array.isArray(h) ? h.filter((x): x is string => typeof x === 'string') : []
    )
    if (typeof hello.setName !== 'string' || hosts.length === 0) return { reached: [], unreached: [] }
    const results = await Promise.all(
      hosts.map(async (address) => {
        const [host = address, port] = splitAddress(address)
        const direct = { ...parsed, hosts: [{ host, port }], params: new URLSearchParams(parsed.params) }
        direct.params.delete('replicaSet')
        direct.params.set('directConnection', 'true')
        const memberWhere = `MongoDB ${address}`
        try {
          const memberClient = await connectClient(
            formatConnectionUrl(direct, parsed.password),
            { ...options, maxPoolSize: 1 },
            memberWhere
          )
          memberClients.push(memberClient)
          return { ok: true as const, handle: { address, command: commandOn(memberClient, memberWhere) } }
        } catch (err) {
          return {
            ok: false as const,
            address,
            error: err instanceof AppFailure ? err : mapMongoError(err, memberWhere)
          }
        }
      })
    )
    return {
      reached: results.flatMap((r) => (r.ok ? [r.handle] : [])),
      unreached: results.flatMap((r) => (r.ok ? [] : [{ address: r.address, error: r.error }]))
    }
  }

  return {
    engine: 'mongo',
    command,
    describe,
    members: () => (membersPromise ??= openMembers()),
    ping: async () => {
      await command('admin', { ping: 1 })
    },
    close: async () => {
      await Promise.all([client, ...memberClients].map((c) => c.close().catch(() => undefined)))
    }
  }
}

const splitAddress = (address: string): [string, number | null] => {
  const m = /^(.*):(\d+)$/.exec(address)
  return m ? [m[1] ?? address, Number(m[2])] : [address, null]
}

const membersOf = (status: Record<string, unknown>): TopologyNode[] => {
  if (!Array.isArray(status.members))
    throw new AppFailure('SERVER_ERROR', 'replSetGetStatus returned no members array.')
  return status.members.map((m: Record<string, unknown>) => {
    const state = String(m.stateStr ?? 'UNKNOWN')
    return {
      address: String(m.name ?? '?'),
      role:
        state === 'PRIMARY'
          ? 'primary'
          : state === 'SECONDARY'
            ? 'secondary'
            : state === 'ARBITER'
              ? 'arbiter'
              : 'unknown',
      state,
      healthy: m.health === 1,
      detail:
        typeof m.lastHeartbeatMessage === 'string' && m.lastHeartbeatMessage
          ? m.lastHeartbeatMessage
          : undefined
    }
  })
}
