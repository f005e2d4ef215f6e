/**
 * `dbconsole check` for MongoDB: one report per node reached (kind 'mongo.health'). The probes and rules
 * are declared in diagnostics/mongo/diagnostics.ts; this runs them on each node and shapes the report.
 * A probe that fails makes the rules that need it say "could not evaluate", never silence. Replication
 * findings go in the primary's report only (every member sees the same set).
 */
import type { TopicCollector } from '../../../shared/detail'
import type { MongoTopics } from '../../../shared/records/mongo'
import type { Topics } from '../../../shared/topics'
import type { AnalysisReport } from '../../../shared/findings'
import { AppFailure } from '../../../shared/errors'
import {
  MONGO_PROBES,
  probeSession,
  rulesOver,
  setOutcome,
  type MongoProbe,
  type MongoProbeSession
} from '../../diagnostics/mongo/diagnostics'
import type { MongoValue } from '../../../shared/records/mongo'
import { asDoc, get } from '../../diagnostics/mongo/mongo-value'
import { toPlain } from '../../diagnostics/mongo/parse-input'
import { replSummary } from '../../diagnostics/mongo/parse-records'
import { groupByShape, shapeRow } from '../../diagnostics/mongo/profile-shapes'
import type { MongoContext, MongoProbeId, MongoRecords } from '../../diagnostics/mongo/records'
import {
  currentOpSummary,
  profileSummary,
  replSetSummary,
  serverStatusSummary
} from '../../diagnostics/mongo/summaries'
import {
  evaluateRules,
  type ProbeOutcome,
  type ProbeOutcomes
} from '../../diagnostics/pipeline/engine-diagnostics'
import { failedHealthReport, healthReport } from '../health-report'
import type { MongoNodeHandle, MongoSession } from '../types'
import { probeEachNode } from '../probe-each-node'

const why = (err: unknown): string => (err instanceof Error ? err.message : String(err))

const roleOf = (
  hello: MongoValue
): 'primary' | 'secondary' | 'standalone' | 'mongos' | 'arbiter' | 'unknown' => {
  const h = asDoc(hello)
  if (!h) return 'unknown'
  if (h.msg === 'isdbgrid') return 'mongos'
  if (h.isWritablePrimary === true || h.ismaster === true)
    return typeof h.setName === 'string' ? 'primary' : 'standalone'
  if (h.secondary === true) return 'secondary'
  if (h.arbiterOnly === true) return 'arbiter'
  return 'unknown'
}

const outcomeOf = async <K extends MongoProbeId, Raw>(
  probe: MongoProbe<K, Raw>,
  session: MongoProbeSession,
  context: MongoContext
): Promise<ProbeOutcome<MongoRecords[K]>> => {
  try {
    const records = probe.parse(await probe.run(session, context), context)
    return records.ok ? { ok: true, value: records.value } : { ok: false, why: records.message }
  } catch (err) {
    return { ok: false, why: `the probe failed on ${session.address}: ${why(err)}` }
  }
}

/** The records of every probe that applies to this node, in probe order. */
const probeNode = async (
  session: MongoProbeSession,
  context: MongoContext
): Promise<{ outcomes: ProbeOutcomes<MongoRecords>; ran: Set<MongoProbeId> }> => {
  const outcomes: ProbeOutcomes<MongoRecords> = {}
  const ran = new Set<MongoProbeId>()
  const record = async <K extends MongoProbeId, Raw>(probe: MongoProbe<K, Raw>): Promise<void> => {
    if (probe.skip?.(context)) return
    ran.add(probe.id)
    setOutcome(outcomes, probe.id, await outcomeOf(probe, session, context))
  }
  for (const probe of MONGO_PROBES) await record<MongoProbeId, unknown>(probe)
  return { outcomes, ran }
}

/** Rows of one topic of the Mongo page. */
type Keep = <K extends keyof MongoTopics>(topic: K, rows: Topics[K][]) => void

