import type { NodeMetrics } from '../../../shared/metrics'
import { parseInfo } from '../../diagnostics/redis/parse-info'
import type { RedisSession } from '../types'

const num = (fields: Record<string, string>, key: string): number | null => {
  const value = fields[key]
  if (value === undefined || value === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

/** Replica lag in bytes: the master's offset minus this replica's, from the replica's own INFO. */
const replicaLag = (fields: Record<string, string>): number | null => {
  if (fields.role !== 'slave') return null
  const master = num(fields, 'master_repl_offset')
  const own = num(fields, 'slave_repl_offset')
  return master === null || own === null ? null : Math.max(0, master - own)
}

export const sampleRedis = async (session: RedisSession): Promise<NodeMetrics[]> => {
  const nodes = await session.nodes()
  return Promise.all(
    nodes.map(async (node) => {
      const info = parseInfo(String(await node.call('INFO')))
      const fields = info.ok ? info.value.fields : {}
      return {
        node: node.address,
        values: {
          usedMemoryBytes: num(fields, 'used_memory'),
          fragmentationRatio: num(fields, 'mem_fragmentation_ratio'),
          opsPerSec: num(fields, 'instantaneous_ops_per_sec'),
          evictedKeysTotal: num(fields, 'evicted_keys'),
          connectedClients: num(fields, 'connected_clients'),
          replicationLagBytes: replicaLag(fields)
        }
      }
    })
  )
}
