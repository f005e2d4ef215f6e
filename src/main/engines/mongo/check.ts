/**
 * `dbconsole check` for MongoDB: one report per node reached (kind 'mongo.health'). Every probe is a
 * read-only command with maxTimeMS (added by the adapter); a probe that fails becomes a
 * "could not evaluate" finding, never silence. The profiler is only read, never switched on.
 * Probes: hello, buildInfo, serverStatus, replSetGetStatus (sets; its findings go in the primary's
 * report), profile level + recent system.profile per database, $currentOp, $indexStats per collection
 * (at most MAX_INDEX_STATS_COLLECTIONS).
 */
import { toTopicRows, type TopicCollector } from '../../../shared/detail'
import type { AnalysisReport, Finding } from '../../../shared/findings'
import { AppFailure } from '../../../shared/errors'
import { toPlain } from '../../diagnostics/mongo/parse-input'
import { asDoc, get, type MongoValue } from '../../diagnostics/mongo/mongo-value'
import {
  parseCurrentOp,
  parseIndexStats,
  parseProfile,
  parseReplSetStatus,
  parseServerStatus
} from '../../diagnostics/mongo/parse-records'
import { currentOpRules, currentOpSummary } from '../../diagnostics/mongo/rule-currentop'
import { profileRules, profileSummary } from '../../diagnostics/mongo/rule-profile'
import { replicationRules, replSetSummary } from '../../diagnostics/mongo/rule-replication'
import { serverStatusRules, serverStatusSummary } from '../../diagnostics/mongo/rule-server-status'
import { unusedIndexRule } from '../../diagnostics/mongo/rule-unused-index'
import { couldNotEvaluate, failedHealthReport, healthReport } from '../health-report'
import type { MongoNodeHandle, MongoSession } from '../types'
import { probeEachNode } from '../probe-each-node'

export const MAX_PROFILE_DATABASES = 20
export const MAX_INDEX_STATS_COLLECTIONS = 50
export const PROFILE_SAMPLE = 100

const SYSTEM_DBS = new Set(['admin', 'local', 'config'])

const why = (err: unknown): string => (err instanceof Error ? err.message : String(err))
const plain = (v: unknown): MongoValue => toPlain(v)
const batch = (reply: Record<string, unknown>): MongoValue =>
  plain(get(plain(reply), 'cursor', 'firstBatch') ?? [])

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

