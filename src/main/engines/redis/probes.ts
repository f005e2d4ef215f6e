/**
 * The read-only probes a Redis health check sends to one node, all at once, each parsed by its one
 * parser (diagnostics/redis/records.ts). Named by what the server calls them, with the lowest version
 * they need and the fallbacks they handle:
 * - `INFO everything` (7.0+), falling back to `INFO all` (2.6+) and `INFO` (2.x) when the server refuses or
 *   answers empty (servers before 7.0 answer empty for a section they do not know).
 * - `SLOWLOG GET 128` and `SLOWLOG LEN` (2.2.12+: how many entries the server holds beyond those read),
 *   `LATENCY LATEST` (2.8.13+).
 * - `CONFIG GET maxmemory*`, `activedefrag`, `maxclients`, `latency-monitor-threshold`, the two SLOWLOG
 *   settings (the Redis page offers to change them; managed services
 *   often rename or disable CONFIG: the rules then say "could not evaluate" where they needed it).
 * - `CLUSTER INFO` and `CLUSTER NODES` when the node is clustered.
 */
import { AppFailure } from '../../../shared/errors'
import type { ProbeOutcome, ProbeOutcomes, ProbeSpec } from '../../diagnostics/pipeline/engine-diagnostics'
import { REDIS_PARSERS, type RedisRecords } from '../../diagnostics/redis/records'
import { toReply, type RedisReply } from '../../diagnostics/redis/reply'
import type { RedisNodeHandle } from '../types'

export interface RedisProbeContext {
  clustered: boolean
}

type RedisProbe<K extends keyof RedisRecords, Raw> = ProbeSpec<
  RedisNodeHandle,
  RedisProbeContext,
  Raw,
  RedisRecords[K]
> & { id: K; command: string }

const CONFIG_PATTERNS = [
  'maxmemory*',
  'activedefrag',
  'maxclients',
  'latency-monitor-threshold',
  'slowlog-log-slower-than',
  'slowlog-max-len'
] as const
export const SLOWLOG_ENTRIES = 128

const isConnectionFailure = (err: unknown): boolean =>
  err instanceof AppFailure &&
  (err.code === 'UNREACHABLE' || err.code === 'TIMEOUT' || err.code === 'AUTH_FAILED')

const readInfo = async (node: RedisNodeHandle): Promise<string> => {
  let lastError: unknown = new Error('empty reply')
  for (const args of [['everything'], ['all'], []] as string[][]) {
    try {
      const text = String(await node.call('INFO', ...args))
      if (text.trim() !== '') return text
    } catch (err) {
      lastError = err
      // A connection failure will not get better with another section name.
      if (isConnectionFailure(err)) break
    }
  }
  throw lastError
}

const notClustered = ({ clustered }: RedisProbeContext): string | null =>
  clustered ? null : 'not a cluster node'

const info: RedisProbe<'info', string> = {
  id: 'info',
  command: 'INFO',
  run: readInfo,
  parse: REDIS_PARSERS.info
}

const slowlog: RedisProbe<'slowlog', { reply: RedisReply; held: number | null }> = {
  id: 'slowlog',
  command: 'SLOWLOG GET',
  run: async (node) => {
    const [reply, held] = await Promise.all([
      node.call('SLOWLOG', 'GET', SLOWLOG_ENTRIES),
      // Only the wording depends on it: a refused LEN must not cost the entries.
      node.call('SLOWLOG', 'LEN').then(
        (n) => (typeof n === 'number' ? n : null),
        () => null
      )
    ])
    return { reply: toReply(reply), held }
  },
  parse: REDIS_PARSERS.slowlog
}

const latency: RedisProbe<'latency', RedisReply> = {
  id: 'latency',
  command: 'LATENCY LATEST',
  run: async (node) => toReply(await node.call('LATENCY', 'LATEST')),
  parse: REDIS_PARSERS.latency
}

const config: RedisProbe<'config', RedisReply[]> = {
  id: 'config',
  command: 'CONFIG GET',
  run: async (node) => {
    const replies: RedisReply[] = []
    for (const pattern of CONFIG_PATTERNS) replies.push(toReply(await node.call('CONFIG', 'GET', pattern)))
    return replies
  },
  parse: REDIS_PARSERS.config
}

const clusterInfo: RedisProbe<'cluster_info', string> = {
  id: 'cluster_info',
  command: 'CLUSTER INFO',
  skip: notClustered,
  run: async (node) => String(await node.call('CLUSTER', 'INFO')),
  parse: REDIS_PARSERS.cluster_info
}

const clusterNodes: RedisProbe<'cluster_nodes', string> = {
  id: 'cluster_nodes',
  command: 'CLUSTER NODES',
  skip: notClustered,
  run: async (node) => String(await node.call('CLUSTER', 'NODES')),
  parse: REDIS_PARSERS.cluster_nodes
}

/** What one node gave: every probe's outcome, and the INFO failure that makes the node's report fail. */
export interface NodeProbes {
  address: string
  outcomes: ProbeOutcomes<RedisRecords>
  infoFailure: AppFailure | null
}

type Ran<T> = { outcome: ProbeOutcome<T>; failure: AppFailure | null } | null

const runProbe = async <K extends keyof RedisRecords, Raw>(
  probe: RedisProbe<K, Raw>,
  node: RedisNodeHandle,
  context: RedisProbeContext
): Promise<Ran<RedisRecords[K]>> => {
  if (probe.skip?.(context)) return null
  try {
    const r = probe.parse(await probe.run(node, context), context)
    return r.ok
      ? { outcome: { ok: true, value: r.value }, failure: null }
      : { outcome: { ok: false, why: `${probe.command} could not be parsed: ${r.message}` }, failure: null }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    return {
      outcome: { ok: false, why: `${probe.command} failed: ${msg}` },
      failure: err instanceof AppFailure ? err : null
    }
  }
}

export const probeNode = async (node: RedisNodeHandle, clustered: boolean): Promise<NodeProbes> => {
  const context = { clustered }
  const [i, s, l, c, ci, cn] = await Promise.all([
    runProbe(info, node, context),
    runProbe(slowlog, node, context),
    runProbe(latency, node, context),
    runProbe(config, node, context),
    runProbe(clusterInfo, node, context),
    runProbe(clusterNodes, node, context)
  ])
  const outcomes: ProbeOutcomes<RedisRecords> = {}
  if (i) outcomes.info = i.outcome
  if (s) outcomes.slowlog = s.outcome
  if (l) outcomes.latency = l.outcome
  if (c) outcomes.config = c.outcome
  if (ci) outcomes.cluster_info = ci.outcome
  if (cn) outcomes.cluster_nodes = cn.outcome
  return { address: node.address, outcomes, infoFailure: i?.failure ?? null }
}