/** The records the Mongo page shows, by topic (shared/records/mongo.ts). */
const keepTopics = (r: Partial<MongoRecords>, keep: Keep): void => {
  if (r.serverStatus) keep('server_status', [serverStatusSummary(r.serverStatus)])
  if (r.replSetStatus) {
    const lags = new Map(replSummary(r.replSetStatus).lags.map((l) => [l.name, l.lagSeconds]))
    keep(
      'replset_members',
      r.replSetStatus.members.map((m) => ({ ...m, lagSeconds: lags.get(m.name) ?? null }))
    )
  }
  if (r.currentOp) keep('current_op', r.currentOp)
  if (r.profile && r.profile.entries.length > 0) {
    keep('profile', r.profile.entries)
    keep('profile_shapes', groupByShape(r.profile.entries).map(shapeRow))
  }
  if (r.indexStats) keep('index_stats', r.indexStats.indexes)
}

/** The summary facts of a node's report. */
const factsOf = (r: Partial<MongoRecords>, setName: string | null): Record<string, unknown> => {
  const facts: Record<string, unknown> = { setName }
  if (r.serverStatus) {
    const sum = serverStatusSummary(r.serverStatus)
    Object.assign(facts, {
      connectionsCurrent: sum.connectionsCurrent,
      uptimeSeconds: sum.uptimeSeconds,
      cacheFillPercent: sum.cacheFillPercent,
      cacheDirtyPercent: sum.cacheDirtyPercent
    })
  }
  if (r.replSetStatus) {
    const sum = replSetSummary(r.replSetStatus)
    Object.assign(facts, {
      members: sum.members,
      primary: sum.primary,
      unhealthyMembers: sum.unhealthyMembers,
      maxLagSeconds: sum.maxLagSeconds
    })
  }
  if (r.currentOp) facts.currentOp = currentOpSummary(r.currentOp)
  if (r.profile) {
    facts.profiledDatabases = r.profile.profiledDatabases
    if (r.profile.entries.length > 0) facts.profile = profileSummary(r.profile)
  }
  if (r.indexStats) facts.indexStatsCollections = r.indexStats.checkedCollections
  return facts
}

const checkNode = async (
  node: MongoNodeHandle,
  input: string,
  replFindings: 'include' | 'skip',
  collect: TopicCollector | undefined
): Promise<AnalysisReport> => {
  const session = probeSession(node)
  const hello = toPlain(await node.command('admin', { hello: 1 }))
  const build = toPlain(await node.command('admin', { buildInfo: 1 }))
  const version = get(build, 'version')
  const setName = get(hello, 'setName')
  const context: MongoContext = {
    node: node.address,
    setName: typeof setName === 'string' ? setName : null,
    now: new Date()
  }
  const { outcomes, ran } = await probeNode(session, context)
  if (replFindings === 'skip') ran.delete('replSetStatus')
  const records: Partial<MongoRecords> = {}
  for (const id of Object.keys(outcomes) as MongoProbeId[]) {
    const o = outcomes[id]
    if (o?.ok) Object.assign(records, { [id]: o.value })
  }
  keepTopics(records, (topic, rows) => collect?.(node.address, topic, { ok: true, rows }))
  return healthReport(
    input,
    { engine: 'mongo', version: typeof version === 'string' ? version : 'unknown', role: roleOf(hello) },
    node.address,
    factsOf(records, context.setName),
    evaluateRules(rulesOver(ran), outcomes, context, 'live')
  )
}

export const checkMongo = async (
  session: MongoSession,
  input: string,
  collect?: TopicCollector
): Promise<AnalysisReport[]> => {
  const server = await session.describe()
  const seed: MongoNodeHandle = { address: server.address, command: (db, cmd) => session.command(db, cmd) }
  const { reached, unreached } = await session.members()
  if (reached.length === 0) return [await checkNode(seed, input, 'include', collect)]
  const primary =
    server.topology.find((n) => n.role === 'primary' && reached.some((r) => r.address === n.address))
      ?.address ?? reached[0]?.address
  const reports = await probeEachNode(reached, (node) =>
    checkNode(node, input, node.address === primary ? 'include' : 'skip', collect).catch((err: unknown) =>
      failedHealthReport(
        input,
        'mongo',
        err instanceof AppFailure ? err : new AppFailure('SERVER_ERROR', `${node.address}: ${why(err)}`)
      )
    )
  )
  // spec: summary is {} when ok is false; the member's address is in the error message.
  return [...reports, ...unreached.map((u) => failedHealthReport(input, 'mongo', u.error))]
}
