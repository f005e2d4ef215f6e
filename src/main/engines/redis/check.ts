/**
 * `dbconsole check` for Redis: every node (the server, or every master and replica of a cluster) is
 * probed concurrently and gets its own 'redis.health' report with the INFO, SLOWLOG and LATENCY rules.
 * Cluster-wide findings (redis.cluster-state) are computed once, from the CLUSTER NODES of the seed node
 * (the URL's node; the first node that answered when the seed did not), keys per master from each
 * master's INFO keyspace, and put on that node's report with `summary.clusterReport: true`. Why not a
 * separate report: the spec promises one report per node, and a consumer counting reports as nodes
 * would count a phantom node. Big keys are sampled on the masters (bounded SCAN) and reported on the
 * node that holds each key.
 */
import type { ServerRole } from '../../../shared/connection'
import { toTopicRows, type TopicCollector, type TopicTable } from '../../../shared/detail'
import { AppFailure } from '../../../shared/errors'
import { sortFindings, type AnalysisReport, type Finding } from '../../../shared/findings'
import { NO_WINDOW, type CounterHistory, type CounterWindow } from '../../diagnostics/counter-window'
import { infoCounters, infoEpoch } from '../../diagnostics/redis/info-counters'
import { infoFindings } from '../../diagnostics/redis/kinds'
import { addSentinelView } from './sentinel-check'
import { infoNumber, infoVersion, keyspace, type RedisInfo } from '../../diagnostics/redis/parse-info'
import { bigKeyRule } from '../../diagnostics/redis/rules/big-key'
import { clusterStateRule } from '../../diagnostics/redis/rules/cluster-state'
import { latencyRule } from '../../diagnostics/redis/rules/latency'
import { dangerousCommandsRule, slowlogRule } from '../../diagnostics/redis/rules/slowlog'
import { couldNotEvaluate, failedHealthReport, healthReport } from '../health-report'
import type { RedisNodeHandle, RedisSession } from '../types'
import { findBigKeys, mastersOf, type BigKeysOptions } from './big-keys'
import { probeNode, type NodeProbes, type Probe } from './probes'
import { probeEachNode } from '../probe-each-node'

export interface RedisCheckOptions {
  /** Sample big keys (bounded SCAN + MEMORY USAGE on every master). Default on. */
  bigKeys?: boolean | BigKeysOptions
  /** Receives every probe's records for the Redis page's tables. */
  collect?: TopicCollector
  /** The previous poll's counters per node (the app), so rules judge what changed; absent in the CLI. */
  counters?: CounterHistory
}

const roleOf = (f: Record<string, string>, clustered: boolean): ServerRole => {
  const replica = f.role === 'slave' || f.role === 'replica'
  if (clustered) return replica ? 'cluster-replica' : 'cluster-master'
  if (replica) return 'replica'
  return Number(f.connected_slaves ?? 0) > 0 ? 'master' : 'standalone'
}

const nodeFacts = (info: RedisInfo): Record<string, unknown> => ({
  mode: info.fields.redis_mode ?? null,
  runId: info.fields.run_id ?? null,
  uptimeSeconds: infoNumber(info, 'uptime_in_seconds'),
  usedMemoryBytes: infoNumber(info, 'used_memory'),
  usedMemoryRssBytes: infoNumber(info, 'used_memory_rss'),
  fragmentationRatio: infoNumber(info, 'mem_fragmentation_ratio'),
  maxmemoryBytes: infoNumber(info, 'maxmemory'),
  connectedClients: infoNumber(info, 'connected_clients'),
  keys: Object.values(keyspace(info)).reduce((a, d) => a + d.keys, 0),
  masterLinkStatus: info.fields.master_link_status ?? null,
  connectedReplicas: infoNumber(info, 'connected_slaves')
})

const nodeFindings = (p: NodeProbes, info: RedisInfo, window: CounterWindow): Finding[] => {
  const config = p.config.ok ? p.config.value : null
  const out = infoFindings(info, p.address, config, window)
  if (!p.config.ok)
    out.push(
      couldNotEvaluate(
        'redis.config',
        `${p.config.why}; maxmemory policy, activedefrag and maxclients are read from INFO only.`
      )
    )
  if (p.slowlog.ok) {
    const { entries, held } = p.slowlog.value
    out.push(...slowlogRule(entries, p.address, held), ...dangerousCommandsRule(entries, p.address, held))
  } else out.push(couldNotEvaluate('redis.slowlog', p.slowlog.why))
  if (p.latency.ok) out.push(...latencyRule(p.latency.value, p.address, config))
  else out.push(couldNotEvaluate('redis.latency', p.latency.why))
  return out.map((f) => ({ ...f, target: f.target ?? p.address }))
}

const asFailure = (p: NodeProbes): AppFailure =>
  !p.info.ok && p.info.failure
    ? p.info.failure
    : new AppFailure('SERVER_ERROR', `Redis ${p.address}: ${p.info.ok ? 'unknown' : p.info.why}`)

