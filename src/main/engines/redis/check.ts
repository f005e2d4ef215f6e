/**
 * `dbconsole check` for Redis: every node (the server, or every master and replica of a cluster) is
 * probed concurrently and gets its own 'redis.health' report, judged by the per-node rules of
 * diagnostics/redis/diagnostics.ts. Cluster-wide findings (redis.cluster-state) are judged once, from the
 * CLUSTER NODES of the seed node (the URL's node; the first node that answered when the seed did not),
 * keys per master from each master's INFO keyspace, and put on that node's report with
 * `summary.clusterReport: true`. Why not a separate report: the spec promises one report per node, and
 * a consumer counting reports as nodes would count a phantom node. Big keys are sampled on the masters
 * (bounded SCAN) and reported on the node that holds each key.
 */
import type { ServerRole } from '../../../shared/connection'
import type { TopicCollector } from '../../../shared/detail'
import { outcomeTopic } from '../outcome-topic'
import { AppFailure } from '../../../shared/errors'
import { sortFindings, type AnalysisReport, type Finding } from '../../../shared/findings'
import type { BigKeysResult } from '../../../shared/records/redis'
import { NO_WINDOW, type CounterHistory } from '../../diagnostics/counter-window'
import {
  evaluateRules,
  type ProbeOutcome,
  type ProbeOutcomes
} from '../../diagnostics/pipeline/engine-diagnostics'
import {
  REDIS_BIG_KEY_DIAGNOSTICS,
  REDIS_CLUSTER_DIAGNOSTICS,
  REDIS_NODE_DIAGNOSTICS
} from '../../diagnostics/redis/diagnostics'
import { infoCounters, infoEpoch } from '../../diagnostics/redis/info-counters'
import { infoFacts, keyCount } from '../../diagnostics/redis/info-summary'
import { infoVersion } from '../../diagnostics/redis/parse-info'
import type { RedisRecords } from '../../diagnostics/redis/records'
import { groupSlowlog } from '../../diagnostics/redis/rules/slowlog'
import { failedHealthReport, healthReport } from '../health-report'
import { addSentinelView } from './sentinel-check'
import type { RedisNodeHandle, RedisSession } from '../types'
import { findBigKeys, mastersOf, type BigKeysOptions } from './big-keys'
import { probeNode, type NodeProbes } from './probes'
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

const asFailure = (p: NodeProbes): AppFailure =>
  p.infoFailure ??
  new AppFailure(
    'SERVER_ERROR',
    `Redis ${p.address}: ${p.outcomes.info?.ok === false ? p.outcomes.info.why : 'unknown'}`
  )

/** Every probe's records as the Redis page's topics (by probe id), and the slow log grouped as the rule groups it. */
const collectNode = (collect: TopicCollector, { address, outcomes: o }: NodeProbes): void => {
  if (o.info)
    collect(
      address,
      'info',
      outcomeTopic(o.info, (info) => Object.entries(info.fields).map(([field, value]) => ({ field, value })))
    )
  if (o.slowlog) {
    collect(
      address,
      'slowlog',
      outcomeTopic(o.slowlog, (read) => read.entries)
    )
    collect(
      address,
      'slowlog_groups',
      outcomeTopic(o.slowlog, (read) => groupSlowlog(read.entries))
    )
  }
  if (o.latency)
    collect(
      address,
      'latency',
      outcomeTopic(o.latency, (events) => events)
    )
  if (o.config)
    collect(
      address,
      'config',
      outcomeTopic(o.config, (config) =>
        Object.entries(config).map(([parameter, value]) => ({ parameter, value }))
      )
    )
  if (o.cluster_nodes)
    collect(
      address,
      'cluster_nodes',
      outcomeTopic(o.cluster_nodes, (nodes) => nodes)
    )
}

/** Findings without a target are about the node whose report carries them. */
const targeted = (findings: Finding[], node: string): Finding[] =>
  findings.map((f) => ({ ...f, target: f.target ?? node }))

