/**
 * The one summary of an INFO reply: the facts of a pasted `redis.info` report (spec/analysis-report.md
 * "Redis") and of every node's live `redis.health` report (where `role` is then the server's role as
 * the check names it: standalone, master, replica, cluster-master...).
 */
import { infoNumber, infoServer, infoVersion, keyspace, type RedisInfo } from './parse-info'

/** Keys in every database of the INFO keyspace. */
export const keyCount = (info: RedisInfo): number =>
  Object.values(keyspace(info)).reduce((a, d) => a + d.keys, 0)

export const infoFacts = (info: RedisInfo): Record<string, unknown> => {
  const mode = info.fields.redis_mode
  const dbs = keyspace(info)
  return {
    server: infoServer(info),
    version: infoVersion(info),
    mode: mode === 'standalone' || mode === 'cluster' || mode === 'sentinel' ? mode : null,
    role: info.fields.role ?? null,
    runId: info.fields.run_id ?? null,
    uptimeSeconds: infoNumber(info, 'uptime_in_seconds'),
    usedMemoryBytes: infoNumber(info, 'used_memory'),
    usedMemoryRssBytes: infoNumber(info, 'used_memory_rss'),
    fragmentationRatio: infoNumber(info, 'mem_fragmentation_ratio'),
    maxmemoryBytes: infoNumber(info, 'maxmemory'),
    connectedClients: infoNumber(info, 'connected_clients'),
    sections: info.sections,
    keyspace: Object.fromEntries(Object.entries(dbs).map(([db, v]) => [db, v.keys])),
    keys: keyCount(info),
    keysWithExpiry: Object.values(dbs).reduce((a, d) => a + d.expires, 0),
    evictedKeys: infoNumber(info, 'evicted_keys'),
    masterLinkStatus: info.fields.master_link_status ?? null,
    connectedReplicas: infoNumber(info, 'connected_slaves')
  }
}
