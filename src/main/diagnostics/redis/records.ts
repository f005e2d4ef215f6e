/**
 * What the Redis probes give the rules, by probe id (the same ids name the Redis page's topics), and the
 * one parser of each probe from what the server returned to typed records. The live probes
 * (engines/redis/probes.ts) and pasted output (kinds.ts) both end in these parsers.
 */
import type { BigKeysResult, ClusterNode, LatencyEvent, SlowlogEntry } from '../../../shared/records/redis'
import { defineRule } from '../pipeline/engine-diagnostics'
import type { CounterWindow } from '../counter-window'
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { parseClusterInfo, type ClusterInfo } from './parse-cluster-info'
import type { ClusterShard } from './parse-cluster-shards'
import { parseClusterNodes } from './parse-cluster-nodes'
import { parseInfo, type RedisInfo } from './parse-info'
import { latencyLatestFromReply, type LatencyDoctorReport } from './parse-latency'
import type { MemoryDoctorReport, MemoryStats } from './parse-memory'
import { slowlogFromReply } from './parse-slowlog'
import type { RedisReply } from './reply'

/** The newest slow log entries, and how many the server holds (null when SLOWLOG LEN was refused or pasted). */
export interface SlowlogRead {
  entries: SlowlogEntry[]
  held: number | null
}

export interface RedisRecords {
  info: RedisInfo
  slowlog: SlowlogRead
  latency: LatencyEvent[]
  config: Record<string, string>
  cluster_info: ClusterInfo
  cluster_nodes: ClusterNode[]
  /** Keys per master (each master's INFO keyspace): the cross-node step derives it. */
  keys_by_master: Record<string, number>
  /** The bounded SCAN + MEMORY USAGE sample of every master (engines/redis/big-keys.ts). */
  big_keys: BigKeysResult
  // Read from pasted output only (the live check does not send these commands):
  memory_stats: MemoryStats
  memory_doctor: MemoryDoctorReport
  latency_doctor: LatencyDoctorReport
  cluster_shards: ClusterShard[]
}

export interface RedisRuleContext {
  /** host:port of the node the records come from; null for pasted output. */
  node: string | null
  /** The span since the previous poll of this node (live checks in the app); NO_WINDOW otherwise. */
  window: CounterWindow
}

export const redisRule = defineRule<RedisRecords, RedisRuleContext>()

/** `CONFIG GET` replies, flat [name, value, ...] lists, merged into one map. */
const parseConfig = (replies: RedisReply[]): ParseResult<Record<string, string>> => {
  const out: Record<string, string> = {}
  for (const reply of replies) {
    if (!Array.isArray(reply)) return parseFailure('MALFORMED', 'CONFIG GET did not return a list')
    for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1])
  }
  return parsed(out)
}

/** The one parser per probe, from the raw reply (INFO text, decoded RESP arrays) to records. */
export const REDIS_PARSERS = {
  info: (text: string): ParseResult<RedisInfo> => parseInfo(text),
  slowlog: (raw: { reply: RedisReply; held: number | null }): ParseResult<SlowlogRead> => {
    const r = slowlogFromReply(raw.reply)
    return r.ok ? parsed({ entries: r.value, held: raw.held }) : r
  },
  latency: (reply: RedisReply): ParseResult<LatencyEvent[]> => latencyLatestFromReply(reply),
  config: parseConfig,
  cluster_info: (text: string): ParseResult<ClusterInfo> => parseClusterInfo(text),
  cluster_nodes: (text: string): ParseResult<ClusterNode[]> => parseClusterNodes(text)
} as const
