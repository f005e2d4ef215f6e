/**
 * Reads the Redis page asks for on demand, never by the sweep: CLIENT LIST (for the client table and its
 * CLIENT KILL buttons) and the server's own LATENCY DOCTOR, MEMORY DOCTOR and LATENCY HISTORY. All go
 * through the diagnostics session's read-only allow-list.
 */
import { AppFailure } from '../../../shared/errors'
import type { LiveRead, RedisClientList, RedisDoctorNode } from '../../../shared/records/redis'
import { isOwnClientName } from '../../diagnostics/redis/own-clients'
import { isReplicationLink, parseClientList } from '../../diagnostics/redis/parse-client-list'
import { latencyHistoryFromReply, latencyLatestFromReply } from '../../diagnostics/redis/parse-latency'
import { toReply } from '../../diagnostics/redis/reply'
import type { RedisNodeHandle, RedisSession } from '../types'

const numberOr = (value: string | undefined): number | null =>
  value !== undefined && /^\d+$/.test(value) ? Number(value) : null

/** CLIENT LIST of the profile's server: a cluster's nodes are not one server, and kill is not offered there. */
export const redisClients = async (session: RedisSession): Promise<RedisClientList> => {
  if (session.clustered)
    throw new AppFailure(
      'INVALID_INPUT',
      'The client list is per server: connect a profile to one cluster node (guarded actions on Redis Cluster are not supported yet).'
    )
  const [node] = await session.nodes()
  if (!node) throw new AppFailure('UNREACHABLE', 'No Redis node answered.')
  const list = parseClientList(String(await node.call('CLIENT', 'LIST')))
  if (!list.ok) throw new AppFailure('SERVER_ERROR', `Redis ${node.address}: ${list.message}`)
  return {
    node: node.address,
    clients: list.value.map((f) => ({
      id: Number(f.id),
      addr: f.addr ?? '',
      name: f.name ?? '',
      user: f.user ?? '',
      ageSeconds: numberOr(f.age),
      idleSeconds: numberOr(f.idle),
      db: numberOr(f.db),
      lastCommand: f.cmd ?? '',
      flags: f.flags ?? '',
      own: isOwnClientName(f.name ?? ''),
      replication: isReplicationLink(f.flags ?? '')
    }))
  }
}

const read = async <T>(what: string, run: () => Promise<T>): Promise<LiveRead<T>> => {
  try {
    return { ok: true, value: await run() }
  } catch (err) {
    return { ok: false, why: `${what}: ${err instanceof Error ? err.message : String(err)}` }
  }
}

const orThrow = <T>(r: { ok: true; value: T } | { ok: false; message: string }, what: string): T => {
  if (!r.ok) throw new Error(`${what}: ${r.message}`)
  return r.value
}

const latencyHistory = async (node: RedisNodeHandle) => {
  const events = orThrow(
    latencyLatestFromReply(toReply(await node.call('LATENCY', 'LATEST'))),
    'LATENCY LATEST'
  )
  const out: { event: string; samples: { timestamp: number; ms: number }[] }[] = []
  for (const { event } of events) {
    const samples = latencyHistoryFromReply(toReply(await node.call('LATENCY', 'HISTORY', event)))
    out.push({ event, samples: orThrow(samples, `LATENCY HISTORY ${event}`) })
  }
  return out
}

/** Each node's doctors and latency history; one refused command does not cost the others. */
export const redisDoctor = async (session: RedisSession): Promise<RedisDoctorNode[]> => {
  const nodes = (await session.nodes()).slice().sort((a, b) => a.address.localeCompare(b.address))
  return Promise.all(
    nodes.map(async (node) => ({
      node: node.address,
      latencyDoctor: await read('LATENCY DOCTOR', async () => String(await node.call('LATENCY', 'DOCTOR'))),
      memoryDoctor: await read('MEMORY DOCTOR', async () => String(await node.call('MEMORY', 'DOCTOR'))),
      latencyHistory: await read('LATENCY HISTORY', () => latencyHistory(node))
    }))
  )
}