/** Seed node's CLUSTER NODES and CLUSTER INFO with keys per master: judged once for the whole cluster. */
const clusterFindings = (seed: NodeProbes, reachable: readonly NodeProbes[]): Finding[] => {
  const keysByMaster: Record<string, number> = {}
  for (const p of reachable)
    if (p.outcomes.info?.ok && p.outcomes.info.value.fields.role === 'master')
      keysByMaster[p.address] = keyCount(p.outcomes.info.value)
  const outcomes: ProbeOutcomes<RedisRecords> = {
    ...(seed.outcomes.cluster_nodes ? { cluster_nodes: seed.outcomes.cluster_nodes } : {}),
    ...(seed.outcomes.cluster_info ? { cluster_info: seed.outcomes.cluster_info } : {}),
    keys_by_master: { ok: true, value: keysByMaster }
  }
  return evaluateRules(REDIS_CLUSTER_DIAGNOSTICS, outcomes, { node: seed.address, window: NO_WINDOW })
}

const sampleBigKeys = async (
  reachable: RedisNodeHandle[],
  options: RedisCheckOptions
): Promise<{ masters: RedisNodeHandle[]; sample: ProbeOutcome<BigKeysResult> }> => {
  try {
    const masters = await mastersOf(reachable)
    const result = await findBigKeys(
      masters,
      typeof options.bigKeys === 'object' ? options.bigKeys : { maxKeys: 10_000 }
    )
    return { masters, sample: { ok: true, value: result } }
  } catch (err) {
    const why = `The big-key scan failed: ${err instanceof Error ? err.message : String(err)}`
    return { masters: [], sample: { ok: false, why } }
  }
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
    const outcome = p.outcomes.info
    if (!outcome?.ok) {
      reports.set(p.address, {
        ...failedHealthReport(input, 'redis', asFailure(p)),
        summary: { node: p.address }
      })
      continue
    }
    const info = outcome.value
    const role = roleOf(info.fields, session.clustered)
    const window = options.counters?.observe(p.address, infoEpoch(info), infoCounters(info)) ?? NO_WINDOW
    reports.set(
      p.address,
      healthReport(
        input,
        { engine: 'redis', version: infoVersion(info) ?? 'unknown', role },
        p.address,
        { ...infoFacts(info), role, clusterReport: false },
        targeted(evaluateRules(REDIS_NODE_DIAGNOSTICS, p.outcomes, { node: p.address, window }), p.address)
      )
    )
  }

  await addSentinelView(session, [...reports.values()])

  if (session.clustered) {
    const reachable = probes.filter((p) => p.outcomes.info?.ok)
    const seed = reachable.find((p) => p.address === server.address) ?? reachable[0]
    const seedReport = seed ? reports.get(seed.address) : undefined
    if (seed && seedReport) {
      const clusterInfo = seed.outcomes.cluster_info?.ok ? seed.outcomes.cluster_info.value : null
      seedReport.summary = {
        ...seedReport.summary,
        clusterReport: true,
        clusterState: clusterInfo?.state ?? null,
        clusterKnownNodes: clusterInfo?.knownNodes ?? null
      }
      seedReport.findings = [...seedReport.findings, ...clusterFindings(seed, reachable)]
    }
  }

  if (options.bigKeys !== false) {
    const { masters, sample } = await sampleBigKeys(
      handles.filter((h) => reports.get(h.address)?.ok),
      options
    )
    const fallback = masters[0]?.address ?? handles[0]?.address ?? ''
    for (const f of evaluateRules(
      REDIS_BIG_KEY_DIAGNOSTICS,
      { big_keys: sample },
      { node: null, window: NO_WINDOW }
    )) {
      // Each key's finding goes on the node that holds it; the sample's own notes on the first master.
      const report = reports.get(f.subject?.node ?? fallback)
      if (report?.ok) report.findings = [...report.findings, f]
    }
    if (sample.ok)
      for (const m of masters) {
        const report = reports.get(m.address)
        if (report)
          report.summary = {
            ...report.summary,
            bigKeys: sample.value.top.filter((k) => k.node === m.address).slice(0, 5),
            bigKeyPatterns: sample.value.prefixes.slice(0, 5),
            scannedKeys: sample.value.scannedKeys
          }
      }
  }
  // Findings were appended after healthReport sorted them: sort again, worst first.
  return [...reports.values()].map((r) => ({ ...r, findings: sortFindings(r.findings) }))
}