const checkNode = async (
  node: MongoNodeHandle,
  input: string,
  replFindings: 'include' | 'skip',
  collect: TopicCollector | undefined
): Promise<AnalysisReport> => {
  const keep = (topic: string, value: unknown): void =>
    collect?.(node.address, topic, { ok: true, rows: toTopicRows(value) })
  const findings: Finding[] = []
  const facts: Record<string, unknown> = {}
  const hello = plain(await node.command('admin', { hello: 1 }))
  const build = plain(await node.command('admin', { buildInfo: 1 }))
  const role = roleOf(hello)
  const version = typeof get(build, 'version') === 'string' ? (get(build, 'version') as string) : 'unknown'
  const setName = get(hello, 'setName')
  facts.setName = typeof setName === 'string' ? setName : null

  const probe = async (rule: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run()
    } catch (err) {
      findings.push(
        couldNotEvaluate(rule, `${rule} needs a probe that failed on ${node.address}: ${why(err)}`)
      )
    }
  }

  await probe('mongo.server-status', async () => {
    const s = parseServerStatus(plain(await node.command('admin', { serverStatus: 1 })))
    if (!s.ok) throw new Error(s.message)
    const sum = serverStatusSummary(s.value)
    keep('server_status', sum)
    Object.assign(facts, {
      connectionsCurrent: sum.connectionsCurrent,
      uptimeSeconds: sum.uptimeSeconds,
      cacheFillPercent: sum.cacheFillPercent,
      cacheDirtyPercent: sum.cacheDirtyPercent
    })
    findings.push(...serverStatusRules(s.value))
  })

  if (facts.setName !== null) {
    await probe('mongo.replication-lag', async () => {
      const r = parseReplSetStatus(plain(await node.command('admin', { replSetGetStatus: 1 })))
      if (!r.ok) throw new Error(r.message)
      const sum = replSetSummary(r.value)
      keep('replset_members', r.value.members)
      Object.assign(facts, {
        members: sum.members,
        primary: sum.primary,
        unhealthyMembers: sum.unhealthyMembers,
        maxLagSeconds: sum.maxLagSeconds
      })
      if (replFindings === 'include') findings.push(...replicationRules(r.value))
    })
  }

  await probe('mongo.currentop', async () => {
    const reply = await node.command('admin', {
      aggregate: 1,
      pipeline: [{ $currentOp: { allUsers: true, idleConnections: false } }],
      cursor: {}
    })
    const ops = parseCurrentOp(batch(reply))
    if (!ops.ok) throw new Error(ops.message)
    keep('current_op', ops.value)
    facts.currentOp = currentOpSummary(ops.value)
    findings.push(...currentOpRules(ops.value))
  })

  let databases: string[] = []
  await probe('mongo.profile', async () => {
    const list = plain(await node.command('admin', { listDatabases: 1, nameOnly: true }))
    databases = (Array.isArray(get(list, 'databases')) ? (get(list, 'databases') as MongoValue[]) : [])
      .map((d) => get(d, 'name'))
      .filter((n): n is string => typeof n === 'string' && !SYSTEM_DBS.has(n))
    const profiled: string[] = []
    const entries = []
    for (const db of databases.slice(0, MAX_PROFILE_DATABASES)) {
      const level = plain(await node.command(db, { profile: -1 }))
      if (typeof get(level, 'was') !== 'number' || (get(level, 'was') as number) === 0) continue
      profiled.push(db)
      const reply = await node.command(db, {
        find: 'system.profile',
        sort: { ts: -1 },
        limit: PROFILE_SAMPLE
      })
      const p = parseProfile(batch(reply))
      if (p.ok) entries.push(...p.value)
    }
    facts.profiledDatabases = profiled
    if (profiled.length === 0) {
      findings.push({
        rule: 'mongo.profiler',
        severity: 'info',
        title: `Profiler is off on ${node.address}`,
        detail: `No database on this node has the profiler on, so slow-query shapes could not be read. dbconsole does not turn it on during a check (it costs the server); the slow-query log is an alternative.`,
        target: node.address,
        evidence: { databases: databases.length }
      })
    } else if (entries.length) {
      keep('profile', entries)
      facts.profile = profileSummary(entries)
      findings.push(...profileRules(entries))
    }
  })

  await probe('mongo.unused-index', async () => {
    const collections: string[] = []
    let total = 0
    for (const db of databases) {
      const reply = await node.command(db, {
        listCollections: 1,
        filter: { type: 'collection' },
        nameOnly: true,
        authorizedCollections: true
      })
      const names = (Array.isArray(batch(reply)) ? (batch(reply) as MongoValue[]) : [])
        .filter((c) => get(c, 'type') === undefined || get(c, 'type') === 'collection')
        .map((c) => get(c, 'name'))
        .filter((n): n is string => typeof n === 'string' && !n.startsWith('system.'))
      total += names.length
      for (const n of names)
        if (collections.length < MAX_INDEX_STATS_COLLECTIONS) collections.push(`${db}.${n}`)
    }
    const usage = []
    for (const ns of collections) {
      const dot = ns.indexOf('.')
      const reply = await node.command(ns.slice(0, dot), {
        aggregate: ns.slice(dot + 1),
        pipeline: [{ $indexStats: {} }],
        cursor: {}
      })
      const p = parseIndexStats(batch(reply), ns)
      if (p.ok) usage.push(...p.value)
    }
    keep('index_stats', usage)
    facts.indexStatsCollections = collections.length
    findings.push(...unusedIndexRule(usage, new Date()))
    if (total > collections.length)
      findings.push(
        couldNotEvaluate(
          'mongo.unused-index',
          `Only the first ${collections.length} of ${total} collections were checked with $indexStats (the check is bounded).`
        )
      )
  })

  return healthReport(input, { engine: 'mongo', version, role }, node.address, facts, findings)
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
