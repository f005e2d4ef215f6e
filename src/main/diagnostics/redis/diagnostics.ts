/**
 * The Redis diagnostics, declared once (docs/architecture.md "Diagnostics pipeline"): the live check
 * (engines/redis/check.ts) and pasted output (kinds.ts) both judge probe records with these rules
 * through `evaluateRules`. Three scopes, because a cluster is judged once and big keys once per check:
 * - per node: INFO, SLOWLOG, LATENCY LATEST, CONFIG GET of one node;
 * - the cluster: the seed node's CLUSTER NODES and CLUSTER INFO with the keys per master;
 * - the big-key sample of every master.
 * A pasted input is judged by every rule whose needs it meets (REDIS_DIAGNOSTICS), including those over
 * output that is only ever pasted (MEMORY STATS, MEMORY DOCTOR, LATENCY DOCTOR, CLUSTER SHARDS).
 */
import type { EngineDiagnostics } from '../pipeline/engine-diagnostics'
import type { RedisRecords, RedisRuleContext } from './records'
import { bigKey } from './rules/big-key'
import { clients } from './rules/clients'
import { clusterInfoState, clusterShardsState, clusterState } from './rules/cluster-state'
import { config } from './rules/config'
import { errorstats } from './rules/errorstats'
import { eviction } from './rules/eviction'
import { fragmentation, memoryStatsFragmentation } from './rules/fragmentation'
import { KEYSPACE_RULES } from './rules/keyspace'
import { latency, latencyDoctor } from './rules/latency'
import { memoryUsage } from './rules/memory'
import { memoryDoctor } from './rules/memory-doctor'
import { persistence } from './rules/persistence'
import { replication } from './rules/replication'
import { SLOWLOG_RULES } from './rules/slowlog'

type RedisDiagnostics = EngineDiagnostics<RedisRecords, RedisRuleContext>

/** In the order a DBA reads them: memory first, then clients, persistence, replication, errors, keyspace. */
export const REDIS_NODE_DIAGNOSTICS: RedisDiagnostics = {
  engine: 'redis',
  rules: [
    fragmentation,
    memoryUsage,
    eviction,
    clients,
    persistence,
    replication,
    errorstats,
    ...KEYSPACE_RULES,
    config,
    ...SLOWLOG_RULES,
    latency
  ]
}

export const REDIS_CLUSTER_DIAGNOSTICS: RedisDiagnostics = {
  engine: 'redis',
  rules: [clusterState, clusterInfoState]
}

export const REDIS_BIG_KEY_DIAGNOSTICS: RedisDiagnostics = { engine: 'redis', rules: [bigKey] }

/** Rules over output only ever pasted (the live check does not send these commands). */
const PASTED_ONLY = [memoryStatsFragmentation, memoryDoctor, latencyDoctor, clusterShardsState]

export const REDIS_DIAGNOSTICS: RedisDiagnostics = {
  engine: 'redis',
  rules: [
    ...REDIS_NODE_DIAGNOSTICS.rules,
    ...REDIS_CLUSTER_DIAGNOSTICS.rules,
    ...REDIS_BIG_KEY_DIAGNOSTICS.rules,
    ...PASTED_ONLY
  ]
}
