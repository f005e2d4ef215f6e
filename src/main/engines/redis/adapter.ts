import { Redis, Cluster, type RedisOptions } from 'ioredis'
import type { ServerDescription, ServerRole, TopologyNode } from '../../../shared/connection'
import { AppFailure } from '../../../shared/errors'
import { DEFAULT_PORTS, parseConnectionUrl } from '../../support/connection-url'
import { parseInfo } from '../../diagnostics/redis/parse-info'
import { formatSlotRanges, parseClusterNodes } from '../../diagnostics/redis/parse-cluster-nodes'
import { mapDriverError } from '../map-error'
import { nodeTlsOptions } from '../tls-options'
import type { ConnectTarget, RedisNodeHandle, RedisSession } from '../types'
import { checkReadOnlyCommand, redactReply, type CommandScope } from './read-only-commands'
import { throwIfCancelled } from '../../support/call-scope'
import { REDIS_CLIENT_NAMES } from '../../diagnostics/redis/own-clients'
import { readSentinels, sentinelOptions, sentinelTarget } from './sentinel'

/** docs/reliability-and-safety.md D2: diagnostics commands time out at 5 s. */
export const REDIS_COMMAND_TIMEOUT_MS = 5_000

/** Reconnect back-off: 0.5 s doubling to 30 s, with jitter so many clients do not reconnect in step. */
export const reconnectDelay = (attempt: number): number => {
  const base = Math.min(500 * 2 ** Math.max(0, attempt - 1), 30_000)
  return Math.round(base * (0.75 + Math.random() * 0.5))
}

export const buildRedisOptions = (target: ConnectTarget): RedisOptions & { host: string; port: number } => {
  const url = parseConnectionUrl('redis', target.url)
  const host = url.hosts[0]
  const tlsOn = target.tls.enabled || url.scheme === 'rediss'
  const db = Number(url.path || 0)
  const action = target.purpose === 'action'
  return {
    // Through a tunnel the socket goes to its local forward; TLS still checks the server's own name.
    host: target.via?.host ?? host?.host ?? '127.0.0.1',
    port: target.via?.port ?? host?.port ?? DEFAULT_PORTS.redis,
    username: url.user ?? undefined,
    password: url.password ?? undefined,
    db: Number.isInteger(db) ? db : 0,
    connectionName: action ? REDIS_CLIENT_NAMES.action : REDIS_CLIENT_NAMES.diagnostics,
    // ioredis sends CLIENT SETINFO on connect; Redis before 7.2 answers ERR, and those errors then show
    // in INFO errorstats as the server's "error replies": dbconsole must not cause what it reports.
    disableClientInfo: true,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: 5_000,
    lazyConnect: true,
    // Action connections send a destructive command at most once: no queue while offline, no resend.
    enableOfflineQueue: !action,
    autoResendUnfulfilledCommands: !action,
    maxRetriesPerRequest: action ? 0 : 1,
    retryStrategy: action ? () => null : reconnectDelay,
    // Through sentinels the master is whichever they name: its certificate is checked against its own address.
    tls: tlsOn ? nodeTlsOptions(target.tls, sentinelTarget(url) ? undefined : host?.host) : undefined
  }
}

/** host:port of the server as the URL names it (not the tunnel's local forward). */
export const redisServerAddress = (target: { url: string }): string => {
  const host = parseConnectionUrl('redis', target.url).hosts[0]
  return `${host?.host ?? '127.0.0.1'}:${host?.port ?? DEFAULT_PORTS.redis}`
}

const guardedCall =
  (client: Redis | Cluster, where: string, scope: CommandScope = 'diagnostics') =>
  async (command: string, ...args: (string | number)[]) => {
    const refusal = checkReadOnlyCommand(command, args, scope)
    if (refusal) throw new AppFailure('REFUSED', `${refusal}.`)
    // A command already sent cannot be recalled; a cancelled call sends no more.
    throwIfCancelled()
    try {
      return redactReply([command, ...args], await client.call(command, ...args.map(String)))
    } catch (err) {
      throw mapDriverError(err, where)
    }
  }

const isReset = (err: unknown): boolean => {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined
  return code === 'ECONNRESET' || code === 'EPIPE'
}

/**
 * In TLS 1.3 the server checks the client certificate after our side of the handshake is done; Redis then
 * drops the connection, and our first command, already sent, turns its alert into a reset. A reset right
 * after the handshake is that refusal, not the network.
 */