const topicOf = <T>(probe: Probe<T> | null, rows: (value: T) => unknown): TopicTable =>
  probe === null
    ? { ok: false, why: 'not a cluster node' }
    : probe.ok
      ? { ok: true, rows: toTopicRows(rows(probe.value)) }
      : { ok: false, why: probe.why }

const collectNode = (collect: TopicCollector, p: NodeProbes): void => {
  collect(
    p.address,
    'info',
    topicOf(p.info, (info) => Object.entries(info.fields).map(([field, value]) => ({ field, value })))
  )
  collect(
    p.address,
    'slowlog',
    topicOf(p.slowlog, (read) => read.entries)
  )
  collect(
    p.address,
    'latency',
    topicOf(p.latency, (events) => events)
  )
  collect(
    p.address,
    'config',
    topicOf(p.config, (config) => Object.entries(config).map(([parameter, value]) => ({ parameter, value })))
  )
  if (p.clusterNodes)
    collect(
      p.address,
      'cluster_nodes',
      topicOf(p.clusterNodes, (nodes) => nodes)
    )
}

export const checkRedis = async (
  session: RedisSession,
  input: string,
  options: RedisCheckOptions = {}
): Promise<AnalysisReport[]> => {
  const server = await session.describe()
  const handles = (await session.nodes()).slice().sort((a, b) => a.address.localeCompare(b.address))
  const probes = await probeEachNode(handles, (h) => probeNode(h, session.clustered))
  const reports = new Map<string, AnalysisReport>()
  if (options.collect) for (const p of probes) collectNode(options.collect, p)
  for (const p of probes) {
    if (!p.info.ok) {
      reports.set(p.address, {
        ...failedHealthReport(input, 'redis', asFailure(p)),
        summary: { node: p.address }
      })
      continue
    }
    const info = p.info.value
    const version = infoVersion(info) ?? 'unknown'
    const window = options.counters?.observe(p.address, infoEpoch(info), infoCounters(info)) ?? NO_WINDOW
    reports.set(
      p.address,
      healthReport(
        input,
        { engine: 'redis', version, role: roleOf(info.fields, session.clustered) },
        p.address,
        { ...nodeFacts(info), clusterReport: false },
        nodeFindings(p, info, window)
      )
    )
  }

  await addSentinelView(session, [...reports.values()])

  if (session.clustered) {
    const reachable = probes.filter((p) => p.info.ok)
    const seed = reachable.find((p) => p.address === server.address) ?? reachable[0]
    const seedReport = seed ? reports.get(seed.address) : undefined
    if (seed && seedReport) {
      const extra: Finding[] = []
      if (seed.clusterNodes?.ok) {
        const keysByNode: Record<string, number> = {}
        for (const p of reachable) {
          if (p.info.ok && p.info.value.fields.role === 'master')
            keysByNode[p.address] = Object.values(keyspace(p.info.value)).reduce((a, d) => a + d.keys, 0)
        }
        extra.push(
          ...clusterStateRule(
            seed.clusterNodes.value,
            seed.clusterInfo?.ok ? seed.clusterInfo.value : null,
            keysByNode
          )
        )
      } else
        extra.push(
          couldNotEvaluate(
            'redis.cluster-state',
            seed.clusterNodes?.ok === false ? seed.clusterNodes.why : 'CLUSTER NODES was not read.'
          )
        )
      const clusterInfo = seed.clusterInfo?.ok ? seed.clusterInfo.value : null
      seedReport.summary = {
        ...seedReport.summary,
        clusterReport: true,
        clusterState: clusterInfo?.state ?? null,
        clusterKnownNodes: clusterInfo?.knownNodes ?? null
      }
      seedReport.findings = [...seedReport.findings, ...extra]
    }
  }

  if (options.bigKeys !== false) {
    const reachableHandles: RedisNodeHandle[] = handles.filter((h) => reports.get(h.address)?.ok)
    try {
      const masters = await mastersOf(reachableHandles)
      const result = await findBigKeys(
        masters,
        typeof options.bigKeys === 'object' ? options.bigKeys : { maxKeys: 10_000 }
      )
      for (const f of bigKeyRule(result)) {
        const node = typeof f.evidence.node === 'string' ? f.evidence.node : (masters[0]?.address ?? null)
        const report = node ? reports.get(node) : undefined
        if (report) report.findings = [...report.findings, f]
      }
      for (const m of masters) {
        const report = reports.get(m.address)
        if (report)
          report.summary = {
            ...report.summary,
            bigKeys: result.top.filter((k) => k.node === m.address).slice(0, 5),
            bigKeyPatterns: result.prefixes.slice(0, 5),
            scannedKeys: result.scannedKeys
          }
      }
    } catch (err) {
      const first = reports.get(handles[0]?.address ?? '')
      if (first?.ok)
        first.findings = [
          ...first.findings,
          couldNotEvaluate(
            'redis.big-key',
            `The big-key scan failed: ${err instanceof Error ? err.message : String(err)}`
          )
        ]
    }
  }
  // Findings were appended after healthReport sorted them: sort again, worst first.
  return [...reports.values()].map((r) => ({ ...r, findings: sortFindings(r.findings) }))
}
