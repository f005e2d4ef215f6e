/**
 * The read-only probes a Redis health check sends to one node, all at once. Each is named by what the
 * server calls it, with the lowest version it needs and the fallbacks it handles:
 * - `INFO everything` (7.0+), falling back to `INFO all` (2.6+) and `INFO` (2.x) when the server refuses or
 *   answers empty (servers before 7.0 answer empty for a section they do not know).
 * - `SLOWLOG GET 128` and `SLOWLOG LEN` (2.2.12+: how many entries the server holds beyond those read),
 *   `LATENCY LATEST` (2.8.13+).
 * - `CONFIG GET maxmemory*`, `activedefrag`, `maxclients`, `latency-monitor-threshold` (managed services
 *   often rename or disable CONFIG: the rules then say "could not evaluate" where they needed it).
 * - `CLUSTER INFO` and `CLUSTER NODES` when the node is clustered.
 */
import { AppFailure } from '../../../shared/errors'
import { parseClusterInfo, type ClusterInfo } from '../../diagnostics/redis/parse-cluster-info'
import { parseClusterNodes, type ClusterNode } from '../../diagnostics/redis/parse-cluster-nodes'
import { parseInfo, type RedisInfo } from '../../diagnostics/redis/parse-info'
import { latencyLatestFromReply, type LatencyEvent } from '../../diagnostics/redis/parse-latency'
import { slowlogFromReply, type SlowlogEntry } from '../../diagnostics/redis/parse-slowlog'
import { toReply } from '../../diagnostics/redis/reply'
import type { RedisNodeHandle } from '../types'

/** The newest slow log entries, and how many the server holds (null when SLOWLOG LEN was refused). */
export interface SlowlogRead {
  entries: SlowlogEntry[]
  held: number | null
}

/** A probe's outcome: its parsed value, or why it could not be read. */
export type Probe<T> = { ok: true; value: T } | { ok: false; why: string; failure: AppFailure | null }

export interface NodeProbes {
  address: string
  info: Probe<RedisInfo>
  /** Raw INFO text as the server sent it (for fixtures and the UI's raw view). */
  infoText: string | null
  slowlog: Probe<SlowlogRead>
  latency: Probe<LatencyEvent[]>
  config: Probe<Record<string, string>>
  clusterInfo: Probe<ClusterInfo> | null
  clusterNodes: Probe<ClusterNode[]> | null
}

const CONFIG_PATTERNS = [
  'maxmemory*',
  'activedefrag',
  'maxclients',
  'latency-monitor-threshold',
  'slowlog-log-slower-than'
] as const
export const SLOWLOG_ENTRIES = 128

const failed = <T>(err: unknown, what: string): Probe<T> => {
  const failure = err instanceof AppFailure ? err : null
  const msg = err instanceof Error ? err.message : String(err)
  return { ok: false, why: `${what} failed: ${msg}`, failure }
}

const attempt = async <T>(what: string, run: () => Promise<Probe<T>>): Promise<Probe<T>> => {
  try {
    return await run()
  } catch (err) {
    return failed<T>(err, what)
  }
}

const readInfo = async (node: RedisNodeHandle): Promise<{ probe: Probe<RedisInfo>; text: string | null }> => {
  let lastError: unknown = null
  for (const args of [['everything'], ['all'], []] as string[][]) {
    try {
      const text = String(await node.call('INFO', ...args))
      if (text.trim() === '') continue
      const r = parseInfo(text)
      return {
        probe: r.ok
          ? { ok: true, value: r.value }
          : { ok: false, why: `INFO could not be parsed: ${r.message}`, failure: null },
        text
      }
    } catch (err) {
      lastError = err
      // A connection failure will not get better with another section name.
      if (
        err instanceof AppFailure &&
        (err.code === 'UNREACHABLE' || err.code === 'TIMEOUT' || err.code === 'AUTH_FAILED')
      )
        break
    }
  }
  return { probe: failed(lastError ?? new Error('empty reply'), 'INFO'), text: null }
}

const readConfig = async (node: RedisNodeHandle): Promise<Probe<Record<string, string>>> => {
  const out: Record<string, string> = {}
  for (const pattern of CONFIG_PATTERNS) {
    const reply = await node.call('CONFIG', 'GET', pattern)
    if (!Array.isArray(reply)) return { ok: false, why: 'CONFIG GET did not return a list', failure: null }
    for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1])
  }
  return { ok: true, value: out }
}

export const probeNode = async (node: RedisNodeHandle, clustered: boolean): Promise<NodeProbes> => {
  const [info, slowlog, latency, config, clusterInfo, clusterNodes] = await Promise.all([
    readInfo(node),
    attempt<SlowlogRead>('SLOWLOG GET', async () => {
      const [reply, held] = await Promise.all([
        node.call('SLOWLOG', 'GET', SLOWLOG_ENTRIES),
        // Only the wording depends on it: a refused LEN must not cost the entries.
        node.call('SLOWLOG', 'LEN').then(
          (n) => (typeof n === 'number' ? n : null),
          () => null
        )
      ])
      const r = slowlogFromReply(toReply(reply))
      return r.ok
        ? { ok: true, value: { entries: r.value, held } }
        : { ok: false, why: `SLOWLOG GET could not be parsed: ${r.message}`, failure: null }
    }),
    attempt<LatencyEvent[]>('LATENCY LATEST', async () => {
      const r = latencyLatestFromReply(toReply(await node.call('LATENCY', 'LATEST')))
      return r.ok
        ? { ok: true, value: r.value }
        : { ok: false, why: `LATENCY LATEST could not be parsed: ${r.message}`, failure: null }
    }),
    attempt('CONFIG GET', () => readConfig(node)),
    clustered
      ? attempt<ClusterInfo>('CLUSTER INFO', async () => {
          const r = parseClusterInfo(String(await node.call('CLUSTER', 'INFO')))
          return r.ok
            ? { ok: true, value: r.value }
            : { ok: false, why: `CLUSTER INFO could not be parsed: ${r.message}`, failure: null }
        })
      : Promise.resolve(null),
    clustered
      ? attempt<ClusterNode[]>('CLUSTER NODES', async () => {
          const r = parseClusterNodes(String(await node.call('CLUSTER', 'NODES')))
          return r.ok
            ? { ok: true, value: r.value }
            : { ok: false, why: `CLUSTER NODES could not be parsed: ${r.message}`, failure: null }
        })
      : Promise.resolve(null)
  ])
  return {
    address: node.address,
    info: info.probe,
    infoText: info.text,
    slowlog,
    latency,
    config,
    clusterInfo,
    clusterNodes
  }
}