const closedAfterHandshake = (where: string, sentCertificate: boolean): AppFailure =>
  new AppFailure(
    'TLS_FAILED',
    `${where}: TLS check failed: the server closed the connection right after the TLS handshake: ${
      sentCertificate
        ? 'the server refused the client certificate (not signed by a CA it trusts, or expired)'
        : "it requires a client certificate: set the profile's client certificate and key"
    }.`
  )

const roleOf = (fields: Record<string, string>, clustered: boolean): ServerRole => {
  const replica = fields.role === 'slave' || fields.role === 'replica'
  if (clustered) return replica ? 'cluster-replica' : 'cluster-master'
  if (replica) return 'replica'
  return Number(fields.connected_slaves ?? 0) > 0 ? 'master' : 'standalone'
}

export const openRedis = async (target: ConnectTarget): Promise<RedisSession> => {
  const options = buildRedisOptions(target)
  const sentinel = sentinelTarget(parseConnectionUrl('redis', target.url))
  let seedAddress = sentinel ? `master "${sentinel.masterName}"` : redisServerAddress(target)
  const seed = new Redis(sentinel ? sentinelOptions(sentinel, options) : options)
  // Through sentinels the master is wherever they say now: name it by the socket's peer.
  const refreshAddress = () => {
    const peer = sentinel ? seed.stream?.remoteAddress : undefined
    if (peer) seedAddress = `${peer}:${seed.stream.remotePort ?? ''}`
  }
  // Surfaced through command failures and status polling instead; the last one is kept because connect()
  // itself rejects with a generic "Connection is closed." that hides the cause (a TLS refusal, ECONNREFUSED).
  let lastError: unknown = null
  seed.on('error', (e: unknown) => {
    lastError = e
  })
  // ioredis says 'connect' once the TLS handshake is done (secureConnect).
  let handshakeDone = false
  seed.once('connect', () => {
    handshakeDone = true
  })
  try {
    await seed.connect()
  } catch (err) {
    seed.disconnect()
    const cause = lastError ?? err
    if (options.tls && handshakeDone && isReset(cause))
      throw closedAfterHandshake(`Redis ${seedAddress}`, options.tls.cert !== undefined)
    throw mapDriverError(cause, `Redis ${seedAddress}`)
  }
  refreshAddress()
  const seedCall = guardedCall(seed, `Redis ${seedAddress}`)
  const seedInfo = parseInfo(String(await seedCall('INFO', 'server')))
  const wantsCluster = parseConnectionUrl('redis', target.url).params.get('cluster') === 'true'
  const clustered = wantsCluster || (seedInfo.ok && seedInfo.value.fields.redis_mode === 'cluster')

  let cluster: Cluster | null = null
  if (clustered && target.via) {
    // The cluster's nodes announce their own addresses, which one local forward cannot reach.
    seed.disconnect()
    throw new AppFailure(
      'INVALID_INPUT',
      `Redis ${seedAddress} is a Redis Cluster node: a cluster cannot be reached through an SSH tunnel yet.`
    )
  }
  if (clustered) {
    const { host, port, ...redisOptions } = options
    cluster = new Cluster([{ host, port }], {
      // Each node's certificate is checked against the address that node announces, not the seed's.
      redisOptions: { ...redisOptions, tls: redisOptions.tls && nodeTlsOptions(target.tls, undefined) },
      lazyConnect: true,
      enableOfflineQueue: options.enableOfflineQueue,
      clusterRetryStrategy: options.retryStrategy as (times: number) => number | null,
      slotsRefreshTimeout: 2_000,
      // The ready check waits for cluster_state:ok, so a broken cluster would never open: exactly when
      // the DBA needs to see it. Commands to a dead node still fail fast.
      enableReadyCheck: false
    })
    cluster.on('error', () => undefined)
    try {
      await cluster.connect()
    } catch (err) {
      seed.disconnect()
      cluster.disconnect()
      throw mapDriverError(err, `Redis Cluster via ${seedAddress}`)
    }
  }

  // The console's path: console reads allowed, routed by key through the cluster client when clustered.
  const command = cluster
    ? guardedCall(cluster, `Redis Cluster via ${seedAddress}`, 'console')
    : guardedCall(seed, `Redis ${seedAddress}`, 'console')

  // Nodes the cluster client does not route to (replicas, a master promoted since connect) get their own
  // diagnostics client, opened on first use and closed with the session.
  const extraClients = new Map<string, Redis>()
  const clientFor = (activeCluster: Cluster, address: string): Redis => {
    const pooled = activeCluster.nodes('all').find((c) => `${c.options.host}:${c.options.port}` === address)
    if (pooled) return pooled
    let client = extraClients.get(address)
    if (!client) {
      const colon = address.lastIndexOf(':')
      client = new Redis({
        ...options,
        host: address.slice(0, colon),
        port: Number(address.slice(colon + 1))
      })
      client.on('error', () => undefined)
      extraClients.set(address, client)
    }
    return client
  }

  /** Every node CLUSTER NODES lists now (not the client's view from connect time), minus failed ones. */
  const nodes = async (): Promise<RedisNodeHandle[]> => {
    refreshAddress()
    if (!cluster) return [{ address: seedAddress, call: seedCall }]
    const activeCluster = cluster
    const listed = parseClusterNodes(String(await command('CLUSTER', 'NODES')))
    if (!listed.ok) throw new AppFailure('SERVER_ERROR', `CLUSTER NODES could not be read: ${listed.message}`)
    return listed.value
      .filter(
        (n) => n.address !== '' && !n.flags.some((f) => f === 'fail' || f === 'noaddr' || f === 'handshake')
      )
      .map((n) => ({
        address: n.address,
        call: guardedCall(clientFor(activeCluster, n.address), `Redis ${n.address}`)
      }))
  }

  const describe = async (): Promise<ServerDescription> => {
    refreshAddress()
    const [server, replication] = await Promise.all([
      seedCall('INFO', 'server'),
      seedCall('INFO', 'replication')
    ])
    const info = parseInfo(`${String(server)}\n${String(replication)}`)
    if (!info.ok)
      throw new AppFailure('SERVER_ERROR', `Redis ${seedAddress}: INFO could not be read: ${info.message}`)
    const fields = info.value.fields
    const topology = clustered ? await clusterTopology(seedCall) : replicationTopology(fields)
    return {
      engine: 'redis',
      version: fields.redis_version ?? 'unknown',
      role: roleOf(fields, clustered),
      identity: fields.run_id ?? 'unknown',
      address: seedAddress,
      topology
    }
  }

  return {
    engine: 'redis',
    clustered,
    ...(sentinel
      ? { sentinel: async () => ({ masterName: sentinel.masterName, views: await readSentinels(sentinel) }) }
      : {}),
    nodes,
    command,
    describe,
    ping: async () => {
      await seedCall('PING')
    },
    close: async () => {
      seed.disconnect()
      cluster?.disconnect()
      for (const client of extraClients.values()) client.disconnect()
    }
  }
}

const clusterTopology = async (call: RedisNodeHandle['call']): Promise<TopologyNode[]> => {
  const result = parseClusterNodes(String(await call('CLUSTER', 'NODES')))
  if (!result.ok) throw new AppFailure('SERVER_ERROR', `CLUSTER NODES could not be read: ${result.message}`)
  return result.value
    .map((n) => {
      const failed = n.flags.includes('fail') || n.flags.includes('fail?')
      return {
        address: n.address || n.id.slice(0, 8),
        role: n.role === 'master' ? ('cluster-master' as const) : ('cluster-replica' as const),
        state: failed ? n.flags.filter((f) => f.startsWith('fail')).join(',') : n.linkState,
        slots: formatSlotRanges(n.slots),
        healthy: !failed && n.linkState === 'connected',
        detail: n.id
      }
    })
    .sort((a, b) => a.address.localeCompare(b.address))
}

const replicationTopology = (fields: Record<string, string>): TopologyNode[] => {
  if (fields.role === 'slave') {
    return [
      {
        address: `${fields.master_host ?? '?'}:${fields.master_port ?? '?'}`,
        role: 'master',
        state: `link ${fields.master_link_status ?? 'unknown'}`,
        healthy: fields.master_link_status === 'up',
        detail: 'upstream'
      }
    ]
  }
  const replicas: TopologyNode[] = []
  for (const [key, value] of Object.entries(fields)) {
    if (!/^slave\d+$/.test(key)) continue
    const parts = Object.fromEntries(value.split(',').map((p) => p.split('=') as [string, string]))
    replicas.push({
      address: `${parts.ip ?? '?'}:${parts.port ?? '?'}`,
      role: 'replica',
      state: parts.state ?? 'unknown',
      healthy: parts.state === 'online',
      detail: `offset ${parts.offset ?? '?'}, lag ${parts.lag ?? '?'} s`
    })
  }
  return replicas
}
